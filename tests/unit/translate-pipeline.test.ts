/**
 * The background pipeline over IndexedDB: jobs from a real listing, batches through a service,
 * resumption after a stopped worker, no double work, politeness on auth errors, stale translations.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/arxiv/feed';
import { openArxivDb, type ArxivDb } from '@/lib/db/schema';
import { ingestFeed } from '@/lib/db/queries';
import { countJobs, IdbTranslationCache, paperTexts } from '@/lib/db/translations';
import { loadListing } from '@/lib/listing';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import type { BuiltService } from '@/lib/translate/factory';
import { enqueueListing, isCurrent, runJobs } from '@/lib/translate/pipeline';
import { TranslationQueue } from '@/lib/translate/queue';
import { TranslateError, type TranslationService } from '@/lib/translate/types';
import { dbName, fixture } from './helpers/fixtures';

const feed = parseFeed(fixture('rss/stat-2024-03-26.rss.xml'));
const settings: Settings = { ...DEFAULT_SETTINGS, categories: ['stat'] };

async function stored(): Promise<ArxivDb> {
  const db = await openArxivDb(dbName('pipeline'));
  await ingestFeed(db, feed, { url: 'u', categories: ['stat'] }, { announcedAt: '', fetchedAt: '' });
  return db;
}

/** A service that "translates" by prefixing, keeping placeholders, and records what it was sent. */
function fakeService(behaviour: (call: number) => 'ok' | Error = () => 'ok') {
  const calls: string[][] = [];
  const service: TranslationService = {
    id: 'microsoft',
    name: 'Fake',
    limits: { maxChars: 5000, maxItems: 50 },
    async translate(texts) {
      calls.push(texts);
      const b = behaviour(calls.length);
      if (b !== 'ok') throw b;
      return texts.map((t) => `译：${t}`);
    },
  };
  const built: BuiltService = { service, glossary: [], keepTerms: [] };
  const queue = () => new TranslationQueue(service, { ratePerSecond: 1000, burst: 1000, maxRetries: 0 });
  return { built, calls, queue };
}

