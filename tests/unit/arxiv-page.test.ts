// @vitest-environment happy-dom
/**
 * Reading arxiv.org pages, on the real abstract page and the real /list/cs.AI/new markup (its
 * fragments wrapped in one `dl#articles` per section, as the live page has them). Search results
 * and HTML papers are built here from arXiv's own templates (arxiv-search's search-macros.html,
 * LaTeXML's abstract block), as no recorded page exists: each such test says so.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyUrl,
  entryText,
  highlightRanges,
  mappedText,
  readAbsPage,
  readHtmlPaper,
  readListing,
  readSearchResults,
  removeHighlights,
  sourceText,
} from '@/lib/arxiv-page';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileKeywords, matchPaper } from '@/lib/match';

// The recorded pages link arXiv's stylesheets: happy-dom loads no files here; say so quietly.
(window as unknown as { happyDOM?: { settings: { handleDisabledFileLoadingAsSuccess: boolean } } }).happyDOM!.settings.handleDisabledFileLoadingAsSuccess = true;

// (happy-dom replaces the global URL, so the fixture path is built with node:path)
const fixture = (path: string) => readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures', path), 'utf8');

const ABS = fixture('html/abs-1902.02534.html');
const EXCERPT = fixture('html/list-cs.AI-new-2026-08-12.excerpt.html');

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** The excerpt's fragments in one `<dl id='articles'>` per section (heading inside, as list_macros.html renders it). */
function wrappedListing(): string {
  const body = /<body>([\s\S]*)<\/body>/.exec(EXCERPT)![1]!;
  const [intro, ...sections] = body.split(/(?=<h3>(?:New|Cross|Replacement) submissions)/);
  return `<!doctype html><html><body><div id="dlpage"><h1>Artificial Intelligence</h1>${intro}${sections
    .map((s) => `<dl id='articles'>${s}</dl>`)
    .join('\n')}</div></body></html>`;
}

describe('classifyUrl', () => {
  it('tells abstract pages, listings, search results and HTML papers apart', () => {
    expect(classifyUrl('https://arxiv.org/abs/1902.02534')).toEqual({ kind: 'abs', id: '1902.02534' });
    expect(classifyUrl('https://arxiv.org/abs/1902.02534v2')).toEqual({ kind: 'abs', id: '1902.02534', version: 2 });
    expect(classifyUrl('https://arxiv.org/abs/hep-th/9901001')).toEqual({ kind: 'abs', id: 'hep-th/9901001' });
    expect(classifyUrl('https://arxiv.org/abs/hep-th/9901001v3?context=hep-th')).toEqual({ kind: 'abs', id: 'hep-th/9901001', version: 3 });
    expect(classifyUrl('https://arxiv.org/abs/math.GT/0309136')).toEqual({ kind: 'abs', id: 'math/0309136' });
    expect(classifyUrl('https://arxiv.org/list/cs.AI/new')).toEqual({ kind: 'list', category: 'cs.AI', listing: 'new' });
    expect(classifyUrl('https://arxiv.org/list/cs.AI/recent?skip=0&show=2000')).toEqual({ kind: 'list', category: 'cs.AI', listing: 'recent' });
    expect(classifyUrl('https://arxiv.org/list/astro-ph/pastweek')).toEqual({ kind: 'list', category: 'astro-ph', listing: 'pastweek' });
    expect(classifyUrl('https://arxiv.org/list/cs.DL/2019-02')).toEqual({ kind: 'list', category: 'cs.DL', listing: 'month' });
    expect(classifyUrl('https://arxiv.org/list/cond-mat.stat-mech/2608')).toEqual({ kind: 'list', category: 'cond-mat.stat-mech', listing: 'month' });
    expect(classifyUrl('https://arxiv.org/search/?query=diffusion&searchtype=all')).toEqual({ kind: 'search' });
    expect(classifyUrl('https://arxiv.org/search/cs?searchtype=author&query=Levine')).toEqual({ kind: 'search' });
    expect(classifyUrl('https://arxiv.org/html/2403.15999v1')).toEqual({ kind: 'html', id: '2403.15999', version: 1 });
    expect(classifyUrl('https://arxiv.org/html/2403.15999v1/')).toEqual({ kind: 'html', id: '2403.15999', version: 1 });
  });

  it('stays quiet everywhere else', () => {
    for (const url of [
      'https://arxiv.org/',
      'https://arxiv.org/pdf/1902.02534',
      'https://arxiv.org/abs/not-an-id',
      'https://arxiv.org/html/2403.15999v1/x1.png',
      'https://arxiv.org/list/cs.AI/nonsense',
      'https://info.arxiv.org/help/mathjax.html',
      'http://arxiv.org/abs/1902.02534',
      'https://example.org/abs/1902.02534',
      'not a url',
    ]) {
      expect(classifyUrl(url), url).toBeNull();
    }
  });
});

