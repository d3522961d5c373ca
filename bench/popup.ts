/**
 * Popup benchmark in real Chromium with the built extension: time from opening the popup to the first
 * list paint with 2,000 papers today and 60 days of history stored, against an empty popup (and against
 * 10 days of history, to show the cost does not grow with history), medians in the same run.
 */
import { readFileSync } from 'node:fs';
import { parseFeed } from '../lib/arxiv/feed';
import { FakeInternet, launch, type Browser } from '../tests/e2e/harness';
import { ms, row } from './util';

const STAT = readFileSync(new URL('../../shared/fixtures/rss/stat-2024-03-26.rss.xml', import.meta.url), 'utf8');
const EMPTY_FEED = STAT.replace(/<item>[\s\S]*<\/item>/, ''); // a valid feed with no items (a weekend)

/** Records when the first paper card (or the empty state) is painted. */
const PAINT_PROBE = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('article.paper, .empty')) {
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__firstPaint = performance.now(); }, 0));
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Runs in the extension page: writes listings straight into the extension's IndexedDB. */
const SEED_IN_PAGE = `async function ({ template, todayCount, historyDays, perHistoryDay }) {
  function open() {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open('arxiv-daily');
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }
  var db = await open();
  for (var k = 0; k < 50 && !db.objectStoreNames.contains('translateJobs'); k++) {
    db.close();
    await new Promise(function (r) { setTimeout(r, 100); });
    db = await open();
  }
  function day(n) { return new Date(Date.UTC(2024, 5, 30) - n * 86400000).toISOString().slice(0, 10); }
  var n = 0;
  for (var d = historyDays; d >= 0; d--) {
    var count = d === 0 ? todayCount : perHistoryDay;
    var tx = db.transaction(['papers', 'listings', 'days'], 'readwrite');
    for (var i = 0; i < count; i++) {
      var t = template[i % template.length];
      var id = '24' + String(d).padStart(2, '0') + '.' + String(i).padStart(5, '0');
      tx.objectStore('papers').put(Object.assign({}, t, { id: id, announceDay: day(d), links: { abs: 'https://arxiv.org/abs/' + id, pdf: '', html: '' } }));
      tx.objectStore('listings').put({ day: day(d), id: id, type: 'new' });
      n++;
    }
    tx.objectStore('days').put({ day: day(d), announcedAt: new Date().toISOString(), fetchedAt: new Date().toISOString(), counts: { new: count, cross: 0, replace: 0, 'replace-cross': 0 } });
    await new Promise(function (resolve, reject) { tx.oncomplete = resolve; tx.onerror = function () { reject(tx.error); }; });
  }
  db.close();
  return n;
}`;

async function seed(b: Browser, todayCount: number, historyDays: number, perHistoryDay: number): Promise<number> {
  const template = parseFeed(STAT).papers.map((p) => ({ ...p, categories: ['cs.LG', ...p.categories] }));
  const page = await b.open('options.html');
  // Plain JavaScript text: the TypeScript loader's helpers must not leak into the page.
  const stored = (await page.evaluate(`(${SEED_IN_PAGE})(${JSON.stringify({ template, todayCount, historyDays, perHistoryDay })})`)) as number;
  await page.close();
  return stored;
}

async function firstPaint(b: Browser, runs: number): Promise<{ median: number; cards: number }> {
  const times: number[] = [];
  let cards = 0;
  for (let i = 0; i < runs + 1; i++) {
    const page = await b.context.newPage();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.addInitScript(PAINT_PROBE);
    await page.goto(`chrome-extension://${b.extensionId}/popup.html`);
    // (A function, not a string: extension pages forbid eval.)
    await page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, undefined, { timeout: 30_000 });
    const t = await page.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint);
    cards = await page.locator('article.paper').count();
    if (i > 0) times.push(t); // the first opening warms the worker and caches
    await page.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, cards };
}

async function scenario(label: string, setup: (b: Browser) => Promise<number>) {
  const net = new FakeInternet();
  net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.end(EMPTY_FEED);
  });
  await net.start();
  const b = await launch(net);
  try {
    // Let the install-time fetch (an empty weekend feed) finish before seeding.
    await new Promise((r) => setTimeout(r, 1500));
    const stored = await setup(b);
    const r = await firstPaint(b, 7);
    return { label, stored, ...r };
  } finally {
    await b.close();
    await net.stop();
  }
}

export async function benchPopup(): Promise<void> {
  console.log('\nPopup: time to first list paint in Chromium (800×600, median of 7 openings after one warm-up)');
  const empty = await scenario('empty popup (no listing stored)', async () => 0);
  const short = await scenario('2,000 papers today + 10 days × 500 history', (b) => seed(b, 2000, 10, 500));
  const long = await scenario('2,000 papers today + 60 days × 500 history', (b) => seed(b, 2000, 60, 500));
  row(`baseline: ${empty.label}`, ms(empty.median), '1.00×');
  for (const s of [short, long]) {
    row(s.label, ms(s.median), `${(s.median / empty.median).toFixed(2)}× empty · ${s.stored.toLocaleString('en')} papers stored · ${s.cards} cards in first paint`);
  }
  row('growth from 10 to 60 days of history', `${(long.median / short.median).toFixed(2)}×`, '1.00× = no growth');
}
