import { FeedError } from '../arxiv/errors';
import { FEED_ITEM_CAP, feedUrl, fetchFeed, planFeedGroups, type FetchDeps } from '../arxiv/fetch';
import { parseFeed } from '../arxiv/feed';
import { announcementInstant } from '../arxiv/schedule';
import type { ArxivDb, FeedState } from '../db/schema';
import { getFeedStates, getMeta, ingestFeed, putFeedState, setMeta } from '../db/queries';
import type { Settings } from '../settings';

export type FeedOutcome = 'new' | 'unchanged' | 'empty' | 'error';

export interface FeedReport {
  url: string;
  outcome: FeedOutcome;
  listingDay?: string;
  added?: number;
  updated?: number;
  /** Papers the stored listing holds from this feed. */
  listed?: number;
  error?: { kind: string; message: string; status?: number };
  retryAfterMs?: number;
}

/** What the last sync did; kept in the `meta` store so the popup can say it in words. */
export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  reason: string;
  /** 'new' if any feed brought a new listing, 'error' if any failed and none brought news. */
  outcome: FeedOutcome;
  feeds: FeedReport[];
  /** Latest listing day stored after this sync. */
  listingDay?: string;
  added: number;
}

export const LAST_SYNC_KEY = 'lastSync';
const OVERSIZED_KEY = 'oversizedFeeds';

export interface SyncDeps extends FetchDeps {
  db: ArxivDb;
  settings: Settings;
  now: () => number;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/** Fetches one feed and stores what is new. Never throws: failures become the feed's error state. */
async function syncFeed(deps: SyncDeps, categories: string[], previous: FeedState | undefined): Promise<FeedReport> {
  const url = feedUrl(categories);
  const now = deps.now();
  const base: FeedState = { ...(previous ?? { url }), url, categories, lastAttemptAt: iso(now) };
  try {
    const res = await fetchFeed(url, { etag: previous?.etag, lastModified: previous?.lastModified }, deps);
    if (res.status === 'not-modified') {
      await putFeedState(deps.db, { ...base, lastOutcome: 'unchanged', lastSuccessAt: iso(now), error: undefined, retryAt: undefined });
      return { url, outcome: 'unchanged', listingDay: previous?.listingDay };
    }
    const feed = parseFeed(res.body);
    const validators = { etag: res.etag, lastModified: res.lastModified };
    const ok = { ...base, ...validators, lastSuccessAt: iso(now), error: undefined, retryAt: undefined };
    if (feed.papers.length === 0) {
      // Weekends and holidays: a valid feed with no items. Keep the last listing as the current one.
      await putFeedState(deps.db, { ...ok, channelDate: feed.channelDate, lastOutcome: 'empty' });
      return { url, outcome: 'empty', listingDay: previous?.listingDay };
    }
    if (previous?.listingDay && feed.listingDay && feed.listingDay <= previous.listingDay && feed.channelDate === previous.channelDate) {
      // Same channel date as what we stored: the server just did not support validators.
      await putFeedState(deps.db, { ...ok, lastOutcome: 'unchanged' });
      return { url, outcome: 'unchanged', listingDay: previous.listingDay };
    }
    if (feed.papers.length >= FEED_ITEM_CAP) {
      const oversized = new Set((await getMeta<string[]>(deps.db, OVERSIZED_KEY)) ?? []);
      oversized.add(url);
      await setMeta(deps.db, OVERSIZED_KEY, [...oversized]);
    }
    const listingDay = feed.listingDay!;
    const state: FeedState = {
      ...ok,
      channelDate: feed.channelDate,
      listingDay,
      itemCount: feed.papers.length,
      lastOutcome: 'new',
    };
    const r = await ingestFeed(deps.db, feed, state, {
      announcedAt: announcementInstant(listingDay).toISOString(),
      fetchedAt: iso(now),
    });
    return { url, outcome: 'new', listingDay, added: r.added, updated: r.updated, listed: r.listed };
  } catch (e) {
    const err = e instanceof FeedError ? e : new FeedError('not-feed', `Could not read the feed: ${(e as Error).message}`);
    const error = { kind: err.kind, message: err.message, status: err.details.status };
    const retryAt = err.details.retryAfterMs != null ? iso(now + err.details.retryAfterMs) : undefined;
    // Only the state changes: stored papers and the validators of the last good feed stay as they were.
    await putFeedState(deps.db, { ...base, lastOutcome: 'error', error: { ...error, at: iso(now) }, retryAt });
    return { url, outcome: 'error', error, retryAfterMs: err.details.retryAfterMs, listingDay: previous?.listingDay };
  }
}

/** One sync: every planned feed, one at a time through the gate. Callers serialise syncs (see lock.ts). */
export async function runSync(deps: SyncDeps, reason: string): Promise<SyncReport> {
  const startedAt = iso(deps.now());
  const oversized = new Set((await getMeta<string[]>(deps.db, OVERSIZED_KEY)) ?? []);
  const groups = planFeedGroups(deps.settings.categories, oversized);
  const states = new Map((await getFeedStates(deps.db)).map((s) => [s.url, s]));
  const feeds: FeedReport[] = [];
  for (const cats of groups) feeds.push(await syncFeed(deps, cats, states.get(feedUrl(cats))));
  const outcomes = new Set(feeds.map((f) => f.outcome));
  const outcome: FeedOutcome = outcomes.has('new')
    ? 'new'
    : outcomes.has('error')
      ? 'error'
      : outcomes.has('unchanged')
        ? 'unchanged'
        : 'empty';
  const days = feeds.map((f) => f.listingDay).filter((d): d is string => !!d).sort();
  const report: SyncReport = {
    startedAt,
    finishedAt: iso(deps.now()),
    reason,
    outcome,
    feeds,
    listingDay: days.at(-1),
    added: feeds.reduce((n, f) => n + (f.added ?? 0), 0),
  };
  await setMeta(deps.db, LAST_SYNC_KEY, report);
  return report;
}
