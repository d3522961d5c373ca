/**
 * Feed text for the reader: TeX math rendered with KaTeX, TeX text markup made plain, keyword hits
 * marked. Everything from the feed reaches the DOM as text nodes, or as nodes KaTeX builds itself
 * (`katex.render`, `trust: false`): no innerHTML anywhere, so a hostile title stays inert.
 *
 * Hit ranges are UTF-16 ranges into the RAW `text` (what `lib/match` matched). How they survive
 * the two transformations:
 * - math: a hit overlapping a math segment marks the whole formula (`<mark class="math-hit">`
 *   around it); the part of a hit in text around the formula is marked as usual.
 * - plainTex: TeX text markup (`\emph{x}`, `\'e`, `--`, `~`, `\%`…) is made plain with
 *   `texTextToPlain`, range-preserving: hit boundaries are threaded through the transformation as
 *   sentinel characters (and each formula as one placeholder character), then found again in
 *   its output. The result is checked (sentinels in order, and the output without them equal to
 *   the plain text computed without them); when a hit cuts through a TeX construct
 *   (`\text|bf{…}`) and the check fails, the text is shown raw, hits intact, rather than garbled.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import './katex.css';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Hit, HitField } from '@/lib/match';
import { splitMath, texTextToPlain, type TexSegment } from '@/lib/text/tex';

export interface RichTextProps {
  /** Raw feed text (TeX). */
  text: string;
  /** Keyword hits, ranges into `text`; those of other fields than `field` are ignored. */
  hits?: readonly Hit[];
  /** Which field `text` is; without it every hit given applies. */
  field?: HitField;
  /** Render `$…$`, `$$…$$`, `\(…\)`, `\[…\]` and math environments with KaTeX (default true). */
  math?: boolean;
  /** Turn TeX text markup outside math into plain text (default true). */
  plainTex?: boolean;
}

/** Text with rendered math and keyword hits marked. */
export function RichText({ text, hits, field, math = true, plainTex = true }: RichTextProps) {
  const pieces = useMemo(() => layout(text, hits, field, math, plainTex), [text, hits, field, math, plainTex]);
  const out: ComponentChildren[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (p.kind === 'text') out.push(p.text);
    else if (p.kind === 'mark') {
      out.push(
        <mark key={k} title={p.keyword}>
          {p.text}
        </mark>,
      );
    } else {
      const formula = <MathTex key={k} tex={p.tex} display={p.display} />;
      out.push(
        p.keyword === undefined ? (
          formula
        ) : (
          <mark key={k} class="math-hit" title={p.keyword}>
            {formula}
          </mark>
        ),
      );
    }
  }
  return <>{out}</>;
}

// ---------------------------------------------------------------------------------------------
// Layout: segments, hits, plain TeX
// ---------------------------------------------------------------------------------------------

export type RichPiece =
  | { kind: 'text'; text: string }
  | { kind: 'mark'; text: string; keyword: string }
  | { kind: 'math'; tex: string; source: string; display: boolean; keyword?: string };

interface LocalRange {
  start: number;
  end: number;
  keyword: string;
}

/** A hit boundary inside text (a noncharacter: no feed text has it, no TeX rule touches it). */
const HIT_MARK = '\uFDD0';
/** Stands for one formula while the text around it is made plain. */
const MATH_MARK = '\uFDD1';
/** Anything `texTextToPlain` would change. Text without it is shown as it is. */
const TEX_MARKUP = /[\\{}~]|--|``|''/;

