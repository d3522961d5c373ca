import type { AnnounceType, Paper, ParsedFeed } from '../arxiv/types';
import type { ArxivDb, DayRow, FeedState, ListingRow, UserRow } from './schema';

/** When one day lists a paper twice (split feeds), the stronger announcement wins. */
const TYPE_RANK: Record<AnnounceType, number> = { new: 0, cross: 1, replace: 2, 'replace-cross': 3 };

export interface IngestResult {
  /** Papers stored for the first time. */
  added: number;
  /** Papers already stored whose record changed (e.g. a replacement's new version). */
  updated: number;
  /** Listing rows written for the day. */
  listed: number;
}

/** Merges a freshly parsed paper into the stored one: newer versions win, first announcement is kept. */
export function mergePaper(old: Paper | undefined, incoming: Paper): Paper {
  if (!old) return incoming;
  const newer = incoming.version >= old.version;
  const pick = <K extends keyof Paper>(k: K): Paper[K] =>
    newer ? (incoming[k] ?? old[k]) : (old[k] ?? incoming[k]);
  return {
    ...old,
    id: old.id,
    version: Math.max(old.version, incoming.version),
    title: pick('title'),
    abstract: pick('abstract'),
    authors: pick('authors'),
    categories: pick('categories'),
    doi: pick('doi'),
    journalRef: pick('journalRef'),
    comment: pick('comment'),
    license: pick('license'),
    published: old.published ?? incoming.published,
    updated: pick('updated'),
    links: pick('links'),
    announceType: old.announceType ?? incoming.announceType,
    announceDay: old.announceDay ?? incoming.announceDay,
  };
}

/**
 * Requests of one transaction: if the transaction aborts (worker stopped, disk full) every request
 * rejects; `tx.done` reports that once, so the requests themselves must not raise unhandled rejections.
 */
function settle<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function samePaper(a: Paper, b: Paper): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Stores a parsed daily feed and its fetch state in ONE transaction: if the service worker dies
 * midway nothing is written, the feed keeps its old validators and the next sync fetches it again.
 */
export async function ingestFeed(
  db: ArxivDb,
  feed: ParsedFeed,
  state: FeedState,
  meta: { announcedAt: string; fetchedAt: string },
): Promise<IngestResult> {
  const day = feed.listingDay;
  const tx = db.transaction(['papers', 'listings', 'days', 'feeds'], 'readwrite');
  const papers = tx.objectStore('papers');
  const listings = tx.objectStore('listings');
  const result: IngestResult = { added: 0, updated: 0, listed: 0 };

  // A paper's announce day is the day it was first announced (new or cross-list); a replacement of a
  // paper we never saw does not claim one.
  const incoming = feed.papers.map((p): Paper => {
    const { announceDay: _feedDay, ...rest } = p;
    return day && (p.announceType === 'new' || p.announceType === 'cross') ? { ...rest, announceDay: day } : rest;
  });
  // Issue every read first so the transaction stays busy, then write.
  const done = settle(tx.done);
  const olds = await Promise.all(incoming.map((p) => settle(papers.get(p.id))));
  const oldRows = day ? await Promise.all(incoming.map((p) => settle(listings.get([day, p.id])))) : [];
  incoming.forEach((p, i) => {
    const old = olds[i];
    const merged = mergePaper(old, p);
    if (!old) result.added++;
    else if (!samePaper(old, merged)) result.updated++;
    if (!old || !samePaper(old, merged)) void settle(papers.put(merged));
    if (day && p.announceType) {
      const prev = oldRows[i];
      if (!prev || TYPE_RANK[p.announceType] < TYPE_RANK[prev.type]) {
        const row: ListingRow = { day, id: p.id, type: p.announceType };
        void settle(listings.put(row));
      }
      result.listed++;
    }
  });
  if (day) {
    const rows = new Map<string, AnnounceType>();
    for (const r of await settle(listings.index('day').getAll(day))) rows.set(r.id, r.type);
    for (const p of incoming) {
      if (!p.announceType) continue;
      const prev = rows.get(p.id);
      if (!prev || TYPE_RANK[p.announceType] < TYPE_RANK[prev]) rows.set(p.id, p.announceType);
    }
    const counts: Record<AnnounceType, number> = { new: 0, cross: 0, replace: 0, 'replace-cross': 0 };
    for (const t of rows.values()) counts[t]++;
    const dayRow: DayRow = { day, announcedAt: meta.announcedAt, fetchedAt: meta.fetchedAt, counts };
    void settle(tx.objectStore('days').put(dayRow));
  }
  void settle(tx.objectStore('feeds').put(state));
  await done;
  return result;
}

/** The most recent stored listing day with papers, if any. */
export async function latestDay(db: ArxivDb): Promise<DayRow | undefined> {
  const cursor = await db.transaction('days').store.openCursor(null, 'prev');
  return cursor?.value;
}

