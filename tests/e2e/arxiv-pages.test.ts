/**
 * Inline translation on arxiv.org, end to end: the built extension in Chromium, with arxiv.org, its
 * MathJax, arXiv's API and Microsoft's (and Google's) web translator all served by this test.
 *
 * Pages: the real abs-1902.02534.html (not stored: citation meta tags); a /list/cs.AI/new page built
 * from the real list-cs.AI-new-2026-08-12 markup (new, cross-list and replaced entries in three
 * dl#articles); variants derived here from the real abstract page: 1605.08386 with the meta tags
 * taken out and the text left as 1902.02534's (so only arXiv's API — the real API answer for
 * 1605.08386 — can give the right text), and 2403.15999 with its math abstract from the real stat feed.
 * The feed the extension syncs is the real stat feed plus two items derived from the listing, so two
 * listing entries are stored papers. arXiv's MathJax 2 is stood in for by a small script that does
 * what MathJax 2.7 does to the DOM (`mathjax` classes only; rendering next to a `<script type="math/tex">`
 * holding the TeX). Every console message and exception of every world of each page is collected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';
import { listingPage } from '../../bench/listing';
import { DEFAULT_SETTINGS } from '../../lib/settings';
import { FakeInternet, artifact, fixture, launch, until, type Browser } from './harness';

const ABS = fixture('html/abs-1902.02534.html');
const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const API_1605 = fixture('api/api-2026-id_1605.08386_s0_m100.xml');
const LISTING = listingPage({ scripts: true });

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The real stat feed, plus the listing's two new cs.AI submissions as items (derived: same fields as the feed's own items). */
const STORED_FROM_LISTING = LISTING.papers.filter((p) => p.section === 'new');
const FEED = STAT.replace(
  '</channel>',
  STORED_FROM_LISTING.map(
    (p) => `<item>
      <title>${xml(p.title)}</title>
      <link>https://arxiv.org/abs/${p.id}</link>
      <description>arXiv:${p.id}v1 Announce Type: new 
Abstract: ${xml(p.abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:${p.id}v1</guid>
      <category>cs.AI</category>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:rights>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</dc:rights>
      <dc:creator>${xml(p.authors.join(', '))}</dc:creator>
    </item>`,
  ).join('\n') + '\n</channel>',
);

/** arXiv's API: the real answer for 1605.08386; the listing's cross-lists derived in its format; nothing for other ids (as arXiv answers unknown ids). */
const API_HEAD = API_1605.slice(0, API_1605.indexOf('<entry>'));
const API_ENTRY = API_1605.slice(API_1605.indexOf('<entry>'), API_1605.indexOf('</entry>') + '</entry>'.length);
const API_ENTRIES = new Map<string, string>([['1605.08386', API_ENTRY]]);
for (const p of LISTING.papers.filter((x) => x.section === 'cross')) {
  API_ENTRIES.set(
    p.id,
    API_ENTRY.split('1605.08386')
      .join(p.id)
      .replace(/<title>[^<]*<\/title>/, `<title>${xml(p.title)}</title>`)
      .replace(/<summary>[^<]*<\/summary>/, `<summary>${xml(p.abstract)}</summary>`),
  );
}
function apiAnswer(ids: string[]): string {
  return `${API_HEAD}${ids.map((id) => API_ENTRIES.get(id) ?? '').join('\n')}\n</feed>\n`;
}

