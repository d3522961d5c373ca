/**
 * Inline translation on a long listing, in real Chromium: a 2,000-entry `/list/cs.AI/new` page built
 * from the real markup of list-cs.AI-new-2026-08-12.excerpt.html (its new, cross-list and replaced
 * entries repeated with fresh ids, one `dl#articles` per section as on the live page), every paper
 * stored with its translations cached (seeded into the extension's IndexedDB), keywords set so
 * the extension also matches, highlights and dims all 2,000 entries. Measured in the same run, on
 * the same page: a browser with the extension against a browser without it —
 * - time from navigation start until every entry in the viewport shows its translations;
 * - the longest main-thread task after DOMContentLoaded, and the longest task that ran the extension's
 *   script, from the browser's own trace (the page's PerformanceObserver 'longtask' is reported too; Chrome
 *   leaves content-script tasks out of what a page may observe, so it cannot see the extension's own);
 * - the page's load event, and how many entries got translated (lazily: only those near the viewport).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { FakeInternet, launch, type Browser } from '../tests/e2e/harness';
import { DEFAULT_SETTINGS } from '../lib/settings';
import { textHash } from '../lib/text/hash';
import { ms, row } from './util';

const EXCERPT = readFileSync(new URL('../../shared/fixtures/html/list-cs.AI-new-2026-08-12.excerpt.html', import.meta.url), 'utf8');
const STAT = readFileSync(new URL('../../shared/fixtures/rss/stat-2024-03-26.rss.xml', import.meta.url), 'utf8');

type Section = 'new' | 'cross' | 'replace';
interface Template {
  id: string;
  section: Section;
  /** The `<dt>…</dd>` markup as recorded. */
  markup: string;
  title: string;
  abstract: string;
  authors: string[];
}

