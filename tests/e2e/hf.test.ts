/**
 * Hugging Face daily papers, data level, in real Chromium with the built extension: on its first start the
 * background fetches the day's list from (the fake) huggingface.co on its own alarm and gate, stores the
 * real answer of 12 Jun 2026 beside arXiv's listing — a paper in both sources stays one record — queues
 * the trending titles for translation, answers the Trending tab's message, asks again conditionally, and
 * keeps the list through a 429 and a changed answer. Checked through the message protocol and IndexedDB.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FakeInternet, fixture, launch, until, type Browser } from './harness';

const HF = fixture('hf/daily_papers-2026-06-12.json');
const STAT = fixture('rss/stat-2024-03-26.rss.xml');
/** Derived: the real stat feed with one paper's id changed to a paper of the Hugging Face answer. */
const SHARED_ID = '2606.13392';
const STAT_WITH_SHARED = STAT.replaceAll('2403.15999', SHARED_ID);
const STAT_ITEMS = [...STAT.matchAll(/<item>/g)].length;

/** The fixture read independently of the product: ids by upvotes, ties in the answer's order. */
const entries = (JSON.parse(HF) as Array<{ paper: { id: string; upvotes: number; githubRepo?: string } }>).map((e, i) => ({ ...e.paper, rank: i + 1 }));
const BY_UPVOTES = [...entries].sort((a, b) => b.upvotes - a.upvotes || a.rank - b.rank).map((e) => e.id);
const WITH_REPO = entries.filter((e) => e.githubRepo).length;

/** The daily list due at `t`: yesterday (UTC) once 00:30 UTC has passed. */
function dueDate(t: number): string {
  const d = new Date(t - 30 * 60_000);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** One message to the background from an extension page, unwrapped. */
async function ask<T>(page: Page, message: Record<string, unknown>): Promise<T> {
  const env = (await page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message)) as { ok: boolean; value?: T; error?: string };
  if (!env?.ok) throw new Error(env?.error ?? 'no answer');
  return env.value as T;
}

/** One record of the extension's IndexedDB (plain JS in the page). */
function record(page: Page, store: string, key: unknown): Promise<any> {
  return page.evaluate(`new Promise(function (resolve, reject) {
    var r = indexedDB.open('arxiv-daily');
    r.onerror = function () { reject(r.error); };
    r.onsuccess = function () {
      var db = r.result;
      var q = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).get(${JSON.stringify(key)});
      q.onsuccess = function () { db.close(); resolve(q.result); };
      q.onerror = function () { db.close(); reject(q.error); };
    };
  })`);
}

function count(page: Page, store: string): Promise<number> {
  return page.evaluate(`new Promise(function (resolve, reject) {
    var r = indexedDB.open('arxiv-daily');
    r.onerror = function () { reject(r.error); };
    r.onsuccess = function () {
      var db = r.result;
      var q = db.transaction(${JSON.stringify(store)}).objectStore(${JSON.stringify(store)}).count();
      q.onsuccess = function () { db.close(); resolve(q.result); };
    };
  })`) as Promise<number>;
}

interface TrendingReply {
  date?: string;
  items: Array<{ paper: { id: string; title: string; categories: string[] }; hf: { id: string; upvotes: number; rank: number; date: string; githubRepo?: string; githubStars?: number } }>;
  days: Array<{ date: string; count: number }>;
  state: { lastOutcome?: string; lastDate?: string; error?: { kind: string; message: string }; retryAt?: string; next?: { at: string; date: string; reason: string } };
  fetching: boolean;
}

