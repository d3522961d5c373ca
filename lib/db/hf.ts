/**
 * Storage of Hugging Face's daily papers. A paper on both arXiv and Hugging Face is ONE record in
 * `papers` (same id): Hugging Face adds its data in `hfPapers` and never overwrites what arXiv gave.
 * Translations, stars and read state are keyed by paper id, so they work for trending papers unchanged.
 */
import { addDays } from '../arxiv/time';
import { paperLinks } from '../arxiv/ids';
import type { Paper } from '../arxiv/types';
import type { HfItem } from '../hf/parse';
import { mergePaper } from './queries';
import type { ArxivDb, HfDayRow, HfMeta, HfPaperRow, UserRow } from './schema';

export type { HfDayRow, HfMeta, HfPaperRow } from './schema';

/** How the last Hugging Face fetch went (kept in `meta`, like arXiv's feed states). */
export interface HfFetchState {
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** The latest daily list fetched successfully (also when it was empty or unchanged). */
  lastDate?: string;
  /** The list the last attempt asked for. */
  attemptedDate?: string;
  lastOutcome?: 'new' | 'unchanged' | 'empty' | 'error';
  /** Entries of the list stored last. */
  itemCount?: number;
  /** The last error, in words; cleared by the next success. Stored lists stay as they were. */
  error?: { kind: string; message: string; status?: number; at: string };
  /** Not before this time after an error (ISO): the server's Retry-After or our backoff. */
  retryAt?: string;
  consecutiveErrors: number;
  /** The planned next fetch (ISO) and why. */
  next?: { at: string; date: string; reason: string };
}

export const HF_STATE_KEY = 'hfState';

export async function getHfState(db: ArxivDb): Promise<HfFetchState> {
  return ((await db.get('meta', HF_STATE_KEY)) as HfFetchState | undefined) ?? { consecutiveErrors: 0 };
}

export async function putHfState(db: ArxivDb, state: HfFetchState): Promise<void> {
  await db.put('meta', state, HF_STATE_KEY);
}

/** A record only Hugging Face gave us (arXiv's feed or API never did): no categories, no announcement. */
export function isHfOnly(p: Paper): boolean {
  return p.categories.length === 0 && !p.announceDay && !p.announceType && !p.published;
}

/**
 * The record to keep when Hugging Face brings a paper: ours if arXiv gave it (richer: categories,
 * announcement, versions), else Hugging Face's text refreshed (`mergePaper`: a newer version wins).
 */
export function mergeHfPaper(old: Paper | undefined, incoming: Paper): Paper {
  if (!old) return incoming;
  return isHfOnly(old) ? mergePaper(old, incoming) : old;
}

export interface HfStoreResult {
  /** Entries of the day's list now stored. */
  count: number;
  /** Papers new to `papers`. */
  added: number;
  /** Papers already stored (from arXiv or an earlier fetch) that were kept as one record. */
  existing: number;
  /** Entries of an earlier fetch of the same day that are no longer on it. */
  removed: number;
}

function settle<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * Stores one fetched daily list in ONE transaction (papers, entries, the day and, when given, the fetch
 * state): a stopped worker leaves the previous list as it was. An empty answer never wipes a stored
 * list of that day.
 */
export async function storeDailyPapers(
  db: ArxivDb,
  date: string,
  items: readonly HfItem[],
  meta: { fetchedAt: string; etag?: string; state?: HfFetchState },
): Promise<HfStoreResult> {
  const tx = db.transaction(['papers', 'hfPapers', 'hfDays', 'meta'], 'readwrite');
  const done = settle(tx.done);
  const papers = tx.objectStore('papers');
  const entries = tx.objectStore('hfPapers');
  const result: HfStoreResult = { count: items.length, added: 0, existing: 0, removed: 0 };
  // The fetch state goes with the list: a reader never sees the new list with the old state.
  if (meta.state) void settle(tx.objectStore('meta').put(meta.state, HF_STATE_KEY));
  const day = await settle(tx.objectStore('hfDays').get(date));
  if (!items.length) {
    if (!day || day.count === 0) void settle(tx.objectStore('hfDays').put({ date, fetchedAt: meta.fetchedAt, count: 0, etag: meta.etag }));
    await done;
    return result;
  }
  const [olds, before] = await Promise.all([
    Promise.all(items.map((it) => settle(papers.get(it.paper.id)))),
    settle(entries.index('date').getAllKeys(date)),
  ]);
  const ids = new Set(items.map((it) => it.paper.id));
  for (const id of before) {
    if (!ids.has(id)) {
      result.removed++;
      void settle(entries.delete(id));
    }
  }
  items.forEach((it, i) => {
    const old = olds[i];
    if (old) result.existing++;
    else result.added++;
    const merged = mergeHfPaper(old, it.paper);
    if (!old || JSON.stringify(old) !== JSON.stringify(merged)) void settle(papers.put(merged));
    const row: HfPaperRow = {
      ...it.meta,
      date,
      fetchedAt: meta.fetchedAt,
      source: { title: it.paper.title, abstract: it.paper.abstract, authors: it.paper.authors },
    };
    void settle(entries.put(row));
  });
  const dayRow: HfDayRow = { date, fetchedAt: meta.fetchedAt, count: items.length };
  if (meta.etag) dayRow.etag = meta.etag;
  void settle(tx.objectStore('hfDays').put(dayRow));
  await done;
  return result;
}