function decode(s: string): string {
  return s
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The excerpt's six entries, with their section and text (what the live page shows). */
export function excerptEntries(): Template[] {
  const out: Template[] = [];
  let section: Section = 'new';
  const parts = EXCERPT.split(/(?=<h3>)|(?=<dt>)/);
  for (const part of parts) {
    if (part.startsWith('<h3>')) {
      section = /Cross/.test(part) ? 'cross' : /Replacement/.test(part) ? 'replace' : section;
      continue;
    }
    if (!part.startsWith('<dt>')) continue;
    const markup = part.slice(0, part.indexOf('</dd>') + '</dd>'.length);
    const id = /id="(\d{4}\.\d{5})"/.exec(markup)![1]!;
    const title = decode(/<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>([\s\S]*?)<\/div>/.exec(markup)![1]!);
    const abstract = decode(/<p class='mathjax'>([\s\S]*?)<\/p>/.exec(markup)![1]!);
    const authors = [...(/<div class='list-authors'>([\s\S]*?)<\/div>/.exec(markup)![1]!).matchAll(/>([^<]+)<\/a>/g)].map((m) => decode(m[1]!));
    out.push({ id, section, markup, title, abstract, authors });
  }
  return out;
}

export interface ListingPageOptions {
  /** Entries in all (default: the six recorded ones with their own ids). */
  entries?: number;
  /** Load arXiv's MathJax switch (`mathjaxToggle.min.js`, which the tests serve) like the live page. */
  scripts?: boolean;
}

export interface BuiltListing {
  html: string;
  papers: Array<{ id: string; section: Section; title: string; abstract: string; authors: string[] }>;
}

/** A `/list/cs.AI/new` page: the recorded entries (or `entries` of them, repeated with fresh ids) in a minimal page. */
export function listingPage(opts: ListingPageOptions = {}): BuiltListing {
  const templates = excerptEntries();
  const n = opts.entries ?? templates.length;
  const bySection: Record<Section, Template[]> = { new: [], cross: [], replace: [] };
  for (const t of templates) bySection[t.section].push(t);
  // A real /new day is about 60 % new submissions, 25 % cross-lists, 15 % replacements.
  const counts: Record<Section, number> =
    opts.entries === undefined
      ? { new: bySection.new.length, cross: bySection.cross.length, replace: bySection.replace.length }
      : { new: Math.round(n * 0.6), cross: Math.round(n * 0.25), replace: n - Math.round(n * 0.6) - Math.round(n * 0.25) };
  const papers: BuiltListing['papers'] = [];
  const sections: string[] = [];
  let k = 0;
  for (const section of ['new', 'cross', 'replace'] as const) {
    const list = bySection[section];
    const items: string[] = [];
    for (let i = 0; i < counts[section]; i++) {
      const t = list[i % list.length]!;
      const id = opts.entries === undefined ? t.id : `2608.${String(20000 + k).padStart(5, '0')}`;
      k++;
      const markup =
        opts.entries === undefined ? t.markup : t.markup.split(t.id).join(id).replace(/name='item\d+'>\[\d+\]/, `name='item${k}'>[${k}]`);
      items.push(markup);
      papers.push({ id, section, title: t.title, abstract: t.abstract, authors: t.authors });
    }
    const heading = { new: 'New submissions', cross: 'Cross submissions', replace: 'Replacement submissions' }[section];
    sections.push(`<dl id='articles'>\n<h3>${heading} (showing ${counts[section]} of ${counts[section]} entries)</h3>\n${items.join('\n')}\n</dl>`);
  }
  const head = opts.scripts
    ? `<script src="/static/browse/0.3.4/js/mathjaxToggle.min.js" type="text/javascript"></script>`
    : '';
  const tail = opts.scripts ? `<script type="text/javascript">mathjaxToggle();</script>` : '';
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Artificial Intelligence  new submissions</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" type="text/css" media="screen" href="/static/browse/0.3.4/css/arXiv.css">${head}</head>
<body><div id="content"><div id="content-inner"><div id="dlpage">
<h1>Artificial Intelligence</h1>
<h3>Showing new listings for Wednesday, 12 August 2026</h3>
${sections.join('\n')}
</div></div></div>${tail}</body></html>`;
  return { html, papers };
}

// ---------------------------------------------------------------------------------------------
// The benchmark

/** Runs in an extension page: stores the papers, their listing day and their translations in the extension's IndexedDB. */
const SEED_IN_PAGE = `async function ({ papers, texts, day }) {
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
  var tx = db.transaction(['papers', 'listings', 'days', 'paperText'], 'readwrite');
  papers.forEach(function (p) {
    tx.objectStore('papers').put(p);
    tx.objectStore('listings').put({ day: day, id: p.id, type: p.announceType });
  });
  texts.forEach(function (t) { tx.objectStore('paperText').put(t); });
  tx.objectStore('days').put({ day: day, announcedAt: new Date().toISOString(), fetchedAt: new Date().toISOString(), counts: { new: papers.length, cross: 0, replace: 0, 'replace-cross': 0 } });
  await new Promise(function (resolve, reject) { tx.oncomplete = resolve; tx.onerror = function () { reject(tx.error); }; });
  db.close();
  return papers.length;
}`;

/** In the page from its first script: long tasks, and when every entry in the viewport first shows its translations. */
const PROBE = `
  window.__longtasks = [];
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) { window.__longtasks.push({ start: e.startTime, duration: e.duration }); });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  function visibleDone() {
    var dds = document.querySelectorAll('dl#articles > dd');
    var seen = 0;
    for (var i = 0; i < dds.length; i++) {
      var r = dds[i].getBoundingClientRect();
      if (r.bottom <= 0) continue;
      if (r.top >= innerHeight) break;
      seen++;
      if (!dds[i].querySelector('.adt-tr-title') || !dds[i].querySelector('.adt-tr-abstract')) return false;
    }
    return seen > 0;
  }
  new MutationObserver(function (records, obs) {
    if (window.__visibleDone === undefined && visibleDone()) {
      window.__visibleDone = performance.now();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

interface Run {
  load: number;
  visible?: number;
  /** PerformanceObserver 'longtask' in the page: the longest after DOMContentLoaded (0: none over 50 ms). */
  observedAfterDcl: number;
  /** From the browser's trace: the longest main-thread task after DOMContentLoaded… */
  taskAfterDcl: number;
  /** …the longest one that ran the extension's script, and the most extension script in one task. */
  extensionTask: number;
  extensionScript: number;
  /** The probe's task: one line added by the page near the top. */
  probe: number;
  translated: number;
}

export type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, any> };

/** Records the browser's trace (main-thread tasks, script calls) around `run`. */
export async function traced(page: Page, run: () => Promise<void>): Promise<TraceEvent[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', '__metadata'] },
  });
  await run();
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const handle = await complete;
  const chunks: string[] = [];
  for (;;) {
    const r = await cdp.send('IO.read', { handle, size: 4 << 20 });
    chunks.push(r.base64Encoded ? Buffer.from(r.data, 'base64').toString('utf8') : r.data);
    if (r.eof) break;
  }
  await cdp.send('IO.close', { handle });
  await cdp.detach();
  const parsed = JSON.parse(chunks.join('')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(parsed) ? parsed : parsed.traceEvents;
}

/**
 * The page's main thread: its longest task after DOMContentLoaded; its longest task that ran extension
 * script, and the longest stretch of extension script in one task; the task of the probe (a one-line
 * change the page itself makes near the top, what any change costs on this page).
 */
function tasks(events: TraceEvent[], path: string): { afterDcl: number; extension: number; script: number; probe: number } {
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').includes(path));
  if (!parse) return { afterDcl: NaN, extension: NaN, script: NaN, probe: NaN };
  const mine = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
  const dcl = mine.find((e) => e.name === 'MarkDOMContent')?.ts ?? parse.ts;
  const runs = mine.filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur !== undefined);
  const scripts = mine.filter((e) => String(e.args?.data?.url ?? '').startsWith('chrome-extension://'));
  const probeMark = events.find((e) => e.name === PROBE_MARK);
  let afterDcl = 0;
  let extension = 0;
  let script = 0;
  let probe = NaN;
  for (const t of runs) {
    const ms = t.dur! / 1000;
    const inside = (e: TraceEvent) => e.ts >= t.ts && e.ts <= t.ts + t.dur!;
    if (probeMark && inside(probeMark)) probe = ms;
    if (t.ts >= dcl && !(probeMark && inside(probeMark))) afterDcl = Math.max(afterDcl, ms);
    const ours = scripts.filter((s) => inside(s) && s.ph === 'X' && s.dur !== undefined);
    if (ours.length) {
      extension = Math.max(extension, ms);
      script = Math.max(script, ours.reduce((sum, s) => sum + s.dur! / 1000, 0));
    }
  }
  return { afterDcl, extension, script, probe };
}