describe('abstract page (real abs-1902.02534.html)', () => {
  const doc = parse(ABS);
  const page = readAbsPage(doc, { id: '1902.02534' })!;

  it('finds the title and abstract blocks and the citation meta tags', () => {
    expect(page.title?.matches('#abs h1.title')).toBe(true);
    expect(page.abstract?.matches('#abs blockquote.abstract')).toBe(true);
    expect(page.meta.title).toBe('Crowdsourcing open citations with CROCI -- An analysis of the current status of open citations, and a proposal');
    expect(page.meta.abstract).toMatch(/^In this paper, we analyse the current availability of open citations data/);
    expect(page.meta.abstract).toMatch(/Crowdsourced Open Citations Index\.$/);
  });

  it("the page's own text, labels left out and the urlized link given back, equals citation_abstract", () => {
    expect(sourceText(page.title)).toBe(page.meta.title);
    expect(sourceText(page.abstract)).toBe(page.meta.abstract);
    expect(sourceText(page.abstract)).toContain('http://opencitations.net/index/coci');
    expect(sourceText(page.abstract)).not.toContain('Abstract:');
  });

  it('ignores meta tags of another paper, and gives null for a page without the abstract block', () => {
    expect(readAbsPage(doc, { id: '2403.15999' })!.meta).toEqual({});
    expect(readAbsPage(parse('<html><body><div id="content">Article identifier not recognized</div></body></html>'), { id: '1902.02534' })).toBeNull();
  });
});

