// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { layout, renderTex, RichText, type RichTextProps } from '@/components/RichText';
import type { Hit, HitField } from '@/lib/match';

// happy-dom has no `document.compatMode`; KaTeX reads it when imported and refuses to render in
// quirks mode. The extension's pages all start with `<!doctype html>`.
vi.hoisted(() => {
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true });
});

let container: HTMLElement | null = null;

function mount(props: RichTextProps): HTMLElement {
  container = document.createElement('div');
  document.body.appendChild(container);
  render(h(RichText, props), container);
  return container;
}

afterEach(() => {
  if (container) {
    render(null, container);
    container.remove();
    container = null;
  }
});

/** A hit on the first occurrence of `word` in `text`. */
function hit(text: string, word: string, field: HitField = 'abstract', keyword = word): Hit {
  const start = text.indexOf(word);
  if (start < 0) throw new Error(`${word} not in ${text}`);
  return { field, start, end: start + word.length, keyword };
}

/** The text outside formulas (KaTeX's output has the TeX source in its MathML annotation). */
function textOutsideMath(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const m of copy.querySelectorAll('.math')) m.replaceWith('[M]');
  return copy.textContent ?? '';
}

describe('RichText math', () => {
  it('renders $x^2$ with KaTeX, no raw dollars', () => {
    const el = mount({ text: 'We prove $x^2 \\geq 0$ for all real $x$.' });
    expect(el.querySelectorAll('.math .katex')).toHaveLength(2);
    expect(el.querySelector('.katex-mathml math')).not.toBeNull();
    expect(el.querySelector('.katex-html')).not.toBeNull();
    expect(el.textContent).not.toContain('$');
    expect(textOutsideMath(el)).toBe('We prove [M] for all real [M].');
    expect(el.querySelector('.math-error')).toBeNull();
  });

  it('renders display math in display mode', () => {
    const el = mount({ text: 'Then $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ and \\[a=b\\] hold.' });
    expect(el.querySelectorAll('.math-display .katex-display')).toHaveLength(2);
    expect(el.textContent).not.toContain('$$');
  });

  it('renders math environments', () => {
    const el = mount({ text: 'So \\begin{align} a &= b \\\\ c &= d \\end{align} done.' });
    expect(el.querySelector('.math-display .katex')).not.toBeNull();
    expect(el.querySelector('.math-error')).toBeNull();
  });

  it('defines common arXiv macros', () => {
    for (const tex of ['\\RR', '\\NN^d', '\\ZZ', '\\CC', '\\QQ', '\\EE[X]', '\\PP(A)', '\\eps', '\\R^n', '\\N', '\\Z', '\\E X', '\\Var(X)', '\\argmin_x f', '\\argmax_y g', '\\norm{v}', '\\abs{x}']) {
      const el = mount({ text: `Let $${tex}$ be.` });
      expect(el.querySelector('.math-error'), tex).toBeNull();
      expect(el.querySelector('.katex'), tex).not.toBeNull();
      render(null, el);
    }
    const el = mount({ text: 'Let $f: \\RR^n \\to \\RR$.' });
    expect(el.querySelector('.katex-html')!.textContent).toContain('R');
    expect(el.querySelector('annotation')!.textContent).toBe('f: \\RR^n \\to \\RR');
  });

  it('shows an invalid formula as its source in code.math-error', () => {
    const el = mount({ text: 'Broken $\\frac{$ here.' });
    const err = el.querySelector('code.math-error');
    expect(err).not.toBeNull();
    expect(err!.textContent).toBe('\\frac{');
    expect(err!.getAttribute('title')).toMatch(/KaTeX parse error/);
    expect(el.querySelector('.katex')).toBeNull();
  });

  it('\\gdef in one formula does not leak into the next', () => {
    const el = mount({ text: '$\\gdef\\RR{BAD}\\RR$ then $\\RR$' });
    const anns = [...el.querySelectorAll('annotation')].map((a) => a.textContent);
    expect(anns).toEqual(['\\gdef\\RR{BAD}\\RR', '\\RR']);
    const second = el.querySelectorAll('.katex-html')[1]!;
    expect(second.textContent).not.toContain('BAD');
  });

  it('keeps \\$ a literal dollar', () => {
    const el = mount({ text: 'It costs \\$5 or \\$10 per run.' });
    expect(el.querySelector('.katex')).toBeNull();
    expect(el.textContent).toBe('It costs $5 or $10 per run.');
    const raw = mount({ text: 'It costs \\$5 or \\$10 per run.', plainTex: false });
    expect(raw.querySelector('.katex')).toBeNull();
    expect(raw.textContent).toBe('It costs \\$5 or \\$10 per run.');
  });

  it('math = false leaves formulas as text', () => {
    const el = mount({ text: 'a $x$ b', math: false });
    expect(el.querySelector('.katex')).toBeNull();
    expect(el.textContent).toBe('a $x$ b');
  });

  it('re-renders from the cache with identical output', () => {
    const a = mount({ text: '$\\int_0^1 f(x)\\,dx$' }).innerHTML;
    render(null, container!);
    const b = mount({ text: '$\\int_0^1 f(x)\\,dx$' }).innerHTML;
    expect(b).toBe(a);
  });

  it('updates when the text changes', () => {
    const el = mount({ text: 'a $x$' });
    render(h(RichText, { text: 'a $y$' }), el);
    expect(el.querySelectorAll('annotation')).toHaveLength(1);
    expect(el.querySelector('annotation')!.textContent).toBe('y');
  });
});

