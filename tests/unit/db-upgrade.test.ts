/**
 * Stored data survives every upgrade: for each released schema version, a database is written exactly
 * as that version wrote it (raw IndexedDB, shapes frozen here — never generated from today's code),
 * then opened by the current code, which must read every record.
 * When a version is added to MIGRATIONS, add its writer to WRITERS.
 */
import { describe, expect, it } from 'vitest';
import { DB_VERSION, MIGRATIONS, openArxivDb } from '@/lib/db/schema';
import { latestDay, papersOfDay } from '@/lib/db/queries';
import { loadListing } from '@/lib/listing';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { countJobs, enqueueJobs, IdbTranslationCache, nextJobs, paperTexts } from '@/lib/db/translations';
import { getHfState, latestHfDay, trendingPapers } from '@/lib/db/hf';
import { dbName } from './helpers/fixtures';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Version 1 as released: its stores, indexes and record shapes. */
async function writeV1(name: string): Promise<void> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    const papers = db.createObjectStore('papers', { keyPath: 'id' });
    papers.createIndex('announceDay', 'announceDay');
    papers.createIndex('categories', 'categories', { multiEntry: true });
    const listings = db.createObjectStore('listings', { keyPath: ['day', 'id'] });
    listings.createIndex('day', 'day');
    listings.createIndex('id', 'id');
    db.createObjectStore('days', { keyPath: 'day' });
    db.createObjectStore('feeds', { keyPath: 'url' });
    db.createObjectStore('user', { keyPath: 'id' }).createIndex('starredAt', 'starredAt');
    db.createObjectStore('meta');
  };
  const db = await req(open);
  const tx = db.transaction(['papers', 'listings', 'days', 'feeds', 'user', 'meta'], 'readwrite');
  tx.objectStore('papers').put({
    id: 'hep-th/9901001',
    version: 2,
    title: 'An old-style paper',
    abstract: 'We study $x^2$ in \\emph{detail}.',
    authors: ['José García'],
    categories: ['hep-th', 'math-ph'],
    announceType: 'new',
    announceDay: '2024-03-26',
    links: { abs: 'https://arxiv.org/abs/hep-th/9901001', pdf: 'https://arxiv.org/pdf/hep-th/9901001', html: 'https://arxiv.org/html/hep-th/9901001' },
  });
  tx.objectStore('listings').put({ day: '2024-03-26', id: 'hep-th/9901001', type: 'new' });
  tx.objectStore('days').put({
    day: '2024-03-26',
    announcedAt: '2024-03-26T00:00:00.000Z',
    fetchedAt: '2024-03-26T05:00:00.000Z',
    counts: { new: 1, cross: 0, replace: 0, 'replace-cross': 0 },
  });
  tx.objectStore('feeds').put({ url: 'https://rss.arxiv.org/rss/hep-th', categories: ['hep-th'], etag: '"x"', listingDay: '2024-03-26' });
  tx.objectStore('user').put({ id: 'hep-th/9901001', seenAt: 1, starredAt: 2 });
  tx.objectStore('meta').put({ last: { at: '2024-03-26T05:00:00.000Z', outcome: 'new', attemptsForExpectedDay: 1 }, consecutiveErrors: 0 }, 'poll');
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** Version 2 as released: version 1's stores plus the translation cache, per-paper translations and the job queue. */
async function writeV2(name: string): Promise<void> {
  await writeV1(name);
  const open = indexedDB.open(name, 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('translations', { keyPath: 'key' });
    db.createObjectStore('paperText', { keyPath: ['id', 'lang'] });
    db.createObjectStore('translateJobs', { keyPath: ['lang', 'id', 'field'] }).createIndex('order', ['priority', 'enqueuedAt']);
  };
  const db = await req(open);
  const tx = db.transaction(['translations', 'paperText', 'translateJobs'], 'readwrite');
  tx.objectStore('translations').put({ key: 'abc123', text: '一篇旧式论文', at: 5 });
  tx.objectStore('paperText').put({
    id: 'hep-th/9901001',
    lang: 'zh-CN',
    title: { text: '一篇旧式论文', sourceHash: '0000', service: 'microsoft', at: 5 },
    errors: { abstract: 'Microsoft: service unavailable' },
  });
  tx.objectStore('translateJobs').put({ lang: 'zh-CN', id: 'hep-th/9901001', field: 'abstract', priority: 2, enqueuedAt: 5, attempts: 1, notBefore: 9 });
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/**
 * Version 3 as released: version 2's stores plus Hugging Face's daily papers (entries keyed by arXiv id,
 * indexed by list date) and the fetched days; a trending paper arXiv never listed lives in `papers`
 * with no categories, and the fetch state sits in `meta`.
 */
async function writeV3(name: string): Promise<void> {
  await writeV2(name);
  const open = indexedDB.open(name, 3);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore('hfPapers', { keyPath: 'id' }).createIndex('date', 'date');
    db.createObjectStore('hfDays', { keyPath: 'date' });
  };
  const db = await req(open);
  const tx = db.transaction(['papers', 'hfPapers', 'hfDays', 'meta'], 'readwrite');
  tx.objectStore('papers').put({
    id: '2606.13392',
    version: 1,
    title: 'MiniMax Sparse Attention',
    abstract: 'Ultra-long-context capability is becoming indispensable for frontier LLMs.',
    authors: ['Xunhao Lai', 'Weiqi Xu'],
    categories: [],
    links: { abs: 'https://arxiv.org/abs/2606.13392', pdf: 'https://arxiv.org/pdf/2606.13392', html: 'https://arxiv.org/html/2606.13392' },
  });
  tx.objectStore('hfPapers').put({
    id: '2606.13392',
    date: '2026-06-12',
    rank: 22,
    upvotes: 103,
    numComments: 4,
    githubRepo: 'https://github.com/MiniMax-AI/MSA',
    githubStars: 251,
    aiSummary: 'MiniMax Sparse Attention enables efficient processing of ultra-long contexts.',
    aiKeywords: ['sparse attention', 'prefill'],
    thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.13392.png',
    submittedBy: { name: 'ryanlee-dev', fullname: 'Ryanlee' },
    organization: { name: 'MiniMaxAI', fullname: 'MiniMax' },
    publishedAt: '2026-06-11T00:00:00.000Z',
    submittedOnDailyAt: '2026-06-12T00:00:00.000Z',
    fetchedAt: '2026-06-13T01:00:00.000Z',
    source: { title: 'MiniMax Sparse Attention', abstract: 'Ultra-long-context capability is becoming indispensable for frontier LLMs.', authors: ['Xunhao Lai', 'Weiqi Xu'] },
  });
  tx.objectStore('hfPapers').put({
    id: 'hep-th/9901001',
    date: '2026-06-12',
    rank: 1,
    upvotes: 7,
    fetchedAt: '2026-06-13T01:00:00.000Z',
    source: { title: 'An old-style paper', abstract: 'HF text', authors: ['José García'] },
  });
  tx.objectStore('hfDays').put({ date: '2026-06-12', fetchedAt: '2026-06-13T01:00:00.000Z', count: 2, etag: 'W/"hf-0612"' });
  tx.objectStore('hfDays').put({ date: '2026-06-13', fetchedAt: '2026-06-14T01:00:00.000Z', count: 0 });
  tx.objectStore('meta').put(
    { lastAttemptAt: '2026-06-14T01:00:00.000Z', lastSuccessAt: '2026-06-14T01:00:00.000Z', lastDate: '2026-06-13', lastOutcome: 'empty', itemCount: 0, consecutiveErrors: 0 },
    'hfState',
  );
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

const WRITERS: Record<number, (name: string) => Promise<void>> = { 1: writeV1, 2: writeV2, 3: writeV3 };

describe('schema upgrades keep stored data', () => {
  it('has a writer for every released version', () => {
    expect(Object.keys(WRITERS).map(Number)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (const [version, write] of Object.entries(WRITERS)) {
    it(`opens a database written by version ${version} with its data`, async () => {
      const name = dbName(`v${version}`);
      await write(name);
      const db = await openArxivDb(name);
      expect(db.version).toBe(DB_VERSION);
      expect((await latestDay(db))?.day).toBe('2024-03-26');
      const [listed] = await papersOfDay(db, '2024-03-26');
      expect(listed!.paper).toMatchObject({ id: 'hep-th/9901001', version: 2, authors: ['José García'] });
      expect(listed!.user).toEqual({ id: 'hep-th/9901001', seenAt: 1, starredAt: 2 });
      expect(await db.getAllFromIndex('user', 'starredAt')).toHaveLength(1);
      expect(await db.getAllFromIndex('papers', 'categories', 'math-ph')).toHaveLength(1);
      expect((await db.get('feeds', 'https://rss.arxiv.org/rss/hep-th'))?.etag).toBe('"x"');
      const view = await loadListing(db, { ...DEFAULT_SETTINGS, categories: ['hep-th'] });
      expect(view.relevant.map((i) => i.paper.id)).toEqual(['hep-th/9901001']);
      if (Number(version) >= 2) {
        expect(await new IdbTranslationCache(db).get(['abc123'])).toEqual(new Map([['abc123', '一篇旧式论文']]));
        const row = (await paperTexts(db, ['hep-th/9901001'], 'zh-CN')).get('hep-th/9901001');
        expect(row?.title?.text).toBe('一篇旧式论文');
        expect(row?.errors?.abstract).toMatch(/Microsoft/);
        expect(await nextJobs(db, 5, 10)).toHaveLength(1);
      }
      if (Number(version) >= 3) {
        // The newest list with papers (the empty day after it is skipped), most upvoted first, one record per paper.
        expect((await latestHfDay(db))?.date).toBe('2026-06-12');
        const trending = await trendingPapers(db);
        expect(trending.map((t) => [t.paper.id, t.hf.upvotes])).toEqual([['2606.13392', 103], ['hep-th/9901001', 7]]);
        expect(trending[0]!.hf).toMatchObject({ githubRepo: 'https://github.com/MiniMax-AI/MSA', githubStars: 251, rank: 22 });
        expect(trending[0]!.hf).not.toHaveProperty('source');
        // The arXiv record of the old-style paper is the one shown, with its marks.
        expect(trending[1]!.paper).toMatchObject({ version: 2, categories: ['hep-th', 'math-ph'], title: 'An old-style paper' });
        expect(trending[1]!.user).toEqual({ id: 'hep-th/9901001', seenAt: 1, starredAt: 2 });
        expect((await db.get('hfDays', '2026-06-12'))?.etag).toBe('W/"hf-0612"');
        expect(await getHfState(db)).toMatchObject({ lastDate: '2026-06-13', lastOutcome: 'empty' });
      } else {
        expect(await trendingPapers(db)).toEqual([]);
        expect(await getHfState(db)).toEqual({ consecutiveErrors: 0 });
      }
      // Whatever the version, the current code can write to every store.
      await enqueueJobs(db, [{ lang: 'zh-CN', id: 'hep-th/9901001', field: 'title', priority: 1 }], 20);
      expect(await countJobs(db)).toBeGreaterThanOrEqual(1);
      await db.put('hfDays', { date: '2026-07-01', fetchedAt: '2026-07-02T01:00:00.000Z', count: 0 });
      db.close();
    });
  }

  it('reopening the current version changes nothing', async () => {
    const name = dbName('reopen');
    await writeV1(name);
    const a = await openArxivDb(name);
    const before = await a.getAll('papers');
    a.close();
    const b = await openArxivDb(name);
    expect(await b.getAll('papers')).toEqual(before);
    b.close();
  });
});
