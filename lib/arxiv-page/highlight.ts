/**
 * Keyword hits on the page's own text: ranges of `mappedText(el).text` (what keyword matching ran on)
 * wrapped in `<mark>`. A range that touches a formula (typeset or still `$…$`), a URL, or anything
 * that is not plain page text is left alone, so MathJax's input and output are never cut apart.
 */
import { splitMath } from '../text/tex';
import { mappedText, type TextOptions } from './text';

/** Marks carry this attribute (not `data-arxiv-daily`, which marks nodes whose text is ours, not the page's). */
export const HIT_ATTR = 'data-arxiv-daily-hit';

export interface Range {
  start: number;
  end: number;
  /** Shown as the mark's tooltip. */
  keyword?: string;
}

function mathSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const seg of splitMath(text)) {
    if (seg.math) out.push([at, at + seg.text.length]);
    at += seg.text.length;
  }
  return out;
}

/** Wraps the ranges in `<mark class="adt-hit">`; answers with the marks made. */
export function highlightRanges(el: Element, ranges: readonly Range[], opts: TextOptions = {}): HTMLElement[] {
  if (!ranges.length) return [];
  const m = mappedText(el, opts);
  const math = mathSpans(m.text);
  const perNode = new Map<Text, Array<{ start: number; end: number; keyword?: string }>>();
  for (const r of ranges) {
    if (r.start < 0 || r.end > m.text.length || r.end <= r.start) continue;
    if (math.some(([s, e]) => r.start < e && s < r.end)) continue;
    let ok = true;
    for (let i = r.start; i < r.end; i++) if (!m.nodes[i]) ok = false;
    if (!ok) continue;
    // Split the range by text node: each piece spans the node's offsets from its first to its last character.
    let i = r.start;
    while (i < r.end) {
      const node = m.nodes[i]!;
      let j = i;
      while (j + 1 < r.end && m.nodes[j + 1] === node) j++;
      const piece = { start: m.offsets[i]!, end: m.offsets[j]! + 1, ...(r.keyword ? { keyword: r.keyword } : {}) };
      const list = perNode.get(node) ?? [];
      list.push(piece);
      perNode.set(node, list);
      i = j + 1;
    }
  }
  const marks: HTMLElement[] = [];
  const doc = el.ownerDocument;
  for (const [node, pieces] of perNode) {
    // Right to left, so the offsets of the pieces still to wrap stay valid.
    pieces.sort((a, b) => b.start - a.start);
    let last = Infinity;
    for (const p of pieces) {
      if (p.end > last || !node.parentNode) continue; // overlapping pieces: keep the rightmost
      node.splitText(p.end);
      const middle = node.splitText(p.start);
      const mark = doc.createElement('mark');
      mark.className = 'adt-hit';
      mark.setAttribute(HIT_ATTR, '');
      mark.setAttribute('translate', 'no');
      if (p.keyword) mark.title = p.keyword;
      middle.parentNode!.insertBefore(mark, middle);
      mark.appendChild(middle);
      marks.push(mark);
      last = p.start;
    }
  }
  return marks;
}

/** Takes every hit mark out again, leaving the page's text as it was. */
export function removeHighlights(root: ParentNode): void {
  const parents = new Set<Node>();
  for (const mark of Array.from(root.querySelectorAll(`mark[${HIT_ATTR}]`))) {
    const parent = mark.parentNode;
    if (!parent) continue;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parents.add(parent);
  }
  for (const p of parents) p.normalize();
}
