/**
 * Hugging Face fetch and storage with the real answer of 12 Jun 2026: stored once per paper alongside
 * arXiv, conditional requests, empty days, and errors (429 with Retry-After, offline, a changed format)
 * that keep the last good list. Variants of the answer are derived in the tests and named so.
 */
import { describe, expect, it } from 'vitest';
import { RequestGate, type GateClock } from '@/lib/arxiv/gate';
import { paperLinks } from '@/lib/arxiv/ids';
import type { Paper, ParsedFeed } from '@/lib/arxiv/types';
import { getHfState, hfDayList, hfMetaFor, latestHfDay, mergeHfPaper, pruneHf, storeDailyPapers, trendingPapers } from '@/lib/db/hf';
import { ingestFeed, papersOfDay, setStarred } from '@/lib/db/queries';
import { openArxivDb, type ArxivDb } from '@/lib/db/schema';
import { fetchDailyPapers } from '@/lib/hf/fetch';
import { parseDailyPapers } from '@/lib/hf/parse';
import { planNextHfFetch } from '@/lib/hf/schedule';
import { runHfFetch, type HfSyncDeps } from '@/lib/hf/sync';
import { dbName, fixture } from './helpers/fixtures';

const BODY = fixture('hf/daily_papers-2026-06-12.json');
const DAY = '2026-06-12';
const NOW = Date.parse('2026-06-13T01:10:00Z');

type Reply = { status?: number; body?: string; headers?: Record<string, string> } | Error;

