/**
 * arXiv's announcement calendar and the polite poll planner. Pure functions: no browser globals, every "now"
 * is passed in, randomness is injectable.
 *
 * Vocabulary:
 * - *listing day* (`YYYY-MM-DD`, Mon–Fri): the date arXiv's "new listings for …" page and the RSS feed carry.
 * - *announcement*: 20:00 America/New_York the evening before a listing day (Sun–Thu); e.g. the listing day
 *   Fri 2026-05-29 is announced Thu 2026-05-28 20:00 EDT.
 * - *feed update*: rss.arxiv.org switches to a listing day around midnight ET starting that day (~4 h after the
 *   announcement), give or take an hour or so. Saturday, Sunday and holiday feeds are valid but empty.
 */

import { isHolidaySkippedListingDay } from './holidays';
import { addDays, etDate, etInstant, weekdayOf } from './time';

/** arXiv announces at this New York hour. */
export const ANNOUNCEMENT_HOUR_ET = 20;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** No gap between listing days is longer than this (the longest winter break is ~5 days). */
const MAX_SCAN_DAYS = 60;

/** First poll after a feed update: 5–65 min after midnight ET, spread so installs don't hit arXiv together. */
export const SLOT_SPREAD_MIN_MINUTES = 5;
export const SLOT_SPREAD_MAX_MINUTES = 65;
/** After a poll that found the feed not yet updated for the expected day, one retry this much later. */
export const UNCHANGED_RETRY_MS = 2 * HOUR;
/** Requests (not counting errors) spent on one expected listing day before waiting for the next one. */
export const MAX_ATTEMPTS_PER_LISTING_DAY = 2;
/** Catch-up polls (browser was closed over the usual slot) go out within this spread of `now`. */
export const CATCH_UP_SPREAD_MS = MINUTE;
/** Retry delay after an error when the caller gave no `retryAt`. */
export const ERROR_FALLBACK_RETRY_MS = 30 * MINUTE;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(day: string): void {
  if (!DAY_RE.test(day) || addDays(day, 0) !== day) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
}

/** Whether arXiv publishes a (non-empty) listing for this day: Mon–Fri and not left empty by a holiday. */
export function isListingDay(day: string): boolean {
  checkDay(day);
  const wd = weekdayOf(day);
  return wd >= 1 && wd <= 5 && !isHolidaySkippedListingDay(day);
}

/**
 * When arXiv announced (announces) a listing day: 20:00 ET the evening before it (Sunday evening for a
 * Monday, also after a holiday: the listing after a skipped evening is still announced the evening before).
 */
export function announcementInstant(listingDay: string): Date {
  checkDay(listingDay);
  return etInstant(addDays(listingDay, -1), ANNOUNCEMENT_HOUR_ET);
}

/** When the RSS feed switches to a listing day: midnight ET starting that day (DST-correct). */
export function feedUpdateInstant(listingDay: string): Date {
  checkDay(listingDay);
  return etInstant(listingDay, 0, 0);
}

/** The first listing day strictly after `afterDay`. */
export function nextListingDay(afterDay: string): string {
  checkDay(afterDay);
  let d = afterDay;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, 1);
    if (isListingDay(d)) return d;
  }
  throw new Error(`no listing day within ${MAX_SCAN_DAYS} days after ${afterDay}`);
}

/** The last listing day strictly before `day`. */
export function previousListingDay(day: string): string {
  checkDay(day);
  let d = day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    d = addDays(d, -1);
    if (isListingDay(d)) return d;
  }
  throw new Error(`no listing day within ${MAX_SCAN_DAYS} days before ${day}`);
}

/**
 * The listing day whose feed should be current at `now`: the latest listing day whose feed update
 * (midnight ET) is at or before `now`. On a Saturday or Sunday that is Friday's.
 */
export function latestListingDay(now: Date): string {
  const today = etDate(now);
  return isListingDay(today) ? today : previousListingDay(today);
}

/**
 * The next announcement (20:00 ET, Sun–Thu, holidays skipped) strictly after `now`, for messages like
 * "arXiv announces Sun–Thu at 20:00 ET; next listing in 14 h".
 */
export function nextAnnouncement(now: Date): Date {
  const t = now.getTime();
  // The listing day announced next is today's (if its announcement, last evening, were still ahead) or later.
  let day = etDate(now);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day = addDays(day, 1)) {
    if (!isListingDay(day)) continue;
    const at = announcementInstant(day);
    if (at.getTime() > t) return at;
  }
  throw new Error(`no announcement within ${MAX_SCAN_DAYS} days after ${now.toISOString()}`);
}

// ---------------------------------------------------------------------------------------------------------
// Poll planning

export type PollOutcome = 'new' | 'unchanged' | 'error';