const PROBE_MARK = 'arxiv-daily-bench-probe';
/** The page adds one line under the first entry's title in an animation frame (marked for the trace). */
const CHANGE_PROBE = `new Promise(function (resolve) {
  requestAnimationFrame(function () {
    performance.mark('${PROBE_MARK}');
    var p = document.createElement('div');
    p.textContent = 'One more line, added by the page.';
    document.querySelector('dl#articles > dd .list-title').after(p);
    setTimeout(resolve, 300);
  });
})`;

async function measure(page: Page, url: string, withExtension: boolean): Promise<Run> {
  const events = await traced(page, async () => {
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    if (withExtension) await page.waitForFunction('window.__visibleDone !== undefined', undefined, { timeout: 60_000, polling: 50 });
    // Let the trailing work settle (keyword matching over all entries, seen marks), then the probe.
    await page.waitForTimeout(2500);
    await page.evaluate(CHANGE_PROBE);
  });
  const inPage = (await page.evaluate(`(function () {
    var nav = performance.getEntriesByType('navigation')[0];
    var dcl = nav.domContentLoadedEventEnd;
    var probe = performance.getEntriesByName('${PROBE_MARK}')[0];
    var end = probe ? probe.startTime : Infinity;
    var after = (window.__longtasks || []).filter(function (t) { return t.start >= dcl && t.start + t.duration < end; });
    return {
      load: nav.loadEventEnd,
      visible: window.__visibleDone,
      observedAfterDcl: after.reduce(function (m, t) { return Math.max(m, t.duration); }, 0),
      translated: document.querySelectorAll('.adt-tr-title').length,
    };
  })()`)) as Omit<Run, 'taskAfterDcl' | 'extensionTask' | 'extensionScript' | 'probe'>;
  const t = tasks(events, new URL(url).pathname);
  return { ...inPage, taskAfterDcl: t.afterDcl, extensionTask: t.extension, extensionScript: t.script, probe: t.probe };
}