function scriptedFetch(replies: Reply[]) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const r = replies.shift();
    if (!r) throw new Error('unexpected request ' + url);
    if (r instanceof Error) throw r;
    return new Response(r.status === 304 ? null : (r.body ?? ''), { status: r.status ?? 200, headers: r.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const instantClock: GateClock = { now: () => 0, sleep: async () => {} };

function deps(db: ArxivDb, fetch: typeof globalThis.fetch, now = NOW): HfSyncDeps & { gate: RequestGate } {
  return { db, fetch, gate: new RequestGate(0, instantClock), now: () => now };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });

describe('runHfFetch with the real answer', () => {
  it('fetches the day politely and stores 30 papers, most upvoted first', async () => {
    const db = await openArxivDb(dbName('hf-store'));
    const { fetch, calls } = scriptedFetch([{ body: BODY, headers: { ETag: 'W/"hf-1"' } }]);
    const d = deps(db, fetch);
    const report = await runHfFetch(d, { date: DAY });
    expect(calls.map((c) => c.url)).toEqual(['https://huggingface.co/api/daily_papers?date=2026-06-12&sort=trending&limit=100']);
    expect(calls[0]!.headers['If-None-Match']).toBeUndefined();
    expect(d.gate.count).toBe(1);
    expect(report).toMatchObject({ outcome: 'new', date: DAY, storedDate: DAY, count: 30, added: 30, requests: 1 });
    expect(await db.count('papers')).toBe(30);
    expect(await db.count('hfPapers')).toBe(30);
    const trending = await trendingPapers(db);
    expect(trending.slice(0, 3).map((t) => [t.paper.id, t.hf.upvotes])).toEqual([['2606.13681', 118], ['2606.13392', 103], ['2606.08063', 74]]);
    expect(trending.at(-1)!.paper.id).toBe('2606.00467');
    expect(trending.every((t) => t.hf.date === DAY && t.hf.fetchedAt === new Date(NOW).toISOString())).toBe(true);
    expect(trending.filter((t) => t.hf.githubRepo)).toHaveLength(16);
    const msa = trending[1]!;
    expect(msa.paper).toMatchObject({ title: 'MiniMax Sparse Attention', categories: [], links: paperLinks('2606.13392') });
    expect(msa.hf).toMatchObject({ githubRepo: 'https://github.com/MiniMax-AI/MSA', githubStars: 251, rank: 22, numComments: 4 });
    expect(msa.hf).not.toHaveProperty('source');
    expect(await db.get('hfDays', DAY)).toEqual({ date: DAY, fetchedAt: new Date(NOW).toISOString(), count: 30, etag: 'W/"hf-1"' });
    expect(await getHfState(db)).toMatchObject({ lastOutcome: 'new', lastDate: DAY, itemCount: 30, consecutiveErrors: 0 });
    expect((await hfMetaFor(db, ['2606.13392', '2401.00001'])).get('2606.13392')?.upvotes).toBe(103);
  });

  it('asks again with the ETag; 304 keeps the list and counts as success', async () => {
    const db = await openArxivDb(dbName('hf-etag'));
    const { fetch, calls } = scriptedFetch([{ body: BODY, headers: { ETag: '"v1"' } }, { status: 304, headers: { ETag: '"v1"' } }]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const again = await runHfFetch(deps(db, fetch, NOW + 3600_000), { date: DAY });
    expect(calls[1]!.headers['If-None-Match']).toBe('"v1"');
    expect(again).toMatchObject({ outcome: 'unchanged', count: 30 });
    expect(await trendingPapers(db)).toHaveLength(30);
  });

  it('a refetch of the same day updates upvotes and drops entries no longer listed (derived: two entries fewer)', async () => {
    const db = await openArxivDb(dbName('hf-refetch'));
    const list = JSON.parse(BODY) as Array<{ paper: { id: string; upvotes: number } }>;
    const later = list.filter((e) => e.paper.id !== '2606.00467' && e.paper.id !== '2606.12730');
    later.find((e) => e.paper.id === '2606.13392')!.paper.upvotes = 150;
    const { fetch } = scriptedFetch([{ body: BODY }, json(later)]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    await runHfFetch(deps(db, fetch), { date: DAY });
    const trending = await trendingPapers(db);
    expect(trending).toHaveLength(28);
    expect(trending[0]!.paper.id).toBe('2606.13392');
    expect(trending[0]!.hf.upvotes).toBe(150);
    expect((await db.get('hfDays', DAY))?.count).toBe(28);
  });
});

/** The arXiv record of MiniMax Sparse Attention as a feed would bring it (derived for this test). */
function arxivPaper(): Paper {
  return {
    id: '2606.13392',
    version: 2,
    title: 'MiniMax Sparse Attention',
    abstract: 'Ultra-long-context capability is becoming indispensable for frontier LLMs (arXiv text).',
    authors: ['Xunhao Lai', 'Weiqi Xu'],
    categories: ['cs.CL', 'cs.LG'],
    announceType: 'new',
    links: paperLinks('2606.13392'),
  };
}

function feedOf(papers: Paper[], day: string): ParsedFeed {
  return { kind: 'rss', title: 'cs updates on arXiv.org', listingDay: day, channelDate: `${day}T04:00:00.000Z`, skipDays: [], papers };
}

const FEED_STATE = { url: 'https://rss.arxiv.org/rss/cs.CL', categories: ['cs.CL'] };
const META = { announcedAt: '2026-06-12T00:00:00.000Z', fetchedAt: '2026-06-12T05:00:00.000Z' };

describe('a paper in both sources is one paper', () => {
  it('arXiv first: Hugging Face adds its data and keeps arXiv\'s record (categories, version, announcement)', async () => {
    const db = await openArxivDb(dbName('hf-merge-a'));
    await ingestFeed(db, feedOf([arxivPaper()], '2026-06-12'), FEED_STATE, META);
    await setStarred(db, '2606.13392', true, 5);
    const { fetch } = scriptedFetch([{ body: BODY }]);
    const r = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(r).toMatchObject({ added: 29, count: 30 });
    expect(await db.count('papers')).toBe(30);
    const stored = await db.get('papers', '2606.13392');
    expect(stored).toMatchObject({ version: 2, categories: ['cs.CL', 'cs.LG'], announceDay: '2026-06-12', abstract: expect.stringContaining('(arXiv text)') });
    const msa = (await trendingPapers(db)).find((t) => t.paper.id === '2606.13392')!;
    expect(msa.paper).toEqual(stored);
    expect(msa.hf.upvotes).toBe(103);
    expect(msa.user?.starredAt).toBe(5);
    // And the arXiv listing still has it, once.
    const listed = await papersOfDay(db, '2026-06-12');
    expect(listed.map((l) => l.paper.id)).toEqual(['2606.13392']);
  });

  it('Hugging Face first: the arXiv feed later completes the same record (mergePaper), still one paper', async () => {
    const db = await openArxivDb(dbName('hf-merge-b'));
    const { fetch } = scriptedFetch([{ body: BODY }]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const ingest = await ingestFeed(db, feedOf([arxivPaper()], '2026-06-15'), FEED_STATE, META);
    expect(ingest).toMatchObject({ added: 0, updated: 1 });
    expect(await db.count('papers')).toBe(30);
    const stored = await db.get('papers', '2606.13392');
    expect(stored).toMatchObject({ version: 2, categories: ['cs.CL', 'cs.LG'], announceDay: '2026-06-15', announceType: 'new' });
    // A later Hugging Face fetch does not overwrite it.
    const again = scriptedFetch([{ body: BODY }]);
    await runHfFetch(deps(db, again.fetch), { date: DAY });
    expect(await db.get('papers', '2606.13392')).toEqual(stored);
    const msa = (await trendingPapers(db)).filter((t) => t.paper.id === '2606.13392');
    expect(msa).toHaveLength(1);
    expect(msa[0]!.paper.categories).toEqual(['cs.CL', 'cs.LG']);
  });

  it('mergeHfPaper: an arXiv record is kept as is; a Hugging Face-only record takes the fresh text', () => {
    const [item] = parseDailyPapers(BODY).filter((i) => i.paper.id === '2606.13392');
    const arxiv = { ...arxivPaper(), announceDay: '2026-06-12' };
    expect(mergeHfPaper(arxiv, item!.paper)).toBe(arxiv);
    const hfOnly = { ...item!.paper, title: 'Old title' };
    expect(mergeHfPaper(hfOnly, item!.paper).title).toBe('MiniMax Sparse Attention');
    expect(mergeHfPaper(undefined, item!.paper)).toBe(item!.paper);
  });
});

describe('errors keep the last good list', () => {
  it('429 with Retry-After: the error in words, retry when the server said, the list kept', async () => {
    const db = await openArxivDb(dbName('hf-429'));
    const { fetch } = scriptedFetch([{ body: BODY }, { status: 429, body: 'Too Many Requests', headers: { 'Retry-After': '120' } }]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const next = NOW + 86_400_000;
    const r = await runHfFetch(deps(db, fetch, next), { date: '2026-06-13' });
    expect(r).toMatchObject({ outcome: 'error', error: { kind: 'rate-limited', status: 429, message: 'Hugging Face answered 429 (too many requests)' } });
    expect(r.retryAt).toBe(new Date(next + 120_000).toISOString());
    const state = await getHfState(db);
    expect(state).toMatchObject({ lastOutcome: 'error', lastDate: DAY, attemptedDate: '2026-06-13', consecutiveErrors: 1, retryAt: r.retryAt });
    expect(state.error).toMatchObject({ kind: 'rate-limited', message: 'Hugging Face answered 429 (too many requests)' });
    expect(await trendingPapers(db)).toHaveLength(30);
    expect((await latestHfDay(db))?.date).toBe(DAY);
    // The planner waits for the Retry-After, then asks for the same day.
    const plan = planNextHfFetch(new Date(next), state);
    expect(plan).toEqual({ at: new Date(next + 120_000), date: '2026-06-13', reason: 'retry' });
  });

  it('a changed answer the next day (derived: the list wrapped in an object) keeps yesterday\'s list', async () => {
    const db = await openArxivDb(dbName('hf-changed'));
    const { fetch } = scriptedFetch([{ body: BODY }, json({ papers: JSON.parse(BODY) })]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const r = await runHfFetch(deps(db, fetch, NOW + 86_400_000), { date: '2026-06-13' });
    expect(r.outcome).toBe('error');
    expect(r.error).toEqual({ kind: 'changed', message: "Hugging Face's daily papers have changed format: the answer is an object, not a list of papers" });
    // 30 minutes for a first error (no Retry-After).
    expect(r.retryAt).toBe(new Date(NOW + 86_400_000 + 30 * 60_000).toISOString());
    expect((await trendingPapers(db)).map((t) => t.hf.date)).toEqual(Array(30).fill(DAY));
    expect(await db.get('hfDays', '2026-06-13')).toBeUndefined();
  });

  it('a malformed (truncated) body and a wrong field type leave the stored papers untouched (derived)', async () => {
    const db = await openArxivDb(dbName('hf-malformed'));
    const bad = JSON.parse(BODY) as Array<{ paper: Record<string, unknown> }>;
    bad[3]!.paper.upvotes = 'many';
    const { fetch } = scriptedFetch([{ body: BODY }, { body: BODY.slice(0, 20_000) }, json(bad)]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const before = await db.getAll('hfPapers');
    const cut = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(cut.error).toMatchObject({ kind: 'not-json', message: 'Hugging Face sent an unreadable answer (not JSON, or cut short)' });
    const typed = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(typed.error?.message).toMatch(/entry 4: paper\.upvotes is a string, expected a number/);
    expect(await db.getAll('hfPapers')).toEqual(before);
    // Two errors in a row: the backoff doubles.
    expect(await getHfState(db)).toMatchObject({ consecutiveErrors: 2, retryAt: new Date(NOW + 60 * 60_000).toISOString() });
  });

  it('offline: "Could not reach Hugging Face"; a later success clears the error', async () => {
    const db = await openArxivDb(dbName('hf-offline'));
    const { fetch } = scriptedFetch([new TypeError('Failed to fetch'), { body: BODY }]);
    const r = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(r.error).toEqual({ kind: 'network', message: 'Could not reach Hugging Face (Failed to fetch)' });
    const ok = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(ok.outcome).toBe('new');
    const state = await getHfState(db);
    expect(state.error).toBeUndefined();
    expect(state.retryAt).toBeUndefined();
    expect(state.consecutiveErrors).toBe(0);
  });

  it('HTTP 500 says so', async () => {
    const db = await openArxivDb(dbName('hf-500'));
    const { fetch } = scriptedFetch([{ status: 500, body: 'oops' }]);
    const r = await runHfFetch(deps(db, fetch), { date: DAY });
    expect(r.error).toMatchObject({ kind: 'http', status: 500 });
    expect(r.error!.message).toMatch(/^Hugging Face answered 500/);
  });
});

describe('empty days are normal', () => {
  it('an empty Saturday keeps Friday\'s list as the current one', async () => {
    const db = await openArxivDb(dbName('hf-empty'));
    const { fetch } = scriptedFetch([{ body: BODY }, json([])]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    const r = await runHfFetch(deps(db, fetch), { date: '2026-06-13' });
    expect(r).toMatchObject({ outcome: 'empty', count: 0 });
    expect(r.error).toBeUndefined();
    expect((await latestHfDay(db))?.date).toBe(DAY);
    expect(await trendingPapers(db)).toHaveLength(30);
    expect(await trendingPapers(db, '2026-06-13')).toEqual([]);
    expect(await getHfState(db)).toMatchObject({ lastOutcome: 'empty', lastDate: '2026-06-13', consecutiveErrors: 0 });
    expect((await hfDayList(db)).map((d) => d.date)).toEqual([DAY]);
  });

  it('an empty answer never wipes a stored list of the same day', async () => {
    const db = await openArxivDb(dbName('hf-empty-same'));
    const { fetch } = scriptedFetch([{ body: BODY }, json([])]);
    await runHfFetch(deps(db, fetch), { date: DAY });
    await runHfFetch(deps(db, fetch), { date: DAY });
    expect(await trendingPapers(db, DAY)).toHaveLength(30);
    expect((await db.get('hfDays', DAY))?.count).toBe(30);
  });

  it('first run on a Monday: empty Sunday and Saturday, so it looks back to Friday', async () => {
    const db = await openArxivDb(dbName('hf-lookback'));
    const { fetch, calls } = scriptedFetch([json([]), json([]), { body: BODY }]);
    const r = await runHfFetch(deps(db, fetch), { date: '2026-06-14', lookBack: 3 });
    expect(calls.map((c) => new URL(c.url).searchParams.get('date'))).toEqual(['2026-06-14', '2026-06-13', '2026-06-12']);
    expect(r).toMatchObject({ outcome: 'new', date: '2026-06-14', storedDate: DAY, count: 30 });
    expect((await getHfState(db)).lastDate).toBe('2026-06-14');
    // With a recent list stored, an empty day does not look back.
    const quiet = scriptedFetch([json([])]);
    expect(await runHfFetch(deps(db, quiet.fetch), { date: '2026-06-15', lookBack: 3 })).toMatchObject({ outcome: 'empty' });
    expect(quiet.calls).toHaveLength(1);
  });
});

describe('fetchDailyPapers paging', () => {
  it('reads pages until a short one, ranks across pages, only the first page conditional (derived: 30 entries, 12 per page)', async () => {
    const list = JSON.parse(BODY) as unknown[];
    const { fetch, calls } = scriptedFetch([json(list.slice(0, 12), { ETag: '"p0"' }), json(list.slice(12, 24)), json(list.slice(24))]);
    const gate = new RequestGate(0, instantClock);
    const r = await fetchDailyPapers({ date: DAY, etag: '"old"', limit: 12 }, { fetch, gate });
    expect(calls.map((c) => new URL(c.url).searchParams.get('p'))).toEqual([null, '1', '2']);
    expect(calls.map((c) => c.headers['If-None-Match'])).toEqual(['"old"', undefined, undefined]);
    expect(gate.count).toBe(3);
    if (r.status !== 'ok') throw new Error('expected ok');
    expect(r.etag).toBe('"p0"');
    expect(r.items.map((i) => i.meta.rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(r.items[21]!.paper.id).toBe('2606.13392');
  });

  it('stops when the server ignores p (the same page again)', async () => {
    const list = JSON.parse(BODY) as unknown[];
    const page = json(list.slice(0, 10));
    const { fetch, calls } = scriptedFetch([page, page]);
    const r = await fetchDailyPapers({ date: DAY, limit: 10 }, { fetch, gate: new RequestGate(0, instantClock) });
    expect(calls).toHaveLength(2);
    expect(r.status === 'ok' && r.items.length).toBe(10);
  });

  it('requests are spaced by the gate (1 per 2 s) on its own clock', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const clock: GateClock = { now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
    const list = JSON.parse(BODY) as unknown[];
    const { fetch } = scriptedFetch([json(list.slice(0, 20)), json(list.slice(20))]);
    await fetchDailyPapers({ date: DAY, limit: 20 }, { fetch, gate: new RequestGate(2000, clock) });
    expect(sleeps).toEqual([2000]);
  });
});

describe('pruneHf', () => {
  it('drops lists past retention and the papers only they held (not starred, not on an arXiv listing)', async () => {
    const db = await openArxivDb(dbName('hf-prune'));
    const items = parseDailyPapers(BODY);
    await ingestFeed(db, feedOf([arxivPaper()], '2026-06-12'), FEED_STATE, META);
    await storeDailyPapers(db, DAY, items, { fetchedAt: 'x' });
    await storeDailyPapers(db, '2026-08-20', [], { fetchedAt: 'y' });
    await setStarred(db, '2606.13681', true, 1);
    await db.put('paperText', { id: '2606.08063', lang: 'zh-CN', title: { text: '译', sourceHash: '0', service: 'm', at: 1 } });
    const r = await pruneHf(db, '2026-08-20', 60);
    expect(r).toEqual({ days: 1, papers: 28 });
    expect(await db.count('hfPapers')).toBe(0);
    expect((await db.getAllKeys('papers')).sort()).toEqual(['2606.13392', '2606.13681']);
    expect(await db.get('paperText', ['2606.08063', 'zh-CN'])).toBeUndefined();
    expect(await db.get('hfDays', '2026-08-20')).toBeDefined();
  });
});

describe('messages for the Trending tab', () => {
  it('trending and trending-refresh take an optional YYYY-MM-DD date', async () => {
    const { isMessage } = await import('@/lib/messages');
    expect(isMessage({ type: 'trending' })).toBe(true);
    expect(isMessage({ type: 'trending', date: '2026-06-12' })).toBe(true);
    expect(isMessage({ type: 'trending-refresh' })).toBe(true);
    expect(isMessage({ type: 'trending-refresh', date: '2026-06-12' })).toBe(true);
    expect(isMessage({ type: 'trending', date: 20260612 })).toBe(false);
    expect(isMessage({ type: 'trending-refresh', date: '12/06/2026' })).toBe(false);
  });
});
