/**
 * The source text of a piece of an arXiv page, never MathJax's rendered DOM: MathJax 2 leaves each
 * formula's TeX in a `<script type="math/tex">` next to its rendering, LaTeXML's MathML keeps it in
 * `alttext`, and untypeset text still has its `$…$`. Labels ("Title:", "Abstract:"), our own inserted
 * nodes and rendered math are skipped; arXiv's "this http URL" links give back their URL.
 *
 * With `map`, every character of the result also says which page text node (and offset) it came
 * from, or null for characters that do not stand in the page as text (formulas, URLs): highlights
 * wrap only mapped characters.
 */

/** Rendered math (MathJax 2 and 3, KaTeX): its text is not the source. */
export const RENDERED_MATH =
  '.MathJax, .MathJax_Preview, .MathJax_Display, .MathJax_SVG, .MathJax_SVG_Display, .MathJax_CHTML, .MathJax_MathML, mjx-container, .katex';
/** Never part of the text: labels, our own nodes, non-text elements. */
const ALWAYS_SKIP = 'span.descriptor, [data-arxiv-daily], style, noscript, button, select, textarea, template';

export interface TextOptions {
  /** More elements to leave out (e.g. search results' "△ Less" link). */
  skip?: string;
}

export interface MappedText {
  text: string;
  /** Per character of `text`: the text node it comes from (null: not page text). */
  nodes: Array<Text | null>;
  /** Per character: the offset in that node. */
  offsets: number[];
}

type Piece = { s: string; node: Text | null };

const URL_LINK = /^this (?:https?|ftp) URL$/;

function collect(el: Element, skip: string, out: Piece[]): void {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3) {
      out.push({ s: (n as Text).data, node: n as Text });
      continue;
    }
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    const tag = e.localName;
    if (tag === 'script') {
      const type = e.getAttribute('type') ?? '';
      if (type.startsWith('math/tex')) {
        const d = /mode\s*=\s*display/.test(type) ? '$$' : '$';
        out.push({ s: `${d}${e.textContent ?? ''}${d}`, node: null });
      }
      continue;
    }
    if (tag === 'math') {
      const alt = e.getAttribute('alttext');
      if (alt !== null) {
        const d = e.getAttribute('display') === 'block' ? '$$' : '$';
        out.push({ s: `${d}${alt}${d}`, node: null });
      } else out.push({ s: e.textContent ?? '', node: null });
      continue;
    }
    if (tag === 'br') {
      out.push({ s: ' ', node: null });
      continue;
    }
    if (e.matches(ALWAYS_SKIP) || e.matches(RENDERED_MATH) || (skip && e.matches(skip))) continue;
    if (tag === 'a') {
      const label = (e.textContent ?? '').trim();
      const href = e.getAttribute('href');
      if (href && URL_LINK.test(label)) {
        out.push({ s: href, node: null });
        continue;
      }
    }
    collect(e, skip, out);
  }
}

const SPACE = /\s/;

/** The element's source text, whitespace collapsed, with the page origin of each character. */
export function mappedText(el: Element, opts: TextOptions = {}): MappedText {
  const pieces: Piece[] = [];
  collect(el, opts.skip ?? '', pieces);
  const chars: string[] = [];
  const nodes: Array<Text | null> = [];
  const offsets: number[] = [];
  let space: { node: Text | null; offset: number } | null = null;
  for (const p of pieces) {
    for (let i = 0; i < p.s.length; i++) {
      if (SPACE.test(p.s[i]!)) {
        space ??= { node: p.node, offset: i };
        continue;
      }
      if (space && chars.length) {
        chars.push(' ');
        nodes.push(space.node);
        offsets.push(space.offset);
      }
      space = null;
      chars.push(p.s[i]!);
      nodes.push(p.node);
      offsets.push(i);
    }
  }
  return { text: chars.join(''), nodes, offsets };
}

/** The element's source text (see the module doc). */
export function sourceText(el: Element | null | undefined, opts: TextOptions = {}): string {
  if (!el) return '';
  const pieces: Piece[] = [];
  collect(el, opts.skip ?? '', pieces);
  return pieces
    .map((p) => p.s)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