/** 1605.08386: the real abstract page's markup with the citation meta tags taken out (its text stays 1902.02534's). */
const ABS_NO_META = ABS.replace(/<meta name="citation_[^>]*>/g, '').split('1902.02534').join('1605.08386');

/** 2403.15999 (a stored paper): the real abstract page's markup with the stat feed's title and math abstract. */
const MATH_ITEM = /<item>\s*<title>([^<]*)<\/title>\s*<link>https:\/\/arxiv\.org\/abs\/2403\.15999<\/link>\s*<description>arXiv:2403\.15999v1 Announce Type: new \nAbstract: ([^<]*)<\/description>/.exec(STAT)!;
const MATH_TITLE = MATH_ITEM[1]!;
const MATH_ABSTRACT = MATH_ITEM[2]!;
const ABS_MATH = ABS.split('1902.02534')
  .join('2403.15999')
  .replace(/(<h1 class="title mathjax"><span class="descriptor">Title:<\/span>)[^<]*/, `$1${MATH_TITLE}`)
  .replace(/(<blockquote class="abstract mathjax">\s*<span class="descriptor">Abstract:<\/span>)[\s\S]*?(\s*<\/blockquote>)/, `$1${MATH_ABSTRACT}$2`)
  .replace(/<meta name="citation_title" content="[^"]*"/, `<meta name="citation_title" content="${MATH_TITLE}"`)
  .replace(/<meta name="citation_abstract" content="[^"]*"/, `<meta name="citation_abstract" content="${MATH_ABSTRACT}"`);
const FORMULAS = MATH_ABSTRACT.match(/\$[^$]+\$/g)!.map((f) => f.slice(1, -1));

/** Search results, rendered here from arxiv-search's search-macros.html (no recorded search page exists), for two stored papers. */
const SEARCH_ITEMS = [
  { id: '2403.15999', title: MATH_TITLE, abstract: MATH_ABSTRACT, authors: ['Mengyue Zha'] },
  { ...LISTING.papers.find((p) => p.id === '2608.09967')! },
];
const SEARCH = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search | arXiv e-print repository</title>
<script src="/static/browse/0.3.4/js/mathjaxToggle.min.js"></script></head><body><main class="container"><div class="content">
<h1 class="title is-clearfix">Showing 1&ndash;2 of 2 results for all: <span class="mathjax">trace regression</span></h1>
<ol class="breathe-horizontal" start="1">${SEARCH_ITEMS.map(
  (p) => `<li class="arxiv-result">
    <div class="is-marginless"><p class="list-title is-inline-block"><a href="https://arxiv.org/abs/${p.id}">arXiv:${p.id}</a>
      <span>&nbsp;[<a href="https://arxiv.org/pdf/${p.id}">pdf</a>]&nbsp;</span></p></div>
    <p class="title is-5 mathjax">${xml(p.title)}</p>
    <p class="authors"><span class="has-text-black-bis has-text-weight-semibold">Authors:</span>
      ${p.authors.map((a) => `<a href="/a/x">${xml(a)}</a>`).join(', ')}</p>
    <p class="abstract mathjax"><span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
      <span class="abstract-short has-text-grey-dark mathjax" id="${p.id}v1-abstract-short" style="display: inline;">${xml(p.abstract.slice(0, 120))}… <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('${p.id}v1-abstract-full').style.display = 'inline'; document.getElementById('${p.id}v1-abstract-short').style.display = 'none';">&#9661; More</a></span>
      <span class="abstract-full has-text-grey-dark mathjax" id="${p.id}v1-abstract-full" style="display: none;">${xml(p.abstract)}
        <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('${p.id}v1-abstract-full').style.display = 'none'; document.getElementById('${p.id}v1-abstract-short').style.display = 'inline';">&#9651; Less</a></span>
    </p></li>`,
).join('\n')}</ol></div></main><script>mathjaxToggle();</script></body></html>`;

/** An HTML paper (LaTeXML's page structure, hand-built: no recorded one exists): the stored math paper, formulas as MathML with alttext. */
const HTML_PAPER = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${xml(MATH_TITLE)}</title></head><body>
<div class="ltx_page_main"><div class="ltx_page_content"><article class="ltx_document">
<h1 class="ltx_title ltx_title_document">${xml(MATH_TITLE)}</h1>
<div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6>
<p class="ltx_p" id="id1.id1">${xml(MATH_ABSTRACT).replace(/\$([^$]+)\$/g, (_m, tex: string) => `<math alttext="${tex.replace(/"/g, '&quot;')}" class="ltx_Math" display="inline"><semantics><mi>x</mi><annotation encoding="application/x-tex">${tex}</annotation></semantics></math>`)}</p>
</div><section class="ltx_section"><h2 class="ltx_title">1 Introduction</h2><p class="ltx_p">Body text.</p></section></article></div></div></body></html>`;

/** arXiv's `mathjaxToggle.min.js`: loads MathJax unless the reader disabled it (cookie), as arXiv's does. */
const MATHJAX_TOGGLE = `
function mathjaxToggle() {
  if (/(?:^|;\\s*)arxiv_mathjax=disabled/.test(document.cookie)) {
    var a = document.getElementById('mathjax_toggle');
    if (a) a.textContent = 'Enable MathJax';
    return;
  }
  var s = document.createElement('script');
  s.src = 'https://static.arxiv.org/MathJax-2.7.3/MathJax.js?config=TeX-AMS_HTML';
  document.head.appendChild(s);
}
function setMathjaxCookie() {}
`;

/**
 * A stand-in for MathJax 2.7.3 as arXiv configures it (tex2jax on \`$…$\`, processClass \`mathjax\`,
 * every other class ignored): each formula becomes a preview span, a rendered frame (glyphs that are
 * not the source) and a \`<script type="math/tex">\` with the TeX, like MathJax 2 leaves the DOM.
 */
const FAKE_MATHJAX = `
(function () {
  var PROCESS = /(^| )mathjax/;
  var n = 0;
  function render(tex) { return tex.replace(/\\\\[A-Za-z]+/g, '\\u25CA').replace(/[{}^_]/g, ''); }
  function typesetText(node) {
    var text = node.data, re = /\\$\\$([\\s\\S]+?)\\$\\$|\\$([^$]+?)\\$/g, m, last = 0, frag = document.createDocumentFragment(), found = false;
    while ((m = re.exec(text))) {
      found = true;
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      var tex = m[1] !== undefined ? m[1] : m[2];
      var preview = document.createElement('span'); preview.className = 'MathJax_Preview';
      var frame = document.createElement('span'); frame.className = 'MathJax'; frame.id = 'MathJax-Element-' + (++n) + '-Frame';
      frame.setAttribute('role', 'presentation'); frame.textContent = render(tex);
      var script = document.createElement('script'); script.type = m[1] !== undefined ? 'math/tex; mode=display' : 'math/tex';
      script.id = 'MathJax-Element-' + n; script.text = tex;
      frag.appendChild(preview); frag.appendChild(frame); frag.appendChild(script);
      last = re.lastIndex;
    }
    if (!found) return;
    if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(frag, node);
  }
  function scan(el) {
    var cls = typeof el.className === 'string' ? el.className : '';
    if (/(^| )MathJax/.test(cls) || /^(SCRIPT|STYLE|TEXTAREA|PRE|CODE)$/.test(el.tagName)) return;
    var process = PROCESS.test(cls);
    var kids = Array.prototype.slice.call(el.childNodes);
    for (var i = 0; i < kids.length; i++) {
      if (kids[i].nodeType === 3) { if (process) typesetText(kids[i]); }
      else if (kids[i].nodeType === 1) scan(kids[i]);
    }
  }
  var queue = Promise.resolve();
  var Hub = {
    Typeset: function (el) { window.__typeset = (window.__typeset || 0) + 1; scan(el || document.body); },
    Queue: function () {
      var jobs = Array.prototype.slice.call(arguments);
      queue = queue.then(function () {
        return new Promise(function (r) { setTimeout(r, 20); });
      }).then(function () {
        jobs.forEach(function (job) {
          if (typeof job === 'function') job();
          else { var f = job[0], o = job[1]; (typeof f === 'string' ? o[f] : f).apply(o, job.slice(2)); }
        });
      });
      return queue;
    },
  };
  window.MathJax = { Hub: Hub, version: '2.7.3 (test stand-in)' };
  Hub.Queue(['Typeset', Hub]);
})();
`;

/** A few of arXiv's own stylesheet rules (its CSS is not recorded), so screenshots look like arXiv and typography is worth copying. */
const ARXIV_CSS = `
body { font-family: "Lucida Grande", Helvetica, Arial, sans-serif; font-size: 100%; margin: 0 1em; color: #000; }
svg, img { max-width: 1.5em; max-height: 1.5em; }
header, footer, .ds-announcement, .extra-services, #labstabs, .arxiv-search-overlay, .ds-skip-link, #download-button-info { display: none; }
#abs h1.title { font-family: "Lucida Grande", Helvetica, Arial, sans-serif; font-size: x-large; font-weight: bold; line-height: 27px; margin: .5em 0 .3em 20px; }
#abs .descriptor { display: none; }
#abs blockquote.abstract .descriptor { display: inline; font-weight: bold; margin-right: .3em; }
#abs blockquote.abstract { font-size: .9rem; line-height: 1.4rem; margin: 1.3em 0 1.5em 20px; }
#abs .authors { margin: 0 0 0 20px; }
#abs .dateline { font-style: italic; font-size: 90%; margin: 0 0 0 20px; }
#dlpage dt { margin-top: .8em; }
#dlpage .list-title { font-size: large; font-weight: bold; margin: .25em 0 0; line-height: 120%; }
#dlpage .list-title .descriptor { display: none; }
#dlpage .meta p { font-size: 100%; line-height: 130%; margin: .5em 0; }
#dlpage .descriptor { font-weight: bold; }
#dlpage .list-authors { font-size: 110%; }
`;

/** Microsoft's web translator: each text "translated" as 译文：… with its markup (the placeholders) kept. */
function microsoft(texts: string[]) {
  return texts.map((t) => ({ detectedLanguage: { language: 'en', score: 1 }, translations: [{ text: `译文：${t}`, to: 'zh-Hans' }] }));
}

interface Watched {
  page: Page;
  errors: string[];
  cdp: CDPSession;
  /** Execution contexts of the page by id (the content script's isolated world among them). */
  contexts: Map<number, { name: string; origin: string; type?: string }>;
}

describe('inline translation on arxiv.org', () => {
  const net = new FakeInternet();
  let b: Browser;
  const sentToMicrosoft: string[][] = [];
  const apiIds: Array<{ ids: string[]; at: number }> = [];
  const opened: Watched[] = [];

  /** Opens an arxiv.org page, collecting every console error and exception of every world. */
  async function open(path: string, size = { width: 1280, height: 900 }): Promise<Watched> {
    const page = await b.context.newPage();
    await page.setViewportSize(size);
    const errors: string[] = [];
    const contexts = new Map<number, { name: string; origin: string; type?: string }>();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    const cdp = await b.context.newCDPSession(page);
    cdp.on('Runtime.executionContextCreated', (e) =>
      contexts.set(e.context.id, { name: e.context.name, origin: e.context.origin, type: (e.context.auxData as { type?: string } | undefined)?.type }),
    );
    cdp.on('Runtime.exceptionThrown', (e) => errors.push(`exception: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`));
    cdp.on('Runtime.consoleAPICalled', (e) => {
      if (e.type === 'error' || e.type === 'warning' || e.type === 'assert') {
        errors.push(`console.${e.type} (context ${e.executionContextId}): ${e.args.map((a) => a.value ?? a.description).join(' ')}`);
      }
    });
    cdp.on('Log.entryAdded', (e) => {
      if (e.entry.level === 'error' || e.entry.level === 'warning') errors.push(`log.${e.entry.level}: ${e.entry.text} ${e.entry.url ?? ''}`);
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Log.enable');
    await page.goto(`https://arxiv.org${path}`);
    const w = { page, errors, cdp, contexts };
    opened.push(w);
    return w;
  }

  async function extensionPage() {
    return b.open('options.html');
  }

  async function settle() {
    await until(async () => {
      const p = await extensionPage();
      const s = (await p.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'get-status' }))) as any;
      await p.close();
      return s.ok && s.value.lastSync && !s.value.syncing && !s.value.translation.running && s.value.translation.pending === 0;
    }, 'the first sync and its translations', 60_000);
  }

  before(async () => {
    // Whatever a page loads that the test does not care about (stylesheets, arXiv's scripts, images): an empty 200.
    for (const host of ['arxiv.org', 'static.arxiv.org', 'code.jquery.com', 'cdn.jsdelivr.net']) {
      net.route(host, /.*/, (req, res) => {
        const type = /\.css/.test(req.path)
          ? 'text/css'
          : /\.js/.test(req.path)
            ? 'text/javascript'
            : /\.svg/.test(req.path)
              ? 'image/svg+xml'
              : /manifest/.test(req.path)
                ? 'application/manifest+json'
                : 'application/octet-stream';
        res.writeHead(200, { 'Content-Type': type });
        res.end(type === 'image/svg+xml' ? '<svg xmlns="http://www.w3.org/2000/svg"/>' : type === 'application/manifest+json' ? '{"name":"arXiv"}' : '');
      });
    }
    net.route('arxiv.org', '/static/browse/0.3.4/css/arXiv.css', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/css' });
      res.end(ARXIV_CSS);
    });
    net.route('arxiv.org', '/static/browse/0.3.4/js/mathjaxToggle.min.js', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(MATHJAX_TOGGLE);
    });
    net.route('static.arxiv.org', '/MathJax-2.7.3/MathJax.js', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 200)); // MathJax arrives after the page
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(FAKE_MATHJAX);
    });
    const html = (body: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    net.route('arxiv.org', '/abs/1902.02534', html(ABS));
    net.route('arxiv.org', '/abs/1605.08386', html(ABS_NO_META));
    net.route('arxiv.org', '/abs/2403.15999', html(ABS_MATH));
    net.route('arxiv.org', '/list/cs.AI/new', html(LISTING.html));
    net.route('arxiv.org', '/search/', html(SEARCH));
    net.route('arxiv.org', '/html/2403.15999v1', html(HTML_PAPER));
    net.route('rss.arxiv.org', /^\/rss\//, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(FEED);
    });
    net.route('export.arxiv.org', '/api/query', (req, res) => {
      const ids = (new URL(req.path, 'https://x').searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      apiIds.push({ ids, at: Date.now() });
      res.writeHead(200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
      res.end(apiAnswer(ids));
    });
    net.route('edge.microsoft.com', '/translate/translatetext', (req, res) => {
      const texts = JSON.parse(req.body) as string[];
      sentToMicrosoft.push(texts);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(microsoft(texts)));
    });
    net.route('translate-pa.googleapis.com', '/v1/translateHtml', (req, res) => {
      const [[texts]] = JSON.parse(req.body) as [[string[]]];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([texts.map((t) => `谷歌：${t}`)]));
    });
    await net.start();
    b = await launch(net);
    await settle();
  });

  after(async () => {
    await b?.close();
    await net.stop();
  });

  it('the real abstract page (not stored) shows its translated title and abstract under arXiv\'s own, from citation_abstract', async () => {
    const w = await open('/abs/1902.02534');
    const { page } = w;
    await until(async () => (await page.locator('.adt-tr-title').count()) === 1 && (await page.locator('.adt-tr-abstract').count()) === 1, 'the translations');
    const meta = {
      title: (await page.locator('meta[name="citation_title"]').getAttribute('content'))!,
      abstract: (await page.locator('meta[name="citation_abstract"]').getAttribute('content'))!,
    };
    // Right under arXiv's title and abstract, in the target language.
    assert.equal(await page.evaluate(() => document.querySelector('#abs h1.title')!.nextElementSibling!.className), 'adt-tr adt-tr-title');
    assert.equal(await page.evaluate(() => document.querySelector('#abs blockquote.abstract')!.nextElementSibling!.className), 'adt-tr adt-tr-abstract');
    // (the translation pipeline reads TeX text as text: `--` is an en dash)
    assert.equal(await page.locator('.adt-tr-title .adt-text').textContent(), `译文：${meta.title.replace(/--/g, '–')}`);
    assert.equal(await page.locator('.adt-tr-abstract .adt-text').textContent(), `译文：${meta.abstract.trim()}`);
    assert.equal(await page.locator('.adt-tr-title').getAttribute('lang'), 'zh-Hans');
    // Marked as a machine translation with the service's name; from the citation meta tags (the paper is not stored), no API request.
    assert.match((await page.locator('.adt-tr-title .adt-label').textContent())!, /Translated · Microsoft/);
    assert.equal(await page.locator('.adt-tr-abstract').getAttribute('data-origin'), 'meta');
    assert.ok(!apiIds.some((r) => r.ids.includes('1902.02534')), 'no API request for a page with citation meta tags');
    // arXiv's typography: the translated title in the title's font size and family.
    const fonts = await page.evaluate(() =>
      ['#abs h1.title', '.adt-tr-title .adt-text'].map((sel) => {
        const cs = getComputedStyle(document.querySelector(sel)!);
        return `${cs.fontSize} ${cs.fontFamily}`;
      }),
    );
    assert.equal(fonts[1], fonts[0]);
    // Every node we added says translate="no" (a page translator must not translate it again).
    const added = await page.evaluate(() => Array.from(document.querySelectorAll('[data-arxiv-daily]')).map((e) => e.getAttribute('translate')));
    assert.ok(added.length >= 3);
    assert.ok(added.every((t) => t === 'no'), JSON.stringify(added));
    // The page's own text is untouched.
    assert.equal(await page.locator('#abs h1.title').textContent(), `Title:${meta.title}`);
    await page.locator('#abs').screenshot({ path: artifact('arxiv-abs.png') });
    assert.deepEqual(w.errors, []);
  });

  it('hiding, original only and showing again work; re-translating with another service replaces the text', async () => {
    const { page, errors } = opened[0]!;
    const title = page.locator('.adt-tr-title');
    await title.getByRole('button', { name: 'Hide' }).click();
    assert.equal(await title.locator('.adt-text').isVisible(), false);
    await title.getByRole('button', { name: 'Show translation' }).click();
    assert.equal(await title.locator('.adt-text').isVisible(), true);
    // Original only: every translation out of the way, a small toolbar to bring them back.
    await page.getByRole('button', { name: 'Original only' }).click();
    await until(async () => !(await page.locator('.adt-tr-abstract').isVisible()) && !(await title.isVisible()), 'translations hidden');
    const toolbar = page.getByRole('region', { name: 'arXiv Daily' });
    assert.equal(await toolbar.isVisible(), true);
    await toolbar.getByRole('button', { name: 'Show translations' }).click();
    await until(async () => (await page.locator('.adt-tr-abstract').isVisible()) && (await title.isVisible()), 'translations shown again');
    // Another service: Google's web translator answers.
    await page.getByRole('combobox', { name: 'Re-translate with another service' }).selectOption({ label: 'Google' });
    await until(async () => ((await page.locator('.adt-tr-abstract .adt-text').textContent()) ?? '').startsWith('谷歌：'), 'the Google translation');
    assert.match((await page.locator('.adt-tr-abstract .adt-label').textContent())!, /Google/);
    assert.ok(((await title.locator('.adt-text').textContent()) ?? '').startsWith('谷歌：'));
    await page.locator('#abs').screenshot({ path: artifact('arxiv-abs-google.png') });
    assert.deepEqual(errors, []);
  });

  it('an abstract page without citation meta, paper not stored: the text comes from arXiv\'s API, not the page', async () => {
    const w = await open('/abs/1605.08386');
    const { page } = w;
    await until(async () => (await page.locator('.adt-tr-abstract').count()) === 1, 'the translations', 30_000);
    assert.equal(await page.locator('.adt-tr-title .adt-text').textContent(), '译文：Heat-bath random walks with Markov bases');
    assert.match((await page.locator('.adt-tr-abstract .adt-text').textContent())!, /^译文：Graphs on lattice points are studied/);
    assert.equal(await page.locator('.adt-tr-abstract').getAttribute('data-origin'), 'api');
    assert.deepEqual(apiIds.filter((r) => r.ids.includes('1605.08386')).map((r) => r.ids), [['1605.08386']]);
    assert.deepEqual(w.errors, []);
  });

  it('a page with math keeps every formula: typeset by the page\'s MathJax, TeX intact, nothing rendered sent to translate', async () => {
    const w = await open('/abs/2403.15999');
    const { page } = w;
    await until(async () => (await page.locator('.adt-tr-abstract script[type="math/tex"]').count()) === FORMULAS.length, 'the translated abstract typeset', 30_000);
    // The stored paper's translation (the pipeline's), every formula typeset with its TeX as in the source.
    assert.equal(await page.locator('.adt-tr-abstract').getAttribute('data-origin'), 'db');
    const tex = await page.locator('.adt-tr-abstract script[type="math/tex"]').allTextContents();
    assert.deepEqual(tex, FORMULAS);
    // The page's own abstract is typeset too, and its formulas are the same.
    assert.deepEqual(await page.locator('#abs blockquote.abstract script[type="math/tex"]').allTextContents(), FORMULAS);
    const visible = (await page.locator('.adt-tr-abstract .adt-text').innerText()).replace(/\s+/g, ' ');
    assert.ok(visible.startsWith('译文：'));
    assert.ok(!visible.includes('$'), 'no raw $ once typeset');
    // What reached the translator had the formulas protected (placeholders), never MathJax's glyphs.
    const sent = sentToMicrosoft.flat().join('\n');
    assert.ok(!sent.includes('\\RR'), 'math was protected before sending');
    assert.ok(!sent.includes('\u25CA'), 'MathJax\'s rendering never reached the translator');
    await page.locator('#abs').screenshot({ path: artifact('arxiv-abs-math.png') });
    assert.deepEqual(w.errors, []);
  });

  it('with MathJax disabled on arXiv (cookie), formulas stay $…$ like the page\'s own', async () => {
    await b.context.addCookies([{ name: 'arxiv_mathjax', value: 'disabled', domain: 'arxiv.org', path: '/' }]);
    try {
      const w = await open('/abs/2403.15999');
      const { page } = w;
      await until(async () => (await page.locator('.adt-tr-abstract').count()) === 1, 'the translation');
      await page.waitForTimeout(500);
      const text = (await page.locator('.adt-tr-abstract .adt-text').textContent())!;
      for (const f of FORMULAS) assert.ok(text.includes(`$${f}$`), f);
      assert.equal(await page.locator('.adt-tr-abstract script').count(), 0);
      assert.equal(await page.locator('#abs blockquote.abstract script').count(), 0);
      assert.deepEqual(w.errors, []);
    } finally {
      await b.context.clearCookies({ name: 'arxiv_mathjax' });
    }
  });

  it('a listing from the real markup (three dl#articles): every entry translated, keyword hits highlighted, others dimmed, seen entries marked', async () => {
    // Keywords and "dim the others"; 2608.09949 seen in the popup.
    const ext = await extensionPage();
    await ext.evaluate(async (defaults) => {
      const c = (globalThis as any).chrome;
      const s = (await c.storage.local.get('settings')).settings ?? defaults;
      s.keywords = ['reinforcement learning', 'LLM'];
      s.inline = { enabled: true, dimOthers: 'dim' };
      await c.storage.local.set({ settings: s });
      await c.runtime.sendMessage({ type: 'mark-seen', ids: ['2608.09949'] });
    }, DEFAULT_SETTINGS);
    await ext.close();
    await settle();
    const apiBefore = apiIds.length;
    const w = await open('/list/cs.AI/new');
    const { page } = w;
    const ids = LISTING.papers.map((p) => p.id);
    await until(async () => (await page.locator('.adt-tr-title').count()) === ids.length && (await page.locator('.adt-tr-abstract').count()) === ids.length, 'every entry translated', 30_000);
    for (const p of LISTING.papers) {
      const dd = page.locator(`dl#articles > dt:has(a[id="${p.id}"]) + dd`);
      assert.equal(await dd.locator('.adt-tr-title .adt-text').textContent(), `译文：${p.title}`, p.id);
      assert.ok(((await dd.locator('.adt-tr-abstract .adt-text').textContent()) ?? '').startsWith('译文：'), p.id);
    }
    // Sources in order: stored papers, then arXiv's API (the cross-lists), then the page's own text (replacements the API does not know).
    const origins = await page.evaluate(() =>
      Array.from(document.querySelectorAll('dl#articles > dd')).map((dd) => [dd.previousElementSibling!.querySelector('a[title="Abstract"]')!.id, dd.querySelector('.adt-tr-title')!.getAttribute('data-origin')]),
    );
    assert.deepEqual(origins, [
      ['2608.09949', 'db'],
      ['2608.09967', 'db'],
      ['2505.11635', 'api'],
      ['2607.28646', 'api'],
      ['2112.07752', 'page'],
      ['2505.23399', 'page'],
    ]);
    // The ids not stored went to the API together, in one request.
    const asked = apiIds.slice(apiBefore);
    assert.equal(asked.length, 1, JSON.stringify(asked));
    assert.deepEqual([...asked[0]!.ids].sort(), ['2112.07752', '2505.11635', '2505.23399', '2607.28646']);
    // Keyword matches: highlighted entries and hits; the others dimmed.
    const state = await page.evaluate(() =>
      Array.from(document.querySelectorAll('dl#articles > dt')).map((dt) => ({
        id: dt.querySelector('a[title="Abstract"]')!.id,
        match: dt.classList.contains('adt-match'),
        dim: dt.classList.contains('adt-dim') && dt.nextElementSibling!.classList.contains('adt-dim'),
        seen: dt.classList.contains('adt-seen'),
        hits: Array.from(dt.nextElementSibling!.querySelectorAll('.list-title mark.adt-hit')).map((m) => m.textContent),
      })),
    );
    assert.deepEqual(state, [
      { id: '2608.09949', match: true, dim: false, seen: true, hits: ['LLM'] },
      { id: '2608.09967', match: true, dim: false, seen: false, hits: ['Reinforcement Learning'] },
      { id: '2505.11635', match: false, dim: true, seen: false, hits: [] },
      { id: '2607.28646', match: true, dim: false, seen: false, hits: ['LLM'] },
      { id: '2112.07752', match: true, dim: false, seen: false, hits: ['Reinforcement Learning'] },
      { id: '2505.23399', match: false, dim: true, seen: false, hits: [] },
    ]);
    assert.deepEqual(await page.locator('dt:has(a[id="2608.09967"]) + dd p.mathjax mark.adt-hit').allTextContents(), ['reinforcement learning'], 'abstract hits too');
    // The page's own text reads as before (the marks only wrap it).
    const title = (await page.locator('dt:has(a[id="2608.09967"]) + dd .list-title').textContent())!.replace(/\s+/g, ' ').trim();
    assert.equal(title, 'Title: SPOTting the Future: Lookahead Explanations for Deep Reinforcement Learning');
    // (far entries skip rendering until near the viewport, so the screenshot is taken with all of them in view)
    await page.setViewportSize({ width: 1280, height: 3200 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: artifact('arxiv-listing.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    // The toolbar: hide the others instead of dimming, then original only and back.
    await page.getByRole('combobox', { name: 'Entries matching no keyword' }).selectOption('hide');
    await until(async () => !(await page.locator('dt:has(a[id="2505.11635"])').isVisible()), 'non-matching entries hidden');
    await page.getByRole('combobox', { name: 'Entries matching no keyword' }).selectOption('none');
    // Hidden entries come back at once; dimmed ones far from the viewport change when they come near.
    await until(
      async () =>
        (await page.locator('dt:has(a[id="2505.11635"])').isVisible()) &&
        (await page.locator('.adt-hidden').count()) === 0 &&
        !(await page.locator('dt:has(a[id="2505.11635"])').evaluate((e) => e.classList.contains('adt-dim'))),
      'entries shown again',
    );
    await page.getByRole('region', { name: 'arXiv Daily' }).getByRole('button', { name: 'Original only' }).click();
    await until(async () => (await page.locator('.adt-tr:visible').count()) === 0, 'original only');
    await page.getByRole('region', { name: 'arXiv Daily' }).getByRole('button', { name: 'Show translations' }).click();
    await until(async () => (await page.locator('.adt-tr-title:visible').count()) === ids.length, 'translations back');
    assert.deepEqual(w.errors, []);
  });

  it('search results: translated titles and full abstracts under arXiv\'s own', async () => {
    const w = await open('/search/?query=trace+regression&searchtype=all');
    const { page } = w;
    await until(async () => (await page.locator('li.arxiv-result .adt-tr-title').count()) === 2 && (await page.locator('li.arxiv-result .adt-tr-abstract').count()) === 2, 'the translations', 30_000);
    for (const p of SEARCH_ITEMS) {
      const li = page.locator(`li.arxiv-result:has(a[href="https://arxiv.org/abs/${p.id}"])`);
      assert.equal(await li.locator('p.title + .adt-tr-title').count(), 1, 'right under the title');
      assert.equal(await li.locator('p.abstract + .adt-tr-abstract').count(), 1, 'right under the abstract');
      assert.equal(await li.locator('.adt-tr-abstract').getAttribute('data-origin'), 'db');
    }
    // The short/full switch still works, and the translated abstract stays.
    await page.locator('li.arxiv-result').first().getByText('▽ More').click();
    assert.equal(await page.locator('[id="2403.15999v1-abstract-full"]').isVisible(), true);
    assert.equal(await page.locator('li.arxiv-result').first().locator('.adt-tr-abstract').isVisible(), true);
    await page.screenshot({ path: artifact('arxiv-search.png'), fullPage: true });
    assert.deepEqual(w.errors, []);
  });

  it('an HTML paper: the abstract translated in place', async () => {
    const w = await open('/html/2403.15999v1');
    const { page } = w;
    await until(async () => (await page.locator('.ltx_abstract .adt-tr-abstract').count()) === 1, 'the translation', 30_000);
    assert.equal(await page.evaluate(() => document.querySelector('.ltx_abstract p.ltx_p')!.nextElementSibling!.className), 'adt-tr adt-tr-abstract');
    const text = (await page.locator('.adt-tr-abstract .adt-text').textContent())!;
    assert.ok(text.startsWith('译文：We study differentially private'));
    // No MathJax on this page: the formulas stay as TeX, every one of them.
    for (const f of FORMULAS) assert.ok(text.includes(`$${f}$`), f);
    await page.screenshot({ path: artifact('arxiv-html.png') });
    assert.deepEqual(w.errors, []);
  });

  it('arXiv requests (feed polling and API lookups) share one gate: never two within 3 s', () => {
    const times = net.requests.filter((r) => r.host === 'rss.arxiv.org' || r.host === 'export.arxiv.org').map((r) => r.at).sort((x, y) => x - y);
    assert.ok(times.length >= 3, `${times.length} arXiv requests`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 2900, `requests ${i - 1} and ${i} were ${times[i]! - times[i - 1]!} ms apart`);
  });

  it('a long listing translates lazily as entries scroll into view, without moving what the reader looks at', async () => {
    const long = listingPage({ entries: 150, scripts: true });
    net.route('arxiv.org', '/list/cs.AI/pastweek', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(long.html);
    });
    // Opened at entry 76 (arXiv's own item anchors): the entry at the top of the viewport must stay where it is
    // while translations arrive for the entries around it, above included.
    const w = await open('/list/cs.AI/pastweek#item76', { width: 1280, height: 800 });
    const { page } = w;
    await page.evaluate(() => document.querySelectorAll('dl#articles > dt')[75]!.scrollIntoView());
    const top = () => page.evaluate(() => Math.round(document.querySelectorAll('dl#articles > dt')[75]!.getBoundingClientRect().top));
    const start = await top();
    await until(async () => (await page.locator('.adt-tr-title').count()) >= 5, 'translations near the viewport', 40_000);
    await page.waitForTimeout(1500);
    const translated = await page.evaluate(() => Array.from(document.querySelectorAll('dl#articles > dd')).map((dd) => !!dd.querySelector('.adt-tr-title')));
    // Entries above the viewport got translations (so content above grew) but the reader's entry did not move.
    assert.ok(translated.slice(60, 75).some(Boolean), 'entries just above the viewport are translated');
    assert.ok(Math.abs((await top()) - start) <= 2, `the entry at the top moved from ${start} to ${await top()}`);
    // Lazy: entries far from the viewport are not translated yet.
    assert.equal(translated.slice(25, 50).some(Boolean), false, 'the entries far above wait');
    assert.equal(translated.slice(-20).some(Boolean), false, 'the end of the page waits');
    // Scrolling to the end translates the end.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await until(async () => page.evaluate(() => !!document.querySelectorAll('dl#articles > dd')[149]!.querySelector('.adt-tr-title')), 'the last entry translated', 40_000);
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('the content script cannot read extension storage (the keys stay in the background) nor use the pages\' protocol', async () => {
    const w = opened.find((x) => x.page.url().endsWith('/list/cs.AI/new'))!;
    const world = [...w.contexts.entries()].find(([, c]) => c.type === 'isolated' && c.origin.startsWith('chrome-extension://'));
    assert.ok(world, 'the content script\'s world');
    const r = (await w.cdp.send('Runtime.evaluate', {
      contextId: world![0],
      awaitPromise: true,
      returnByValue: true,
      expression: `chrome.storage.local.get('secrets').then(() => 'read', (e) => 'refused: ' + e.message)`,
    })) as { result: { value?: string }; exceptionDetails?: { text: string } };
    const outcome = r.result.value ?? `threw: ${r.exceptionDetails?.text}`;
    console.log('# storage.local from the content script:', outcome);
    assert.doesNotMatch(outcome, /^read$/, outcome);
    // Nor may it use the extension pages' protocol (status, marks, the Test button's keys): only its own.
    const asked = (await w.cdp.send('Runtime.evaluate', {
      contextId: world![0],
      awaitPromise: true,
      returnByValue: true,
      expression: `chrome.runtime.sendMessage({ type: 'get-status' }).then((r) => JSON.stringify(r ?? null), (e) => 'refused: ' + e.message)`,
    })) as { result: { value?: string } };
    assert.doesNotMatch(String(asked.result.value), /"ok":true/, String(asked.result.value));
  });

  it('the toggle (popup message, and the keyboard shortcut\'s command) turns translations off and on in open pages', async () => {
    const w = opened.find((x) => x.page.url().endsWith('/list/cs.AI/new'))!;
    const { page } = w;
    const manifest = await (await extensionPage()).evaluate(() => (globalThis as any).chrome.runtime.getManifest());
    assert.equal(manifest.commands['toggle-inline-translation'].suggested_key.default, 'Alt+Shift+T');
    const toggle = async (enabled?: boolean) => {
      const p = await extensionPage();
      const r = await p.evaluate((e) => (globalThis as any).chrome.runtime.sendMessage(e === undefined ? { type: 'inline:set-enabled' } : { type: 'inline:set-enabled', enabled: e }), enabled);
      await p.close();
      return r as { ok: boolean; value: { enabled: boolean } };
    };
    assert.deepEqual(await toggle(false), { ok: true, value: { enabled: false } });
    await until(async () => (await page.locator('[data-arxiv-daily]').count()) === 0 && (await page.locator('mark.adt-hit').count()) === 0, 'everything taken out');
    assert.equal(await page.locator('.adt-dim, .adt-match, .adt-seen').count(), 0);
    assert.deepEqual(await toggle(), { ok: true, value: { enabled: true } });
    await until(async () => (await page.locator('.adt-tr-title').count()) === LISTING.papers.length, 'translations back');
    assert.deepEqual(w.errors, []);
  });

  it('the extension reloaded under an open page: no errors, the old script stays quiet', async () => {
    const long = listingPage({ entries: 60, scripts: true });
    net.route('arxiv.org', '/list/cs.AI/recent', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(long.html);
    });
    const w = await open('/list/cs.AI/recent', { width: 1280, height: 800 });
    const { page } = w;
    await until(async () => (await page.locator('.adt-tr-title').count()) > 0, 'first translations', 30_000);
    const worker = await b.worker();
    await worker.evaluate(() => (globalThis as any).chrome.runtime.reload()).catch(() => undefined);
    await page.waitForTimeout(1500);
    // Scrolling brings new entries into view: the old script must not ask a background that is gone.
    for (let y = 0; y < 6; y++) {
      await page.mouse.wheel(0, 3000);
      await page.waitForTimeout(300);
    }
    const hide = page.locator('.adt-hide').first();
    if (await hide.count()) await hide.click({ force: true }).catch(() => undefined);
    await page.waitForTimeout(1000);
    // The old script noticed (its controls say the page needs a reload) and the translations it made stay.
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-arxiv-daily-stale')), true);
    assert.ok((await page.locator('.adt-tr-title').count()) > 0);
    assert.deepEqual(w.errors, []);
    for (const o of opened) assert.deepEqual(o.errors, [], o.page.url());
  });
});
