/**
 * Turns sync results into the next poll time (see planNextPoll in lib/arxiv/schedule.ts) and keeps
 * what the planner needs across service-worker restarts in the `meta` store.
 */
import { planNextPoll, recordPoll, type LastPoll, type PollOutcome, type PollPlan } from '../arxiv/schedule';
import type { ArxivDb } from '../db/schema';
import { getMeta, latestDay, setMeta } from '../db/queries';
import type { SyncReport } from './sync';

export const POLL_KEY = 'poll';
const MINUTE = 60_000;
/** Error backoff: 30 min doubling to 6 h; a server's Retry-After is honoured between 1 min and 24 h. */
const BACKOFF_BASE_MS = 30 * MINUTE;
const BACKOFF_MAX_MS = 6 * 60 * MINUTE;

interface StoredLastPoll extends Omit<LastPoll, 'at' | 'retryAt'> {
  at: string;
  retryAt?: string;
}

export interface PollState {
  last?: StoredLastPoll;
  consecutiveErrors: number;
  next?: { at: string; reason: PollPlan['reason'] };
}

function revive(s: StoredLastPoll | undefined): LastPoll | undefined {
  if (!s) return undefined;
  return { ...s, at: new Date(s.at), retryAt: s.retryAt ? new Date(s.retryAt) : undefined };
}

function store(l: LastPoll): StoredLastPoll {
  return { ...l, at: l.at.toISOString(), retryAt: l.retryAt?.toISOString() };
}

export async function getPollState(db: ArxivDb): Promise<PollState> {
  return (await getMeta<PollState>(db, POLL_KEY)) ?? { consecutiveErrors: 0 };
}

/** How a sync counts for polling: any failed feed makes it an error to retry, an empty feed is "unchanged". */
export function pollOutcome(report: SyncReport): PollOutcome {
  if (report.feeds.some((f) => f.outcome === 'error')) return 'error';
  return report.outcome === 'new' ? 'new' : 'unchanged';
}

/** When to retry after a failed sync: the server's Retry-After if it gave one, else exponential backoff. */
export function errorRetryDelay(report: SyncReport, consecutiveErrors: number): number {
  const asked = Math.max(0, ...report.feeds.map((f) => f.retryAfterMs ?? 0));
  if (asked > 0) return Math.min(Math.max(asked, MINUTE), 24 * 60 * MINUTE);
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, consecutiveErrors - 1), BACKOFF_MAX_MS);
}

/** Records a finished sync and plans the next poll; the caller sets the alarm for `plan.at`. */
export async function planAfterSync(db: ArxivDb, report: SyncReport, random: () => number = Math.random): Promise<PollPlan> {
  const state = await getPollState(db);
  const at = new Date(report.startedAt);
  const outcome = pollOutcome(report);
  const consecutiveErrors = outcome === 'error' ? state.consecutiveErrors + 1 : 0;
  const retryAt = outcome === 'error' ? new Date(Date.parse(report.finishedAt) + errorRetryDelay(report, consecutiveErrors)) : undefined;
  const last = recordPoll(revive(state.last), { at, outcome, retryAt });
  const plan = planNextPoll({ now: new Date(report.finishedAt), latestStoredDay: (await latestDay(db))?.day, last }, random);
  await setMeta(db, POLL_KEY, { last: store(last), consecutiveErrors, next: { at: plan.at.toISOString(), reason: plan.reason } } satisfies PollState);
  return plan;
}

/** The poll to schedule now (service-worker or browser start) from what was stored. */
export async function planFromState(db: ArxivDb, now: Date, random: () => number = Math.random): Promise<PollPlan> {
  const state = await getPollState(db);
  const plan = planNextPoll({ now, latestStoredDay: (await latestDay(db))?.day, last: revive(state.last) }, random);
  await setMeta(db, POLL_KEY, { ...state, next: { at: plan.at.toISOString(), reason: plan.reason } } satisfies PollState);
  return plan;
}