/** The pieces to render for `text`; exported for tests. */
export function layout(
  text: string,
  hits: readonly Hit[] | undefined,
  field: HitField | undefined,
  math: boolean,
  plainTex: boolean,
): RichPiece[] {
  const segs: TexSegment[] = math ? splitMath(text) : [{ math: false, text }];
  const ranges = cleanHits(text.length, hits, field);

  // Per segment: the hit ranges in it (local coordinates) or, for math, the keyword marking it.
  const local: (LocalRange[] | string | undefined)[] = [];
  let at = 0;
  let h = 0;
  for (const seg of segs) {
    const end = at + seg.text.length;
    while (h < ranges.length && ranges[h]!.end <= at) h++;
    if (seg.math) {
      const r = ranges[h];
      local.push(r && r.start < end ? r.keyword : undefined);
    } else {
      const rs: LocalRange[] = [];
      for (let j = h; j < ranges.length && ranges[j]!.start < end; j++) {
        const r = ranges[j]!;
        rs.push({ start: Math.max(r.start, at) - at, end: Math.min(r.end, end) - at, keyword: r.keyword });
      }
      local.push(rs);
    }
    at = end;
  }

  const plain = plainTex ? plainTexts(segs, local) : null;
  const pieces: RichPiece[] = [];
  let t = 0;
  segs.forEach((seg, k) => {
    if (seg.math) {
      const keyword = local[k] as string | undefined;
      pieces.push({ kind: 'math', tex: seg.tex, source: seg.text, display: seg.display, ...(keyword === undefined ? {} : { keyword }) });
      return;
    }
    const rs = local[k] as LocalRange[];
    const p = plain?.[t++];
    if (p) pushSplit(pieces, p, rs);
    else {
      let pos = 0;
      for (const r of rs) {
        pushText(pieces, seg.text.slice(pos, r.start));
        pushMark(pieces, seg.text.slice(r.start, r.end), r.keyword);
        pos = r.end;
      }
      pushText(pieces, seg.text.slice(pos));
    }
  });
  return pieces;
}

/** Hits of the field, sorted, clamped to the text, overlaps dropped. */
function cleanHits(n: number, hits: readonly Hit[] | undefined, field: HitField | undefined): LocalRange[] {
  if (!hits?.length) return [];
  const rs = hits
    .filter((x) => (field === undefined || x.field === field) && x.end > x.start)
    .map((x) => ({ start: Math.max(0, x.start), end: Math.min(n, x.end), keyword: x.keyword }))
    .filter((x) => x.end > x.start)
    .sort((a, b) => a.start - b.start);
  const out: LocalRange[] = [];
  for (const r of rs) if (!out.length || r.start >= out[out.length - 1]!.end) out.push(r);
  return out;
}

/**
 * Plain versions of the text segments, each as alternating outside/inside-a-hit parts (so
 * `parts.length === 2 × ranges + 1`); null when nothing changes or the mapping cannot be trusted.
 * The whole text goes through `texTextToPlain` at once (formulas as placeholders), so markup that
 * spans a formula (`\emph{a $x$ b}`) is handled as TeX would.
 */
function plainTexts(segs: TexSegment[], local: (LocalRange[] | string | undefined)[]): string[][] | null {
  const texts = segs.filter((s) => !s.math);
  if (!texts.some((s) => TEX_MARKUP.test(s.text))) return null;
  let input = '';
  let bare = '';
  let marks = 0;
  let formulas = 0;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k]!;
    if (seg.math) {
      input += MATH_MARK;
      bare += MATH_MARK;
      formulas++;
      continue;
    }
    if (seg.text.includes(HIT_MARK) || seg.text.includes(MATH_MARK)) return null;
    let pos = 0;
    for (const r of local[k] as LocalRange[]) {
      input += seg.text.slice(pos, r.start) + HIT_MARK + seg.text.slice(r.start, r.end) + HIT_MARK;
      pos = r.end;
      marks += 2;
    }
    input += seg.text.slice(pos);
    bare += seg.text;
  }
  let out: string;
  try {
    out = texTextToPlain(input);
    if (marks > 0 && out.replaceAll(HIT_MARK, '') !== texTextToPlain(bare)) return null;
  } catch {
    return null; // e.g. more TeX spans than the private-use stash holds
  }
  // Text segments sit in the gaps between formulas; gaps without one must stay empty.
  const gaps = out.split(MATH_MARK);
  if (gaps.length !== formulas + 1) return null;
  const used = gaps.map(() => false);
  const result: string[][] = [];
  let g = 0;
  for (let k = 0; k < segs.length; k++) {
    if (segs[k]!.math) {
      g++;
      continue;
    }
    const parts = gaps[g]!.split(HIT_MARK);
    if (parts.length !== 2 * (local[k] as LocalRange[]).length + 1) return null;
    used[g] = true;
    result.push(parts);
  }
  return gaps.every((gap, i) => used[i] || gap === '') ? result : null;
}

function pushSplit(pieces: RichPiece[], parts: string[], rs: LocalRange[]) {
  parts.forEach((part, i) => (i % 2 ? pushMark(pieces, part, rs[(i - 1) / 2]!.keyword) : pushText(pieces, part)));
}