describe('listing (real list-cs.AI-new markup, three dl#articles)', () => {
  const doc = parse(wrappedListing());
  const entries = readListing(doc);

  it('reads every entry of every section, with its announce type', () => {
    expect(doc.querySelectorAll('dl#articles')).toHaveLength(3);
    expect(entries.map((e) => [e.id, e.type ?? 'new'])).toEqual([
      ['2608.09949', 'new'],
      ['2608.09967', 'new'],
      ['2505.11635', 'cross'],
      ['2607.28646', 'cross'],
      ['2112.07752', 'replace'],
      ['2505.23399', 'replace'],
    ]);
  });

  it('finds title, abstract, authors and the insertion points', () => {
    const e = entries[1]!;
    expect(e.parts.map((p) => p.localName)).toEqual(['dt', 'dd']);
    expect(e.titleAnchor).toBe(e.title);
    expect(e.abstractAnchor?.matches('p.mathjax')).toBe(true);
    const text = entryText(e);
    expect(text.title).toBe('SPOTting the Future: Lookahead Explanations for Deep Reinforcement Learning');
    expect(text.abstract).toMatch(/^Deep reinforcement learning \(DRL\) agents achieve strong performance/);
    expect(text.abstract).toContain("policy's action preferences"); // &#39; decoded
    expect(text.authors).toEqual(['Tamar Gozlan', 'Claudia V. Goldman']);
    expect(entryText(entries[3]!).title).toBe('"YES! YES! I absolutely love this insight!" Affirmative Narration as Interactional Strategy in Dialogues with LLM Chatbots');
  });

  it('reads the fragments as recorded too (no dl wrapper at all)', () => {
    expect(readListing(parse(EXCERPT)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('skips entries it cannot read instead of failing (no title, no link)', () => {
    const broken = parse(`<dl id='articles'><dt><a name='item1'>[1]</a></dt><dd><div class='meta'><div class='list-title mathjax'>x</div></div></dd>
      <dt><a href="/abs/2608.00001" title="Abstract">arXiv:2608.00001</a></dt><dd><div class='meta'></div></dd>
      <dt><a href="/abs/2608.00002" title="Abstract">arXiv:2608.00002</a></dt><dd><div class='meta'><div class='list-title mathjax'><span class='descriptor'>Title:</span> Kept</div></div></dd></dl>`);
    const read = readListing(broken);
    expect(read.map((e) => e.id)).toEqual(['2608.00002']);
    expect(read[0]!.abstract).toBeNull(); // /recent and /pastweek show no abstracts
  });

  it('keyword matching on the page text finds the entries and ranges the popup would', () => {
    const compiled = compileKeywords(['reinforcement learning', 'LLM']);
    const matched = entries.filter((e) => matchPaper({ ...entryText(e), id: e.id, version: 1, categories: [], links: { abs: '', pdf: '', html: '' } }, compiled).keywords.length);
    expect(matched.map((e) => e.id)).toEqual(['2608.09949', '2608.09967', '2607.28646', '2112.07752']);
  });
});

describe('source text under MathJax', () => {
  it('reads TeX back from MathJax 2 output, never the rendered glyphs', () => {
    // What MathJax 2.7 leaves in a processed `p.mathjax`: preview, rendered frame, then the TeX in a script.
    const doc = parse(`<p class="mathjax" id="p">We bound <span class="MathJax_Preview" style="color: inherit;"></span><span class="MathJax" id="MathJax-Element-1-Frame" role="presentation"><nobr><span class="math"><span class="mi">α</span><span class="mo">∈</span></span></nobr></span><script type="math/tex" id="MathJax-Element-1">\\alpha \\in \\RR^{d}</script>-norms and <span class="MathJax_Display"><span class="MathJax">∑</span></span><script type="math/tex; mode=display">\\sum_i x_i</script> too.</p>`);
    const p = doc.getElementById('p')!;
    expect(sourceText(p)).toBe('We bound $\\alpha \\in \\RR^{d}$-norms and $$\\sum_i x_i$$ too.');
    const m = mappedText(p);
    expect(m.text).toBe(sourceText(p));
    expect(m.nodes.slice(0, 9).every((n) => n !== null)).toBe(true);
    expect(m.nodes[m.text.indexOf('$')]).toBeNull();
  });

  it('reads MathML alttext in HTML papers (LaTeXML), skipping the "Abstract" heading', () => {
    // LaTeXML's abstract block, as arXiv's HTML papers have it (hand-built from LaTeXML's class names).
    const doc = parse(`<div class="ltx_page_content"><h1 class="ltx_title ltx_title_document">T</h1><div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6><p class="ltx_p" id="id1.id1">We study <math alttext="r" class="ltx_Math" display="inline"><semantics><mi>r</mi><annotation encoding="application/x-tex">r</annotation></semantics></math>-rank matrices.</p><p class="ltx_p">Second paragraph.</p></div></div>`);
    const paper = readHtmlPaper(doc, { id: '2403.15999', version: 1 });
    expect(paper.abstractAnchor?.textContent).toBe('Second paragraph.');
    expect(sourceText(paper.abstract, { skip: '.ltx_title_abstract' })).toBe('We study $r$-rank matrices.Second paragraph.');
  });
});

describe('search results', () => {
  // One result rendered by hand from arxiv-search's search-macros.html (no recorded search page exists).
  const html = `<ol class="breathe-horizontal" start="1"><li class="arxiv-result">
    <div class="is-marginless"><p class="list-title is-inline-block"><a href="https://arxiv.org/abs/2403.15999">arXiv:2403.15999</a>
      <span>&nbsp;[<a href="https://arxiv.org/pdf/2403.15999">pdf</a>]&nbsp;</span></p></div>
    <p class="title is-5 mathjax">Differentially private <span class="search-hit mathjax">low-rank</span> trace regression</p>
    <p class="authors"><span class="has-text-black-bis has-text-weight-semibold">Authors:</span>
      <a href="/a/zha_m_1">Mengyue Zha</a></p>
    <p class="abstract mathjax"><span class="has-text-black-bis has-text-weight-semibold">Abstract</span>:
      <span class="abstract-short has-text-grey-dark mathjax" id="2403.15999v1-abstract-short" style="display: inline;">We study differentially private … <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('2403.15999v1-abstract-full').style.display = 'inline';">&#9661; More</a></span>
      <span class="abstract-full has-text-grey-dark mathjax" id="2403.15999v1-abstract-full" style="display: none;">We study differentially private estimation of a rank $r$ matrix. <a class="is-size-7" style="white-space: nowrap;" onclick="document.getElementById('2403.15999v1-abstract-full').style.display = 'none';">&#9651; Less</a></span>
    </p></li></ol>`;
  const entries = readSearchResults(parse(html));

  it('reads the id, the title and the full abstract (without the More/Less switches)', () => {
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(e.id).toBe('2403.15999');
    expect(e.abstract?.id).toBe('2403.15999v1-abstract-full');
    expect(e.abstractAnchor?.matches('p.abstract')).toBe(true);
    expect(entryText(e)).toEqual({
      title: 'Differentially private low-rank trace regression',
      abstract: 'We study differentially private estimation of a rank $r$ matrix.',
      authors: ['Mengyue Zha'],
    });
  });
});

describe('keyword highlights', () => {
  it('wraps the hits in marks and takes them out again, leaving the text as it was', () => {
    const doc = parse(wrappedListing());
    const e = readListing(doc)[1]!;
    const before = e.title!.innerHTML;
    const text = entryText(e).title;
    const start = text.indexOf('Deep Reinforcement Learning');
    const marks = highlightRanges(e.title!, [{ start, end: start + 'Deep Reinforcement Learning'.length, keyword: 'reinforcement learning' }]);
    expect(marks).toHaveLength(1);
    expect(marks[0]!.textContent).toBe('Deep Reinforcement Learning');
    expect(marks[0]!.getAttribute('translate')).toBe('no');
    expect(sourceText(e.title)).toBe(text); // the text reads the same with the marks in
    removeHighlights(doc);
    expect(e.title!.innerHTML).toBe(before);
  });

  it('never cuts into a formula, typeset or not', () => {
    const doc = parse(`<div class="list-title mathjax" id="t">Bounds for $\\alpha$-divergence and <span class="MathJax">α</span><script type="math/tex">\\beta</script> policy</div>`);
    const el = doc.getElementById('t')!;
    const text = sourceText(el);
    expect(text).toBe('Bounds for $\\alpha$-divergence and $\\beta$ policy');
    const range = (w: string) => ({ start: text.indexOf(w), end: text.indexOf(w) + w.length });
    const marks = highlightRanges(el, [range('alpha'), range('beta'), range('policy'), range('Bounds')]);
    expect(marks.map((m) => m.textContent)).toEqual(['policy', 'Bounds']);
    expect(el.querySelector('script')!.textContent).toBe('\\beta');
  });

  it('wraps a hit that spans text nodes piece by piece', () => {
    const doc = parse(`<p id="p">diffusion <span class="search-hit">policy</span> learning</p>`);
    const el = doc.getElementById('p')!;
    const marks = highlightRanges(el, [{ start: 0, end: 'diffusion policy'.length }]);
    expect(marks.map((m) => m.textContent).sort()).toEqual(['diffusion ', 'policy']);
    expect(el.textContent).toBe('diffusion policy learning');
  });
});
