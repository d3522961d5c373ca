/**
 * When to fetch Hugging Face's daily papers: once a day, on a schedule of its own (not arXiv's).
 * Pure functions: every "now" is passed in, randomness is injectable.
 *
 * A daily list is dated in UTC and fills during that day. We fetch a day's list once it is over:
 * from 00:30 UTC the next day, spread over two hours so installs do not all ask at once
 * (08:30–10:30 in Beijing, 20:30–22:30 the evening before in New York). A browser that was closed
 * over the slot catches up within a minute of starting; the very first fetch (install) is at once. After an error the server's Retry-After,
 * else a backoff from 30 min doubling to 6 h.
 */
import { addDays } from '../arxiv/time';
import type { HfFetchState } from '../db/hf';

const MINUTE = 60_000;
/** A day's list is fetched from this many minutes after it ends (UTC midnight)… */
export const HF_SLOT_OFFSET_MINUTES = 30;
/** …plus a random spread of up to this many minutes. */
export const HF_SLOT_SPREAD_MINUTES = 120;
/** Catch-up and first fetches go out within this spread of `now`. */
export const HF_CATCH_UP_SPREAD_MS = MINUTE;
const BACKOFF_BASE_MS = 30 * MINUTE;
const BACKOFF_MAX_MS = 6 * 60 * MINUTE;

export function utcDate(t: Date | number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The newest daily list that is over at `now`: yesterday's (UTC) once 00:30 UTC has passed. */
export function dueHfDate(now: Date | number): string {
  return addDays(utcDate(new Date(now).getTime() - HF_SLOT_OFFSET_MINUTES * MINUTE), -1);
}

/** When the list of `date` is fetched: 00:30 UTC the next day plus the spread. */
export function hfSlot(date: string, random: () => number = Math.random): Date {
  const base = Date.parse(`${addDays(date, 1)}T00:00:00Z`) + HF_SLOT_OFFSET_MINUTES * MINUTE;
  return new Date(base + Math.floor(random() * HF_SLOT_SPREAD_MINUTES * MINUTE));
}

export interface HfPlan {
  at: Date;
  /** The daily list to fetch then. */
  date: string;
  reason: 'first-run' | 'catch-up' | 'retry' | 'daily';
}

/** The next fetch from what was stored: the due list now (or at the retry time), else tomorrow's slot. */
export function planNextHfFetch(now: Date, state: HfFetchState, random: () => number = Math.random): HfPlan {
  const due = dueHfDate(now);
  if (!state.lastDate || state.lastDate < due) {
    const retryAt = state.lastOutcome === 'error' && state.retryAt ? Date.parse(state.retryAt) : NaN;
    if (retryAt > now.getTime()) return { at: new Date(retryAt), date: due, reason: 'retry' };
    // First run: at once (the Trending tab is empty until then); a catch-up within a minute.
    if (!state.lastDate) return { at: now, date: due, reason: 'first-run' };
    return { at: new Date(now.getTime() + Math.floor(random() * HF_CATCH_UP_SPREAD_MS)), date: due, reason: 'catch-up' };
  }
  const next = addDays(due, 1);
  return { at: hfSlot(next, random), date: next, reason: 'daily' };
}

/** How long to wait after a failed fetch: the server's Retry-After (1 min – 24 h), else the backoff. */
export function hfRetryDelay(consecutiveErrors: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) return Math.min(Math.max(retryAfterMs, MINUTE), 24 * 60 * MINUTE);
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, consecutiveErrors - 1), BACKOFF_MAX_MS);
}