/** All stored listing days, newest first. */
export async function listDays(db: ArxivDb): Promise<DayRow[]> {
  return (await db.getAll('days')).reverse();
}

export interface ListedPaper {
  paper: Paper;
  type: AnnounceType;
  user: UserRow | undefined;
}

/**
 * The papers of one listing day with how they were announced and the user's marks.
 * Fast path for a 2,000-paper day: the papers first announced that day come from one `announceDay`
 * index read and the user's marks from one key-range read; only the rest (replacements of older
 * papers, old-style ids) are read one by one. `types` leaves out rows the caller will not show.
 */
export async function papersOfDay(db: ArxivDb, day: string, types?: ReadonlySet<AnnounceType>): Promise<ListedPaper[]> {
  const tx = db.transaction(['listings', 'papers', 'user']);
  const papersStore = tx.objectStore('papers');
  const userStore = tx.objectStore('user');
  const [allRows, firstAnnounced] = await Promise.all([
    tx.objectStore('listings').index('day').getAll(day),
    papersStore.index('announceDay').getAll(day),
  ]);
  const rows = types ? allRows.filter((r) => types.has(r.type)) : allRows;
  const byId = new Map(firstAnnounced.map((p) => [p.id, p]));
  // New-style ids sort together; one range read covers them (the range may hold a few other papers' marks).
  const newStyle = rows.map((r) => r.id).filter((id) => /^\d/.test(id)).sort();
  const [missing, ranged, oldStyleUsers] = await Promise.all([
    Promise.all(rows.filter((r) => !byId.has(r.id)).map((r) => papersStore.get(r.id))),
    newStyle.length ? userStore.getAll(IDBKeyRange.bound(newStyle[0]!, newStyle[newStyle.length - 1]!)) : Promise.resolve([]),
    Promise.all(rows.filter((r) => !/^\d/.test(r.id)).map((r) => userStore.get(r.id))),
  ]);
  for (const p of missing) if (p) byId.set(p.id, p);
  const users = new Map<string, UserRow>();
  for (const u of [...ranged, ...oldStyleUsers]) if (u) users.set(u.id, u);
  const out: ListedPaper[] = [];
  for (const r of rows) {
    const paper = byId.get(r.id);
    if (paper) out.push({ paper, type: r.type, user: users.get(r.id) });
  }
  return out;
}

/** Applies a change to the user rows of some papers in one transaction. */
export async function updateUser(db: ArxivDb, ids: string[], change: (row: UserRow) => UserRow): Promise<void> {
  const tx = db.transaction('user', 'readwrite');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  await Promise.all([...ids.map((id, i) => tx.store.put(change(rows[i] ?? { id }))), tx.done]);
}

export function markSeen(db: ArxivDb, ids: string[], at: number): Promise<void> {
  return updateUser(db, ids, (r) => (r.seenAt ? r : { ...r, seenAt: at }));
}

export function setStarred(db: ArxivDb, id: string, starred: boolean, at: number): Promise<void> {
  return updateUser(db, [id], (r) => {
    const { starredAt: _drop, ...rest } = r;
    return starred ? { ...rest, starredAt: at } : rest;
  });
}

export function markRead(db: ArxivDb, id: string, read: boolean, at: number): Promise<void> {
  return updateUser(db, [id], (r) => {
    const { readAt: _drop, ...rest } = r;
    return read ? { ...rest, readAt: at, seenAt: r.seenAt ?? at } : rest;
  });
}

export function getFeedStates(db: ArxivDb): Promise<FeedState[]> {
  return db.getAll('feeds');
}

export async function putFeedState(db: ArxivDb, state: FeedState): Promise<void> {
  await db.put('feeds', state);
}

export async function getMeta<T>(db: ArxivDb, key: string): Promise<T | undefined> {
  return (await db.get('meta', key)) as T | undefined;
}

export async function setMeta(db: ArxivDb, key: string, value: unknown): Promise<void> {
  await db.put('meta', value, key);
}

/** Starred papers, most recently starred first, with how they were announced. */
export async function starredPapers(db: ArxivDb): Promise<ListedPaper[]> {
  const tx = db.transaction(['user', 'papers']);
  const users = (await tx.objectStore('user').index('starredAt').getAll()).reverse();
  const papers = await Promise.all(users.map((u) => tx.objectStore('papers').get(u.id)));
  const out: ListedPaper[] = [];
  users.forEach((u, i) => {
    const paper = papers[i];
    if (paper) out.push({ paper, type: paper.announceType ?? 'new', user: u });
  });
  return out;
}

/** The user's marks for some papers. */
export async function userRows(db: ArxivDb, ids: readonly string[]): Promise<Map<string, UserRow>> {
  const tx = db.transaction('user');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  return new Map(rows.filter((r): r is UserRow => !!r).map((r) => [r.id, r]));
}