describe('RichText hits', () => {
  it('marks hits in text around math', () => {
    const text = 'Graph neural networks on $G=(V,E)$ learn fast transformers.';
    const hits = [hit(text, 'neural networks', 'abstract', 'GNN'), hit(text, 'transformers')];
    const el = mount({ text, hits, field: 'abstract' });
    const marks = [...el.querySelectorAll('mark')];
    expect(marks.map((m) => m.textContent)).toEqual(['neural networks', 'transformers']);
    expect(marks.map((m) => m.getAttribute('title'))).toEqual(['GNN', 'transformers']);
    expect(el.querySelector('.katex')).not.toBeNull();
  });

  it('ignores hits of other fields', () => {
    const text = 'deep learning';
    const el = mount({ text, hits: [hit(text, 'deep', 'title')], field: 'abstract' });
    expect(el.querySelector('mark')).toBeNull();
  });

  it('marks a formula hit as a whole', () => {
    const text = 'The $\\ell_1$ norm and $x$.';
    const start = text.indexOf('ell');
    const el = mount({ text, hits: [{ field: 'abstract', start, end: start + 3, keyword: 'ell' }], field: 'abstract' });
    const mark = el.querySelector('mark.math-hit');
    expect(mark).not.toBeNull();
    expect(mark!.getAttribute('title')).toBe('ell');
    expect(mark!.querySelectorAll('.katex')).toHaveLength(1);
    expect(mark!.querySelector('annotation')!.textContent).toBe('\\ell_1');
    expect(el.querySelectorAll('mark')).toHaveLength(1);
  });

  it('splits a hit spanning text and math', () => {
    const text = 'on $x$ data';
    const el = mount({ text, hits: [{ field: 'title', start: 0, end: text.length, keyword: 'k' }], field: 'title' });
    expect(el.querySelectorAll('mark')).toHaveLength(3);
    expect(el.querySelector('mark.math-hit')).not.toBeNull();
    expect([...el.querySelectorAll('mark:not(.math-hit)')].map((m) => m.textContent)).toEqual(['on ', ' data']);
  });

  it('maps hit ranges through plain TeX', () => {
    const text = 'A \\emph{deep learning} study of Erd\\H{o}s graphs --- with $k$-cores, \\textbf{Fig.~3}.';
    const hits = [hit(text, 'learning'), hit(text, 'graphs'), hit(text, 'cores')];
    const el = mount({ text, hits, field: 'abstract' });
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['learning', 'graphs', 'cores']);
    expect(textOutsideMath(el)).toBe('A deep learning study of Erdős graphs — with [M]-cores, Fig. 3.');
  });

  it('a hit covering a whole TeX construct keeps it plain', () => {
    const text = 'the \\emph{Garc\\\'ia} method';
    const el = mount({ text, hits: [hit(text, "\\emph{Garc\\'ia}", 'abstract', 'garcia')], field: 'abstract' });
    expect(el.querySelector('mark')!.textContent).toBe('García');
    expect(el.textContent).toBe('the García method');
  });

  it('falls back to raw text when a hit cuts a TeX construct', () => {
    const text = 'in \\textbf{bold} text';
    const start = text.indexOf('bf');
    const el = mount({ text, hits: [{ field: 'abstract', start, end: start + 2, keyword: 'bf' }], field: 'abstract' });
    expect(el.querySelector('mark')!.textContent).toBe('bf');
    expect(el.textContent).toBe(text);
  });

  it('plainTex = false shows the raw TeX text with raw hits', () => {
    const text = 'A \\emph{deep} idea';
    const el = mount({ text, hits: [hit(text, 'deep')], plainTex: false });
    expect(el.textContent).toBe(text);
    expect(el.querySelector('mark')!.textContent).toBe('deep');
  });

  it('copes with unsorted, overlapping and out-of-range hits', () => {
    const text = 'alpha beta gamma';
    const hits: Hit[] = [
      { field: 'abstract', start: 11, end: 16, keyword: 'gamma' },
      { field: 'abstract', start: 0, end: 5, keyword: 'alpha' },
      { field: 'abstract', start: 3, end: 8, keyword: 'overlap' },
      { field: 'abstract', start: 14, end: 99, keyword: 'out' },
    ];
    const el = mount({ text, hits });
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['alpha', 'gamma']);
    expect(el.textContent).toBe(text);
  });

  it('layout keeps every character when nothing changes', () => {
    const text = 'plain $a$ text with $$b$$ math';
    const pieces = layout(text, [], undefined, true, true);
    expect(pieces.map((p) => (p.kind === 'math' ? p.source : p.text)).join('')).toBe(text);
  });
});