/** Stored daily lists with entries, newest first (empty days are left out). */
export async function hfDayList(db: ArxivDb): Promise<HfDayRow[]> {
  return (await db.getAll('hfDays')).filter((d) => d.count > 0).reverse();
}

/** The newest stored daily list with entries. */
export async function latestHfDay(db: ArxivDb): Promise<HfDayRow | undefined> {
  for (let c = await db.transaction('hfDays').store.openCursor(null, 'prev'); c; c = await c.continue()) {
    if (c.value.count > 0) return c.value;
  }
  return undefined;
}

export interface TrendingItem {
  paper: Paper;
  hf: HfMeta;
  user?: UserRow;
}

function toMeta(row: HfPaperRow): HfMeta {
  const { source: _source, ...meta } = row;
  return meta;
}

/** Most upvotes first; equal upvotes in Hugging Face's (trending) order. */
export function byUpvotes(a: { hf: HfMeta }, b: { hf: HfMeta }): number {
  return b.hf.upvotes - a.hf.upvotes || a.hf.rank - b.hf.rank || (a.hf.id < b.hf.id ? -1 : 1);
}

/**
 * The papers of one daily list (default: the newest stored list with entries), most upvoted first,
 * each with its shared paper record (arXiv's when arXiv gave it) and the user's marks.
 */
export async function trendingPapers(db: ArxivDb, date?: string): Promise<TrendingItem[]> {
  const day = date ?? (await latestHfDay(db))?.date;
  if (!day) return [];
  const tx = db.transaction(['hfPapers', 'papers', 'user']);
  const rows = await tx.objectStore('hfPapers').index('date').getAll(day);
  const [papers, users] = await Promise.all([
    Promise.all(rows.map((r) => tx.objectStore('papers').get(r.id))),
    Promise.all(rows.map((r) => tx.objectStore('user').get(r.id))),
  ]);
  const out: TrendingItem[] = rows.map((row, i) => {
    // The record is gone only if arXiv's retention pruned it: show Hugging Face's own text.
    const paper = papers[i] ?? { id: row.id, version: 1, ...row.source, categories: [], links: paperLinks(row.id) };
    const item: TrendingItem = { paper, hf: toMeta(row) };
    const user = users[i];
    if (user) item.user = user;
    return item;
  });
  return out.sort(byUpvotes);
}

/** Hugging Face's data for some papers (an arXiv listing's "also trending" marks), by id. */
export async function hfMetaFor(db: ArxivDb, ids: readonly string[]): Promise<Map<string, HfMeta>> {
  const tx = db.transaction('hfPapers');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  return new Map(rows.filter((r): r is HfPaperRow => !!r).map((r) => [r.id, toMeta(r)]));
}

/**
 * Drops daily lists before `today - keepDays`, and the papers only they held (not on an arXiv listing,
 * not starred) with their marks and translations.
 */
export async function pruneHf(db: ArxivDb, today: string, keepDays: number): Promise<{ days: number; papers: number }> {
  const cutoff = addDays(today, -keepDays);
  const range = IDBKeyRange.upperBound(cutoff, true);
  const tx = db.transaction(['hfDays', 'hfPapers', 'papers', 'listings', 'user', 'paperText'], 'readwrite');
  const done = settle(tx.done);
  const days = await settle(tx.objectStore('hfDays').getAllKeys(range));
  void settle(tx.objectStore('hfDays').delete(range));
  const old = await settle(tx.objectStore('hfPapers').index('date').getAllKeys(range));
  let papers = 0;
  for (const id of old) {
    void settle(tx.objectStore('hfPapers').delete(id));
    const [listed, user, paper] = await Promise.all([
      settle(tx.objectStore('listings').index('id').count(id)),
      settle(tx.objectStore('user').get(id)),
      settle(tx.objectStore('papers').get(id)),
    ]);
    if (!paper || listed > 0 || user?.starredAt || !isHfOnly(paper)) continue;
    papers++;
    void settle(tx.objectStore('papers').delete(id));
    void settle(tx.objectStore('user').delete(id));
    void settle(tx.objectStore('paperText').delete(IDBKeyRange.bound([id, ''], [id, '\uffff'])));
  }
  await done;
  return { days: days.length, papers };
}