describe('Hugging Face daily papers: fetched, stored once beside arXiv, errors kept as state', () => {
  const net = new FakeInternet();
  let b: Browser;
  let page: Page;
  let served: 'good' | '429' | 'changed' = 'good';
  const ETAG = 'W/"hf-2026-06-12"';

  before(async () => {
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(STAT_WITH_SHARED);
    });
    net.route('huggingface.co', '/api/daily_papers', (req, res) => {
      if (served === '429') {
        res.writeHead(429, { 'Retry-After': '600', 'Content-Type': 'text/plain' });
        return void res.end('Too Many Requests');
      }
      if (served === 'changed') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ papers: JSON.parse(HF) }));
      }
      if (req.headers['if-none-match'] === ETAG) {
        res.writeHead(304, { ETag: ETAG });
        return void res.end();
      }
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ETag: ETAG });
      res.end(HF);
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `译文：${t}`, to: 'zh-Hans' }] }))));
    });
    await net.start();
    b = await launch(net);
    // Not the popup: it marks the papers it shows as seen, which would move the badge under the test.
    page = await b.open('options.html');
  });
  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('fetches the day due from huggingface.co on first start, without being asked', async () => {
    const started = Date.now();
    const reqs = await until(() => (net.requestsTo('huggingface.co').length ? net.requestsTo('huggingface.co') : undefined), 'a request to huggingface.co', 30_000);
    assert.equal(reqs.length, 1, 'one request: the answer is shorter than a page');
    const url = new URL(reqs[0]!.path, 'https://huggingface.co');
    assert.equal(url.pathname, '/api/daily_papers');
    assert.ok([dueDate(started - 60_000), dueDate(Date.now())].includes(url.searchParams.get('date')!), `date ${url.searchParams.get('date')}`);
    assert.equal(url.searchParams.get('sort'), 'trending');
    assert.equal(url.searchParams.get('limit'), '100');
    assert.match(String(reqs[0]!.headers.accept), /application\/json/);
    assert.equal(reqs[0]!.headers['if-none-match'], undefined);
  });

  it('answers the Trending message: 30 papers in upvote order with their Hugging Face data', async () => {
    const reply = await until(async () => {
      const r = await ask<TrendingReply>(page, { type: 'trending' });
      return r.items.length && !r.fetching ? r : undefined;
    }, 'the trending list to be stored');
    const asked = new URL(net.requestsTo('huggingface.co')[0]!.path, 'https://x').searchParams.get('date');
    assert.equal(reply.date, asked);
    assert.deepEqual(reply.days.map((d) => [d.date, d.count]), [[asked, 30]]);
    assert.deepEqual(reply.items.map((i) => i.paper.id), BY_UPVOTES);
    assert.equal(reply.items.filter((i) => i.hf.githubRepo).length, WITH_REPO);
    const top = reply.items[0]!;
    assert.equal(top.hf.upvotes, 118);
    assert.equal(top.paper.title, (JSON.parse(HF) as Array<{ paper: { id: string; title: string } }>).find((e) => e.paper.id === top.paper.id)!.paper.title);
    assert.equal(reply.state.lastOutcome, 'new');
    assert.equal(reply.state.lastDate, asked);
    // Its own alarm, apart from arXiv's, for tomorrow's slot (00:30–02:30 UTC).
    assert.equal(reply.state.next?.reason.endsWith(':daily'), true);
    const alarms = (await (await b.worker()).evaluate(() => (globalThis as any).chrome.alarms.getAll())) as Array<{ name: string; scheduledTime: number }>;
    const hf = alarms.find((a) => a.name === 'hf-poll');
    assert.ok(hf, 'an hf-poll alarm');
    assert.ok(alarms.some((a) => a.name === 'arxiv-poll'), 'the arXiv alarm is separate');
    const at = new Date(hf!.scheduledTime);
    assert.ok(at.getTime() > Date.now());
    const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
    assert.ok(minutes >= 30 && minutes < 150, `slot ${at.toISOString()}`);
  });

  it('a paper in both sources is one record: arXiv\'s, with Hugging Face\'s data beside it', async () => {
    await until(async () => (await count(page, 'papers')) === STAT_ITEMS + 29, `${STAT_ITEMS + 29} papers`, 30_000);
    const shared = await record(page, 'papers', SHARED_ID);
    assert.ok(shared.categories.includes('stat.ML'), 'arXiv\'s categories are kept');
    assert.equal(shared.announceDay, '2024-03-26');
    const hf = await record(page, 'hfPapers', SHARED_ID);
    assert.equal(hf.upvotes, 103);
    assert.equal(hf.githubStars, 251);
    const reply = await ask<TrendingReply>(page, { type: 'trending' });
    const items = reply.items.filter((i) => i.paper.id === SHARED_ID);
    assert.equal(items.length, 1);
    assert.deepEqual(items[0]!.paper.categories, shared.categories);
    // A paper only Hugging Face knows: no categories, arXiv links.
    const only = await record(page, 'papers', '2606.13681');
    assert.deepEqual(only.categories, []);
    assert.equal(only.links.abs, 'https://arxiv.org/abs/2606.13681');
  });

  it('queues the trending titles for translation through the shared pipeline', async () => {
    const row = await until(async () => {
      const r = await record(page, 'paperText', ['2606.13681', 'zh-CN']);
      return r?.title ? r : undefined;
    }, 'the translated title of a trending paper', 30_000);
    const title = (await record(page, 'papers', '2606.13681')).title;
    assert.equal(row.title.text, `译文：${title}`);
  });

  it('a refresh asks conditionally (ETag) and keeps the list when unchanged', async () => {
    const report = await ask<{ outcome: string; requests: number }>(page, { type: 'trending-refresh' });
    assert.equal(report.outcome, 'unchanged');
    const reqs = net.requestsTo('huggingface.co');
    assert.equal(reqs.at(-1)!.headers['if-none-match'], ETAG);
    assert.equal((await ask<TrendingReply>(page, { type: 'trending' })).items.length, 30);
  });

  it('429 with Retry-After and a changed answer are kept as state in words; the list stays', async () => {
    const listDay = (await ask<TrendingReply>(page, { type: 'trending' })).date;
    served = '429';
    const before = Date.now();
    const r429 = await ask<{ outcome: string; error?: { message: string }; retryAt?: string }>(page, { type: 'trending-refresh', date: '2026-06-13' });
    assert.equal(r429.outcome, 'error');
    assert.equal(r429.error?.message, 'Hugging Face answered 429 (too many requests)');
    const wait = Date.parse(r429.retryAt!) - before;
    assert.ok(wait >= 590_000 && wait < 700_000, `retry after ${wait} ms`);
    let reply = await ask<TrendingReply>(page, { type: 'trending' });
    assert.equal(reply.state.error?.message, 'Hugging Face answered 429 (too many requests)');
    assert.equal(reply.date, listDay);
    assert.equal(reply.items.length, 30);

    served = 'changed';
    const changed = await ask<{ outcome: string; error?: { kind: string; message: string } }>(page, { type: 'trending-refresh', date: '2026-06-14' });
    assert.equal(changed.error?.kind, 'changed');
    assert.match(changed.error!.message, /changed format: the answer is an object, not a list of papers/);
    reply = await ask<TrendingReply>(page, { type: 'trending' });
    assert.equal(reply.state.lastOutcome, 'error');
    assert.deepEqual(reply.items.map((i) => i.paper.id), BY_UPVOTES);
    served = 'good';
  });

  it('trending keyword matches count on the badge only after opting in', async () => {
    const settings = (await page.evaluate(() => (globalThis as any).chrome.storage.local.get('settings'))).settings ?? {};
    // "diffusion": three trending papers only Hugging Face knows (read from the fixture by hand).
    await page.evaluate((s) => (globalThis as any).chrome.storage.local.set({ settings: s }), { ...settings, version: settings.version ?? 3, keywords: ['diffusion'] });
    await page.waitForTimeout(1000);
    const base = Number((await b.badge()).text || '0');
    await page.evaluate((s) => (globalThis as any).chrome.storage.local.set({ settings: s }), {
      ...settings,
      version: settings.version ?? 3,
      keywords: ['diffusion'],
      trending: { enabled: true, countOnBadge: true },
    });
    await until(async () => Number((await b.badge()).text || '0') === base + 3, `badge ${base} + 3`);
    assert.deepEqual(b.errors, []);
  });
});