describe('translation pipeline over IndexedDB', () => {
  it('queues every title and the abstracts of matching papers, and translates them all once', async () => {
    const db = await stored();
    const view = await loadListing(db, { ...settings, keywords: ['Bayesian'] });
    const added = await enqueueListing(db, view, 'matched', 'zh-CN', 1);
    expect(added).toBe(view.all.length + view.relevant.length);
    expect(view.relevant.length).toBe(7);
    // Queuing again adds nothing.
    expect(await enqueueListing(db, view, 'matched', 'zh-CN', 2)).toBe(0);
    const svc = fakeService();
    const r = await runJobs({ db, built: svc.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: svc.queue(), now: () => 10 });
    expect(r).toMatchObject({ translated: added, failed: 0 });
    expect(await countJobs(db)).toBe(0);
    const texts = await paperTexts(db, view.all.map((i) => i.paper.id), 'zh-CN');
    for (const i of view.all) expect(texts.get(i.paper.id)!.title!.text).toBe(`译：${i.paper.title}`);
    const withAbstract = view.all.filter((i) => texts.get(i.paper.id)!.abstract);
    expect(withAbstract.map((i) => i.paper.id).sort()).toEqual(view.relevant.map((i) => i.paper.id).sort());
    // Titles go before abstracts.
    expect(svc.calls[0]!.every((t) => !t.includes('. '))).toBe(true);
    // Everything translated is current; enqueueing the listing again finds nothing to do.
    expect(await enqueueListing(db, view, 'matched', 'zh-CN', 3)).toBe(0);
  });

  it('a worker stopped mid-queue resumes from IndexedDB without redoing finished batches', async () => {
    const db = await stored();
    const view = await loadListing(db, settings);
    const total = await enqueueListing(db, view, 'on-demand', 'zh-CN', 1);
    expect(total).toBe(62); // titles only
    const svc = fakeService();
    const cache = new IdbTranslationCache(db);
    // "Stopped" after two batches of 24.
    const r1 = await runJobs({ db, built: svc.built, lang: 'zh-CN', cache, queue: svc.queue(), now: () => 10 }, { maxBatches: 2 });
    expect(r1.translated).toBe(48);
    expect(await countJobs(db)).toBe(14);
    const sentBefore = svc.calls.flat().length;
    const r2 = await runJobs({ db, built: svc.built, lang: 'zh-CN', cache, queue: svc.queue(), now: () => 20 });
    expect(r2.translated).toBe(14);
    expect(svc.calls.flat().length - sentBefore).toBe(14);
    expect(await countJobs(db)).toBe(0);
  });

  it('a wrong key halts the pipeline politely: jobs stay queued, nothing is lost', async () => {
    const db = await stored();
    const view = await loadListing(db, settings);
    await enqueueListing(db, view, 'on-demand', 'zh-CN', 1);
    const svc = fakeService(() => new TranslateError('auth', { params: { service: 'Fake' }, status: 403 }));
    const r = await runJobs({ db, built: svc.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: svc.queue(), now: () => 10 });
    expect(r.halted?.kind).toBe('auth');
    expect(r.translated).toBe(0);
    expect(svc.calls.length).toBe(1); // one batch, then stop
    expect(await countJobs(db)).toBe(62);
  });

  it('a failure that will not heal is stored as an error the reader can show, with the English kept', async () => {
    const db = await stored();
    const view = await loadListing(db, settings);
    const paper = view.all[0]!.paper;
    const { enqueueJobs } = await import('@/lib/db/translations');
    await enqueueJobs(db, [{ lang: 'zh-CN', id: paper.id, field: 'title', priority: 0 }], 1);
    const svc = fakeService(() => new TranslateError('not-found', { params: { service: 'Fake' }, status: 404 }));
    await runJobs({ db, built: svc.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: svc.queue(), now: () => 10 });
    const row = (await paperTexts(db, [paper.id], 'zh-CN')).get(paper.id)!;
    expect(row.title).toBeUndefined();
    expect(row.errors?.title).toMatch(/Fake/);
    expect(await countJobs(db)).toBe(0);
    // A retry that works clears the error.
    await enqueueJobs(db, [{ lang: 'zh-CN', id: paper.id, field: 'title', priority: 0 }], 2);
    const ok = fakeService();
    await runJobs({ db, built: ok.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: ok.queue(), now: () => 20 });
    const again = (await paperTexts(db, [paper.id], 'zh-CN')).get(paper.id)!;
    expect(again.title?.text).toBe(`译：${paper.title}`);
    expect(again.errors?.title).toBeUndefined();
  });

  it('a passing failure (500) waits with backoff, then succeeds; five failures in a row become an error', async () => {
    const db = await stored();
    const view = await loadListing(db, settings);
    const paper = view.all[0]!.paper;
    const { enqueueJobs, nextJobs } = await import('@/lib/db/translations');
    await enqueueJobs(db, [{ lang: 'zh-CN', id: paper.id, field: 'title', priority: 0 }], 0);
    const failing = fakeService(() => new TranslateError('server', { params: { service: 'Fake' }, status: 500 }));
    const deps = (s: ReturnType<typeof fakeService>, now: number) => ({ db, built: s.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: s.queue(), now: () => now });
    await runJobs(deps(failing, 1000));
    const [job] = await nextJobs(db, 10, Number.MAX_SAFE_INTEGER);
    expect(job).toMatchObject({ attempts: 1, notBefore: 1000 + 60_000, error: { kind: 'server' } });
    // Not due yet: nothing is sent.
    const calls = failing.calls.length;
    await runJobs(deps(failing, 30_000));
    expect(failing.calls.length).toBe(calls);
    // Due: it runs again; the backoff doubles.
    await runJobs(deps(failing, 61_000));
    expect((await nextJobs(db, 10, Number.MAX_SAFE_INTEGER))[0]).toMatchObject({ attempts: 2, notBefore: 61_000 + 120_000 });
    let now = 61_000;
    for (let i = 0; i < 3; i++) await runJobs(deps(failing, (now += 3_600_000)));
    expect(await countJobs(db)).toBe(0);
    expect((await paperTexts(db, [paper.id], 'zh-CN')).get(paper.id)!.errors?.title).toMatch(/Fake/);
  });

  it('a new version with a changed title makes the stored translation stale', async () => {
    const db = await stored();
    const view = await loadListing(db, settings);
    await enqueueListing(db, view, 'on-demand', 'zh-CN', 1);
    const svc = fakeService();
    await runJobs({ db, built: svc.built, lang: 'zh-CN', cache: new IdbTranslationCache(db), queue: svc.queue(), now: () => 10 });
    const paper = view.all[0]!.paper;
    const row = (await paperTexts(db, [paper.id], 'zh-CN')).get(paper.id);
    expect(isCurrent(row, 'title', paper.title)).toBe(true);
    expect(isCurrent(row, 'title', paper.title + ' (revised)')).toBe(false);
  });
});

describe('reading stored translations', () => {
  it('many ids at once (one range read) return exactly the asked papers in the asked language', async () => {
    const db = await stored();
    const { completeJobs } = await import('@/lib/db/translations');
    const ids = feed.papers.map((p) => p.id);
    const job = (id: string, lang: string) => ({ lang, id, field: 'title' as const, priority: 1, enqueuedAt: 0, attempts: 0 });
    await completeJobs(db, [
      ...ids.map((id) => ({ job: job(id, 'zh-CN'), translation: { text: `zh ${id}`, sourceHash: 'h', service: 's', at: 1 } })),
      ...ids.map((id) => ({ job: job(id, 'ja'), translation: { text: `ja ${id}`, sourceHash: 'h', service: 's', at: 1 } })),
      { job: job('hep-th/9901001', 'zh-CN'), translation: { text: 'old style', sourceHash: 'h', service: 's', at: 1 } },
    ]);
    const asked = [...ids.filter((_, i) => i % 3 !== 0), 'hep-th/9901001', '9999.99999'];
    expect(asked.length).toBeGreaterThan(64);
    const got = await paperTexts(db, asked, 'zh-CN');
    expect([...got.keys()].sort()).toEqual(asked.filter((id) => id !== '9999.99999').sort());
    for (const [id, row] of got) expect(row.title!.text).toBe(id.startsWith('hep') ? 'old style' : `zh ${id}`);
  });
});
