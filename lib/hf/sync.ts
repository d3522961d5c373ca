/**
 * One Hugging Face fetch: ask for a day's list, store it, record how it went. Never throws for
 * network or format problems: they become the fetch state (in words), and stored lists stay as they were.
 */
import { addDays } from '../arxiv/time';
import { getHfState, latestHfDay, putHfState, storeDailyPapers, type HfFetchState } from '../db/hf';
import type { ArxivDb } from '../db/schema';
import { HfError } from './errors';
import { fetchDailyPapers, type HfFetchDeps } from './fetch';
import { hfRetryDelay } from './schedule';

export interface HfSyncDeps extends HfFetchDeps {
  db: ArxivDb;
  now: () => number;
}

export interface HfFetchReport {
  startedAt: string;
  finishedAt: string;
  /** The daily list asked for. */
  date: string;
  /** `disabled`: the user turned trending off, nothing was asked. */
  outcome: 'new' | 'unchanged' | 'empty' | 'error' | 'disabled';
  /** The list stored (an earlier day when an empty first fetch looked back). */
  storedDate?: string;
  count?: number;
  /** Papers new to the database (the rest were already known, from arXiv or earlier). */
  added?: number;
  requests: number;
  error?: { kind: string; message: string; status?: number };
  retryAt?: string;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * Fetches and stores the list of `date` (`YYYY-MM-DD`, UTC). With `lookBack`, an empty day when no
 * list of the days before is stored (first run on a Monday) tries up to that many earlier days.
 */
export async function runHfFetch(deps: HfSyncDeps, opts: { date: string; lookBack?: number }): Promise<HfFetchReport> {
  const { db } = deps;
  const startedAt = iso(deps.now());
  const state = await getHfState(db);
  const base: HfFetchState = { ...state, lastAttemptAt: startedAt, attemptedDate: opts.date };
  let requests = 0;
  const finish = async (next: HfFetchState | undefined, report: Omit<HfFetchReport, 'startedAt' | 'finishedAt' | 'date' | 'requests'>) => {
    if (next) await putHfState(db, next);
    return { startedAt, finishedAt: iso(deps.now()), date: opts.date, requests, ...report } satisfies HfFetchReport;
  };
  try {
    const latest = (await latestHfDay(db))?.date;
    let date = opts.date;
    for (let back = 0; ; back++) {
      const day = await db.get('hfDays', date);
      const res = await fetchDailyPapers({ date, etag: day?.etag }, deps);
      const fetchedAt = iso(deps.now());
      const ok = { ...base, lastSuccessAt: fetchedAt, lastDate: maxDate(state.lastDate, opts.date), consecutiveErrors: 0, error: undefined, retryAt: undefined };
      if (res.status === 'not-modified') {
        requests++;
        return finish({ ...ok, lastOutcome: 'unchanged' }, { outcome: 'unchanged', storedDate: date, count: day?.count });
      }
      requests += res.requests;
      if (res.items.length > 0) {
        const next: HfFetchState = { ...ok, lastOutcome: 'new', itemCount: res.items.length };
        const r = await storeDailyPapers(db, date, res.items, { fetchedAt, etag: res.etag, state: next });
        return finish(undefined, { outcome: 'new', storedDate: date, count: r.count, added: r.added });
      }
      // Weekends and quiet days: a valid empty list. The last list with papers stays the current one.
      await storeDailyPapers(db, date, [], { fetchedAt, etag: res.etag });
      const lookBack = opts.lookBack ?? 0;
      const before = addDays(date, -1);
      if (back >= lookBack || (latest && latest >= addDays(opts.date, -lookBack))) {
        return finish({ ...ok, lastOutcome: 'empty', itemCount: 0 }, { outcome: 'empty', count: 0 });
      }
      date = before;
    }
  } catch (e) {
    // Anything else is ours (the database refused the write): said as such, retried like an error.
    const err = e instanceof HfError ? e : undefined;
    const now = deps.now();
    const consecutiveErrors = state.consecutiveErrors + 1;
    const retryAt = iso(now + hfRetryDelay(consecutiveErrors, err?.details.retryAfterMs));
    const error = err
      ? { kind: err.kind as string, message: err.message, ...(err.details.status !== undefined ? { status: err.details.status } : {}) }
      : { kind: 'storage', message: `Could not store Hugging Face's daily papers (${(e as Error)?.message ?? String(e)})` };
    return finish(
      { ...base, lastOutcome: 'error', error: { ...error, at: iso(now) }, retryAt, consecutiveErrors },
      { outcome: 'error', error, retryAt },
    );
  }
}

function maxDate(a: string | undefined, b: string): string {
  return a && a > b ? a : b;
}