describe('RichText hostile input', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
  ];

  it('renders HTML in text as text', () => {
    for (const bad of hostile) {
      const text = `Title ${bad} with $x$ and \\emph{${bad}}`;
      const el = mount({ text, hits: [hit(text, bad)] });
      expect(el.querySelector('img, script, iframe, svg, a[href], [onerror], [onload]'), bad).toBeNull();
      expect(el.textContent, bad).toContain(bad);
      expect(el.querySelector('mark')!.textContent).toBe(bad);
      render(null, el);
    }
  });

  it('keeps HTML inside math inert', () => {
    const el = mount({ text: '$<img src=x onerror=alert(1)>$ and $\\text{<script>alert(1)</script>}$' });
    expect(el.querySelector('img, script, [onerror]')).toBeNull();
  });

  it('does not follow \\href, \\url or \\includegraphics (trust: false)', () => {
    const el = mount({
      text: '$\\href{javascript:alert(1)}{x}$ $\\url{javascript:alert(1)}$ $\\includegraphics{x.png}$ $\\htmlClass{x}{y}$ $\\htmlData{onclick=alert(1)}{y}$',
    });
    expect(el.querySelector('a, img, [onclick], [data-onclick], .x')).toBeNull();
    expect(el.innerHTML).not.toMatch(/href=|src=/);
  });
});

// happy-dom's DOM is two orders of magnitude slower than a browser's (cloning and inserting one
// formula's ~40 nodes takes about 1 ms here), so the budgets below are loose; they catch
// quadratic behaviour, not constant factors.
describe('RichText performance', () => {
  const chunk = 'We study \\emph{sparse} random graphs $G_{n,p}$ whose edges number $O(n \\log n)$, 64\\% of them with Erd\\H{o}s--R\\\'enyi degrees, see Fig.~3 and the \\textbf{main} theorem of Section~4. ';
  let big = '';
  while (big.length < 100_000) big += chunk;
  const bigHits: Hit[] = [];
  for (let i = big.indexOf('graphs'); i >= 0; i = big.indexOf('graphs', i + 1)) {
    bigHits.push({ field: 'abstract', start: i, end: i + 6, keyword: 'graphs' });
  }

  it('lays out a 100 KB abstract quickly', () => {
    const t0 = performance.now();
    const pieces = layout(big, bigHits, 'abstract', true, true);
    const ms = performance.now() - t0;
    expect(pieces.filter((p) => p.kind === 'mark')).toHaveLength(bigHits.length);
    expect(pieces.filter((p) => p.kind === 'math').length).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(1000);
  });

  it('renders a 100 KB abstract in reasonable time', { timeout: 60_000 }, () => {
    const t0 = performance.now();
    const el = mount({ text: big, hits: bigHits, field: 'abstract' });
    const ms = performance.now() - t0;
    expect(el.querySelectorAll('mark')).toHaveLength(bigHits.length);
    expect(el.querySelectorAll('.katex').length).toBeGreaterThan(1000);
    expect(el.querySelector('.math-error')).toBeNull();
    expect(el.textContent).not.toContain('\\emph');
    expect(ms).toBeLessThan(20_000);
  });

  it('renders each distinct formula once (cache)', () => {
    const a = renderTex('\\mathcal{O}(n^{42})', false);
    expect(renderTex('\\mathcal{O}(n^{42})', false)).toBe(a);
    expect(renderTex('\\mathcal{O}(n^{42})', true)).not.toBe(a);
  });

  it('2,000 titles lay out quickly', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `Paper ${i} on $\\mathcal{O}(n^${i % 50})$, \\emph{sparse} $\\RR^d$ graphs`);
    const t0 = performance.now();
    for (const text of texts) layout(text, [hit(text, 'graphs', 'title')], 'title', true, true);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
