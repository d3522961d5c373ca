/**
 * The service worker stopped by the browser in the middle of a sync and in the middle of a translation
 * batch (stopped here through the DevTools protocol): nothing half-written is visible, and the next start
 * finishes the work — one listing, every paper once, every title translated.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';
import { FakeInternet, fixture, launch, until, type Browser } from './harness';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const DEFAULTS = ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'];
const EXPECTED = [...STAT.matchAll(/<item>([\s\S]*?)<\/item>/g)].filter(([, x]) => {
  const type = /<arxiv:announce_type>([^<]+)</.exec(x!)![1];
  return (type === 'new' || type === 'cross') && [...x!.matchAll(/<category>([^<]+)<\/category>/g)].some((m) => DEFAULTS.includes(m[1]!));
}).length;

/** Counts records of several stores in ONE transaction (a consistent snapshot). */
function counts(page: Page, stores: string[]): Promise<number[]> {
  return page.evaluate(`new Promise(function (resolve, reject) {
    var names = ${JSON.stringify(stores)};
    var r = indexedDB.open('arxiv-daily');
    r.onerror = function () { reject(r.error); };
    r.onsuccess = function () {
      var db = r.result;
      var tx = db.transaction(names);
      var out = [];
      names.forEach(function (n, i) { var q = tx.objectStore(n).count(); q.onsuccess = function () { out[i] = q.result; }; });
      tx.oncomplete = function () { db.close(); resolve(out); };
    };
  })`) as Promise<number[]>;
}

/** Counts records in the extension's IndexedDB from an extension page (plain JS: nothing of the test's loader leaks in). */
function count(page: Page, store: string): Promise<number> {
  return page.evaluate(`new Promise(function (resolve, reject) {
    var r = indexedDB.open('arxiv-daily');
    r.onerror = function () { reject(r.error); };
    r.onsuccess = function () {
      var db = r.result;
      if (!db.objectStoreNames.contains(${JSON.stringify(store)})) { db.close(); return resolve(0); }
      var q = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).count();
      q.onsuccess = function () { db.close(); resolve(q.result); };
    };
  })`) as Promise<number>;
}

function held() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe('a service worker stopped mid-work resumes cleanly', () => {
  const net = new FakeInternet();
  let b: Browser;
  let page: Page;
  let cdp: CDPSession;
  let holdFeed = held();
  let holdTranslation: ReturnType<typeof held> | undefined;

  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, async (req, res) => {
      // The first request hangs until the test has stopped the worker.
      if (net.requestsTo('rss.arxiv.org', '/rss/').length === 1) await holdFeed.gate;
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.end(STAT);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', async (req, res) => {
      if (holdTranslation) await holdTranslation.gate;
      const texts = JSON.parse(req.body) as string[];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `译：${t}`, to: 'zh-Hans' }] }))));
    });
    await net.start();
    b = await launch(net);
    page = await until(() => b.context.pages().find((p) => p.url().includes('/options.html')), 'the welcome page');
    cdp = await b.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
  });
  after(async () => {
    holdFeed.release();
    holdTranslation?.release();
    await b?.close();
    await net.stop();
  });

  const stopWorker = async () => {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(async () => !(await cdp.send('Target.getTargets')).targetInfos.some((t) => t.type === 'service_worker'), 'the worker to stop');
  };
  const wake = () => page.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'get-status' }));

  it('stopped while fetching the feed: nothing stored; the next start fetches and stores it once', async () => {
    await until(() => net.requestsTo('rss.arxiv.org', '/rss/').length === 1, 'the install-time fetch');
    holdTranslation = held(); // translations of the coming listing will hang until the next test
    await stopWorker();
    holdFeed.release();
    // Other alarms (Hugging Face) may wake a fresh worker at any moment, which then syncs again; so what
    // must hold is that the database is never half-written: either nothing of the listing, or all of it.
    for (let i = 0; i < 10; i++) {
      const state = await counts(page, ['papers', 'listings', 'days']);
      assert.ok(JSON.stringify(state) === '[0,0,0]' || JSON.stringify(state) === '[123,123,1]', `consistent: ${state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await wake();
    await until(async () => (await count(page, 'days')) === 1, 'the listing after restart', 30_000);
    assert.equal(await count(page, 'papers'), 123);
    assert.equal(await count(page, 'listings'), 123);
    // The killed request never completed; the restarted worker fetched once more.
    assert.equal(net.requestsTo('rss.arxiv.org', '/rss/').length, 2);
    await until(async () => (await b.badge()).text === String(EXPECTED), `badge ${EXPECTED}`);
  });

  it('stopped during a translation batch: the queue survives and the next start finishes it', async () => {
    await until(() => net.requestsTo('edge.microsoft.com').length >= 1, 'the first translation request', 30_000);
    const jobsBefore = await count(page, 'translateJobs');
    assert.ok(jobsBefore > 0, 'jobs are queued in IndexedDB');
    await stopWorker();
    holdTranslation!.release();
    holdTranslation = undefined;
    await new Promise((r) => setTimeout(r, 500));
    // The answer arrived after the worker died: nothing from that batch was written.
    assert.equal(await count(page, 'paperText'), 0);
    assert.equal(await count(page, 'translateJobs'), jobsBefore);
    await wake();
    await until(async () => (await count(page, 'translateJobs')) === 0, 'the queue to finish after restart', 60_000);
    // Every title and abstract of the listing is translated, each paper one record.
    assert.equal(await count(page, 'paperText'), EXPECTED);
    const popup = await b.open('popup.html');
    await until(async () => (await popup.locator('.tr-title').count()) === EXPECTED, 'translated titles in the popup');
    assert.deepEqual(b.errors, []);
  });
});