/** Stores the papers (listing day 2026-08-12) with their translations cached, and sets keywords and dimming. */
export async function seedListing(b: Browser, papers: BuiltListing['papers'], inline: { keywords: string[]; dimOthers: 'none' | 'dim' | 'hide' }): Promise<void> {
  const options = await b.open('options.html');
  const stored = papers.map((p) => ({
    id: p.id,
    version: 1,
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    categories: ['cs.AI'],
    announceType: p.section,
    announceDay: '2026-08-12',
    links: { abs: `https://arxiv.org/abs/${p.id}`, pdf: '', html: '' },
  }));
  const at = Date.now();
  const texts = papers.map((p) => ({
    id: p.id,
    lang: 'zh-CN',
    title: { text: `译文：${p.title}`, sourceHash: textHash(p.title), service: 'microsoft', at },
    abstract: { text: `译文：${p.abstract}`, sourceHash: textHash(p.abstract), service: 'microsoft', at },
  }));
  await options.evaluate(`(${SEED_IN_PAGE})(${JSON.stringify({ papers: stored, texts, day: '2026-08-12' })})`);
  await options.evaluate(`(async function (defaults, inline) {
    var s = (await chrome.storage.local.get('settings')).settings || defaults;
    s.keywords = inline.keywords;
    s.inline = { enabled: true, dimOthers: inline.dimOthers };
    await chrome.storage.local.set({ settings: s });
  })(${JSON.stringify(DEFAULT_SETTINGS)}, ${JSON.stringify(inline)})`);
  await options.close();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchListing(runs = 5): Promise<void> {
  const N = 2000;
  const { html, papers } = listingPage({ entries: N });
  console.log(`\nInline translation: a ${N.toLocaleString('en')}-entry /list/cs.AI/new page (${(html.length / 1e6).toFixed(1)} MB) from the real markup, translations cached, 1280×800, median of ${runs}`);
  const net = new FakeInternet();
  let translationRequests = 0;
  net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
    res.end(STAT.replace(/<item>[\s\S]*<\/item>/, '')); // a weekend: nothing new to store
  });
  net.route('arxiv.org', /^\/static\//, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/css' });
    res.end('');
  });
  net.route('arxiv.org', '/list/cs.AI/new', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  net.route('edge.microsoft.com', /.*/, (req, res) => {
    translationRequests++;
    const texts = JSON.parse(req.body || '[]') as string[];
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(texts.map((t) => ({ translations: [{ text: `译文：${t}`, to: 'zh-Hans' }] }))));
  });
  await net.start();
  const url = 'https://arxiv.org/list/cs.AI/new';
  let ext: Browser | undefined;
  let plain: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    ext = await launch(net);
    await new Promise((r) => setTimeout(r, 1500)); // the install-time fetch (an empty feed)
    await seedListing(ext, papers, { keywords: ['reinforcement learning', 'LLM'], dimOthers: 'dim' });

    plain = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP * 127.0.0.1:${net.port}, EXCLUDE localhost`, '--ignore-certificate-errors'],
    });
    const plainContext = await plain.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 } });

    const withExt: Run[] = [];
    const without: Run[] = [];
    for (let i = 0; i <= runs; i++) {
      // Alternate, so both see the same machine state; the first of each is a warm-up.
      const a = await ext.context.newPage();
      await a.setViewportSize({ width: 1280, height: 800 });
      await a.addInitScript(PROBE);
      const ra = await measure(a, url, true);
      await a.close();
      const b = await plainContext.newPage();
      await b.addInitScript(PROBE);
      const rb = await measure(b, url, false);
      await b.close();
      if (i > 0) {
        withExt.push(ra);
        without.push(rb);
      }
    }
    const m = (rs: Run[], k: keyof Run) => median(rs.map((r) => Number(r[k] ?? 0)));
    const base = m(without, 'load');
    row('baseline: load event, without the extension', ms(base), '1.00×');
    row('load event, with the extension', ms(m(withExt, 'load')), `${(m(withExt, 'load') / base).toFixed(2)}× baseline`);
    row('visible entries translated (from navigation)', ms(m(withExt, 'visible')), `${(m(withExt, 'visible') / base).toFixed(2)}× the baseline's load event`);
    row('longest task after DOMContentLoaded, without', ms(m(without, 'taskAfterDcl')), 'browser trace, page main thread');
    row('longest task after DOMContentLoaded, with', ms(m(withExt, 'taskAfterDcl')), `${(m(withExt, 'taskAfterDcl') / m(without, 'taskAfterDcl')).toFixed(2)}× without`);
    row("longest task running the extension's script", ms(m(withExt, 'extensionTask')), 'browser trace: its script + rendering its changes');
    row("  of which the extension's own script", ms(m(withExt, 'extensionScript')), 'at most, in one task');
    row('a one-line change by the page, without / with', `${ms(m(without, 'probe'))} / ${ms(m(withExt, 'probe'))}`, "what any change costs on this page (with: the extension's CSS)");
    row("page's PerformanceObserver longtask, without / with", `${ms(m(without, 'observedAfterDcl'))} / ${ms(m(withExt, 'observedAfterDcl'))}`, 'after DOMContentLoaded (0: none over 50 ms)');
    row('entries translated when settled', `${m(withExt, 'translated')} of ${N}`, `lazy: only near the viewport · ${translationRequests} translation requests (cached)`);
  } finally {
    await plain?.close();
    await ext?.close();
    await net.stop();
  }
}