function pushText(pieces: RichPiece[], text: string) {
  if (text) pieces.push({ kind: 'text', text });
}

function pushMark(pieces: RichPiece[], text: string, keyword: string) {
  if (text) pieces.push({ kind: 'mark', text, keyword });
}

// ---------------------------------------------------------------------------------------------
// KaTeX
// ---------------------------------------------------------------------------------------------

/** Macros arXiv authors take for granted; KaTeX does not define them. */
export const TEX_MACROS: Readonly<Record<string, string>> = {
  '\\RR': '\\mathbb{R}',
  '\\NN': '\\mathbb{N}',
  '\\ZZ': '\\mathbb{Z}',
  '\\CC': '\\mathbb{C}',
  '\\QQ': '\\mathbb{Q}',
  '\\EE': '\\mathbb{E}',
  '\\PP': '\\mathbb{P}',
  '\\R': '\\mathbb{R}',
  '\\N': '\\mathbb{N}',
  '\\Z': '\\mathbb{Z}',
  '\\E': '\\mathbb{E}',
  '\\eps': '\\varepsilon',
  '\\Var': '\\operatorname{Var}',
  '\\argmin': '\\operatorname*{arg\\,min}',
  '\\argmax': '\\operatorname*{arg\\,max}',
  '\\norm': '\\left\\lVert #1 \\right\\rVert',
  '\\abs': '\\left\\lvert #1 \\right\\rvert',
  // Abbreviations authors define in their preambles and leave in arXiv abstracts.
  '\\wt': '\\widetilde',
  '\\wh': '\\widehat',
  '\\ol': '\\overline',
  '\\ul': '\\underline',
  '\\bm': '\\boldsymbol',
  '\\mathds': '\\mathbb',
  '\\bbR': '\\mathbb{R}',
  '\\cO': '\\mathcal{O}',
  '\\cL': '\\mathcal{L}',
  '\\cN': '\\mathcal{N}',
  '\\cX': '\\mathcal{X}',
  '\\cY': '\\mathcal{Y}',
  '\\Tr': '\\operatorname{Tr}',
  '\\tr': '\\operatorname{tr}',
  '\\poly': '\\operatorname{poly}',
  '\\polylog': '\\operatorname{polylog}',
  '\\indep': '\\perp\\!\\!\\!\\perp',
};

type Rendered = { node: Node } | { error: string };

/** Rendered formulas by display flag + TeX, oldest first; a hit is moved to the end. */
const cache = new Map<string, Rendered>();
const CACHE_SIZE = 5000;

/** KaTeX output for a formula, rendered once and cloned for every use. */
export function renderTex(tex: string, display: boolean): Rendered {
  const key = (display ? 'D' : 'I') + tex;
  let r = cache.get(key);
  if (r) {
    cache.delete(key);
  } else {
    r = renderUncached(tex, display);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, r);
  return r;
}

function renderUncached(tex: string, display: boolean): Rendered {
  if (typeof document === 'undefined') return { error: 'no DOM' };
  const holder = document.createElement('span');
  try {
    katex.render(tex, holder, {
      // Errors are caught to show the source as code; KaTeX's own error rendering would not say so.
      throwOnError: true,
      displayMode: display,
      trust: false,
      strict: 'ignore',
      maxSize: 10,
      maxExpand: 200,
      output: 'htmlAndMathml',
      // A copy: `\gdef` in one abstract must not redefine macros for the next.
      macros: { ...TEX_MACROS },
    });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const node = holder.firstChild;
  return node ? { node } : { error: 'empty' };
}

/** One formula: KaTeX's DOM (cloned from the cache into a ref'd span), or its source as code. */
function MathTex({ tex, display }: { tex: string; display: boolean }) {
  const r = renderTex(tex, display);
  const ref = useRef<HTMLSpanElement>(null);
  const node = 'node' in r ? r.node : null;
  useLayoutEffect(() => {
    if (node && ref.current) ref.current.replaceChildren(node.cloneNode(true));
  }, [node]);
  if (!node) {
    return (
      <code class="math-error" title={'error' in r ? r.error : undefined}>
        {tex}
      </code>
    );
  }
  return <span ref={ref} class={display ? 'math math-display' : 'math'} />;
}