/** What the caller remembers about its last feed request. */
export interface LastPoll {
  at: Date;
  /**
   * `new`: the feed carried a listing newer than what was stored; `unchanged`: nothing newer (not yet
   * updated, or an empty weekend/holiday feed); `error`: the request failed.
   */
  outcome: PollOutcome;
  /** After an error: the earliest instant to ask again (from Retry-After, or the caller's backoff). */
  retryAt?: Date;
  /** `latestListingDay(at)`: the listing day this request expected to find. */
  expectedDay?: string;
  /**
   * How many requests that got an answer (outcome `new` or `unchanged`, not `error`) have targeted
   * `expectedDay` so far, this one included. Errors keep the count as it was (they are paced by `retryAt`).
   * After the second such request for a day that still did not bring it, the planner gives up on that day.
   * Use {@link recordPoll} to keep it.
   */
  attemptsForExpectedDay: number;
}

export interface PollPlanInput {
  now: Date;
  /** The newest listing day stored (`YYYY-MM-DD`), if any. */
  latestStoredDay?: string;
  last?: LastPoll;
}

export type PollReason =
  /** Nothing stored and never polled. */
  | 'first-sync'
  /** Up to date: the next listing day's feed update, plus a random 5–65 min spread. */
  | 'next-listing'
  /** The expected listing's feed was not updated yet: one retry 2 h after that request. */
  | 'retry-unchanged'
  /** Two requests did not bring the expected listing (holiday, delay): wait for the next listing day. */
  | 'give-up-until-next-listing'
  /** The last request failed: at its `retryAt` (Retry-After / backoff). */
  | 'retry-after-error'
  /** Behind and not yet tried for the expected day (e.g. the browser was closed over the usual slot). */
  | 'catch-up';

export interface PollPlan {
  at: Date;
  reason: PollReason;
}

function slotFor(listingDay: string, random: () => number): Date {
  const r = clamp01(random());
  const spread = (SLOT_SPREAD_MIN_MINUTES + r * (SLOT_SPREAD_MAX_MINUTES - SLOT_SPREAD_MIN_MINUTES)) * MINUTE;
  return new Date(feedUpdateInstant(listingDay).getTime() + Math.round(spread));
}

function clamp01(r: number): number {
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
}

/**
 * When to ask rss.arxiv.org next, politely: about one request per listing day shortly after the feed updates,
 * at most {@link MAX_ATTEMPTS_PER_LISTING_DAY} (plus error retries), none on weekends and known holidays, and a
 * catch-up request when the browser was closed over the usual slot. Never returns a time before `now`.
 *
 * Call it after every request (with the updated `last`, see {@link recordPoll}) and at browser start-up; set an
 * alarm for `at` and poll when it fires.
 */
export function planNextPoll(input: PollPlanInput, random: () => number = Math.random): PollPlan {
  const { now, latestStoredDay, last } = input;
  const plan = planRaw(now, latestStoredDay, last, random);
  // Never before now, and never before a server-imposed Retry-After.
  let at = Math.max(plan.at.getTime(), now.getTime());
  if (last?.retryAt && last.outcome === 'error') at = Math.max(at, last.retryAt.getTime());
  return { at: new Date(at), reason: plan.reason };
}

function planRaw(now: Date, stored: string | undefined, last: LastPoll | undefined, random: () => number): PollPlan {
  const expected = latestListingDay(now);
  if (stored === undefined && !last) return { at: now, reason: 'first-sync' };

  if (stored !== undefined && stored >= expected) {
    return { at: slotFor(nextListingDay(expected), random), reason: 'next-listing' };
  }

  // Behind: the expected listing is not stored yet.
  if (last?.outcome === 'error') {
    const retryAt = last.retryAt ?? new Date(last.at.getTime() + ERROR_FALLBACK_RETRY_MS);
    return { at: retryAt, reason: 'retry-after-error' };
  }
  if (last && last.expectedDay === expected && last.attemptsForExpectedDay >= 1) {
    if (last.attemptsForExpectedDay >= MAX_ATTEMPTS_PER_LISTING_DAY) {
      return { at: slotFor(nextListingDay(expected), random), reason: 'give-up-until-next-listing' };
    }
    return { at: new Date(last.at.getTime() + UNCHANGED_RETRY_MS), reason: 'retry-unchanged' };
  }
  return { at: new Date(now.getTime() + Math.round(clamp01(random()) * CATCH_UP_SPREAD_MS)), reason: 'catch-up' };
}

/**
 * The `last` to remember after a request made at `at`: sets `expectedDay` to `latestListingDay(at)` and keeps
 * `attemptsForExpectedDay` (see {@link LastPoll}).
 */
export function recordPoll(
  previous: LastPoll | undefined,
  attempt: { at: Date; outcome: PollOutcome; retryAt?: Date },
): LastPoll {
  const expectedDay = latestListingDay(attempt.at);
  const before = previous?.expectedDay === expectedDay ? previous.attemptsForExpectedDay : 0;
  const attemptsForExpectedDay = attempt.outcome === 'error' ? before : before + 1;
  const next: LastPoll = { at: attempt.at, outcome: attempt.outcome, expectedDay, attemptsForExpectedDay };
  if (attempt.retryAt) next.retryAt = attempt.retryAt;
  return next;
}
