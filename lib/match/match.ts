/**
 * Matching papers against the user's keyword list. Pure TypeScript, no browser globals.
 * See rules.ts for the keyword syntax and the matching semantics.
 */
import type { Paper } from '../arxiv/types';
import { foldText, parseKeyword, rawRange, type FoldedText, type KeywordRule, type RulePart } from './rules';

export type HitField = 'title' | 'abstract' | 'authors';

/**
 * A range to highlight: UTF-16 indices `[start, end)` into `paper.title`, `paper.abstract` or
 * {@link authorString}`(paper)`. Overlapping ranges of one field are merged, whatever keywords they
 * come from; `keyword` is then the first of those keywords in the user's order.
 */
export interface Hit {
  field: HitField;
  start: number;
  end: number;
  keyword: string;
}

export interface PaperMatch {
  /** Labels of every keyword the paper matches, each once, in the user's order. */
  keywords: string[];
  /** Sorted by field (title, abstract, authors) then start; never overlapping within a field. */
  hits: Hit[];
}

export interface CompiledKeyword {
  /** The entry text, trimmed: what the UI shows. */
  label: string;
  /** Position of the entry in the user's list. */
  index: number;
  rule: KeywordRule;
}

export interface KeywordError {
  /** Position of the entry in the user's list. */
  index: number;
  label: string;
  /** Written for the user, e.g. `Invalid regular expression /(/: Unterminated group`. */
  message: string;
}

export interface CompiledKeywords {
  /** Valid keywords in the user's order; blank entries and repeated labels are skipped. */
  keywords: CompiledKeyword[];
  errors: KeywordError[];
  /** True when the list has no non-blank entry (then every paper is relevant). */
  empty: boolean;
}

/** The keyword list in any of the forms the functions below accept. */
export type KeywordsInput = readonly string[] | CompiledKeywords;

const FIELD_ORDER: Record<HitField, number> = { title: 0, abstract: 1, authors: 2 };

/** The author string that `authors` hit ranges index into. */
export function authorString(paper: Pick<Paper, 'authors'>): string {
  return paper.authors.join(', ');
}

/** Parses and compiles every entry once. Blank entries are ignored; invalid ones are reported. */
export function compileKeywords(entries: readonly string[]): CompiledKeywords {
  const keywords: CompiledKeyword[] = [];
  const errors: KeywordError[] = [];
  const seen = new Set<string>();
  let empty = true;
  entries.forEach((entry, index) => {
    if (entry.trim() === '') return;
    empty = false;
    const parsed = parseKeyword(entry);
    if (seen.has(parsed.label)) return;
    seen.add(parsed.label);
    if (parsed.rule) keywords.push({ label: parsed.label, index, rule: parsed.rule });
    else errors.push({ index, label: parsed.label, message: parsed.error });
  });
  return { keywords, errors, empty };
}

function toCompiled(input: KeywordsInput): CompiledKeywords {
  return isCompiled(input) ? input : compileKeywords(input);
}

function isCompiled(input: KeywordsInput | readonly CompiledKeyword[]): input is CompiledKeywords {
  return !Array.isArray(input);
}

/** Per-paper lazy views of the searched fields (raw, folded, folded + lowercased). */
class PaperText {
  private authors: string | null = null;
  private readonly folds: Partial<Record<HitField, FoldedText>> = {};
  private readonly lowers: Partial<Record<HitField, string>> = {};

  constructor(private readonly paper: Paper) {}

  raw(field: HitField): string {
    if (field === 'title') return this.paper.title;
    if (field === 'abstract') return this.paper.abstract;
    return (this.authors ??= authorString(this.paper));
  }

  folded(field: HitField): FoldedText {
    return (this.folds[field] ??= foldText(this.raw(field)));
  }

  /** Folded and lowercased: for the cheap literal prefilter only (indices may differ). */
  lower(field: HitField): string {
    return (this.lowers[field] ??= this.folded(field).text.toLowerCase());
  }
}

const TEXT_FIELDS: readonly HitField[] = ['title', 'abstract'];
const AUTHOR_FIELDS: readonly HitField[] = ['authors'];

interface RawHit {
  field: HitField;
  start: number;
  end: number;
  /** Index of the keyword in the compiled list (its place in the user's order). */
  k: number;
}

/**
 * Calls `onHit` for each non-empty match of `part` (raw-text ranges); without `onHit`, stops at the first.
 * Returns whether anything matched.
 */
function scanPart(part: RulePart, text: PaperText, onHit?: (field: HitField, start: number, end: number) => void): boolean {
  const re = part.re;
  let found = false;
  for (const field of part.field === 'text' ? TEXT_FIELDS : AUTHOR_FIELDS) {
    if (part.literal !== null && !text.lower(field).includes(part.literal)) continue;
    const folded = part.folded ? text.folded(field) : null;
    const haystack = folded ? folded.text : text.raw(field);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(haystack)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) {
        // Empty matches never count (a user regex like /x*/); step over one code point.
        const cp = haystack.codePointAt(start) ?? 0;
        re.lastIndex = start + (cp > 0xffff && (re.unicode || re.unicodeSets) ? 2 : 1);
        continue;
      }
      found = true;
      if (!onHit) return true;
      const [s, e] = folded ? rawRange(folded, start, end) : [start, end];
      onHit(field, s, e);
    }
  }
  return found;
}

function mergeHits(raw: RawHit[], list: readonly CompiledKeyword[]): Hit[] {
  raw.sort((a, b) => FIELD_ORDER[a.field] - FIELD_ORDER[b.field] || a.start - b.start || b.end - a.end);
  const out: RawHit[] = [];
  for (const h of raw) {
    const last = out[out.length - 1];
    if (last && last.field === h.field && h.start < last.end) {
      if (h.end > last.end) last.end = h.end;
      if (h.k < last.k) last.k = h.k;
    } else {
      out.push({ ...h });
    }
  }
  return out.map((h) => ({ field: h.field, start: h.start, end: h.end, keyword: list[h.k]!.label }));
}

/** Which keywords a paper matches, and the ranges to highlight. */
export function matchPaper(paper: Paper, compiled: CompiledKeywords | readonly CompiledKeyword[]): PaperMatch {
  const list = isCompiled(compiled) ? compiled.keywords : compiled;
  const text = new PaperText(paper);
  const keywords: string[] = [];
  const raw: RawHit[] = [];
  list.forEach((kw, k) => {
    const found: RawHit[] = [];
    for (const part of kw.rule.include) {
      const any = scanPart(part, text, (field, start, end) => found.push({ field, start, end, k }));
      if (!any) return;
    }
    for (const part of kw.rule.exclude) {
      if (scanPart(part, text)) return;
    }
    keywords.push(kw.label);
    for (const h of found) raw.push(h);
  });
  return { keywords, hits: raw.length === 0 ? [] : mergeHits(raw, list) };
}

/** The match of every paper, by paper id (papers matching nothing get `keywords: []`). */
export function matchPapers(papers: readonly Paper[], entries: KeywordsInput): Map<string, PaperMatch> {
  const compiled = toCompiled(entries);
  const out = new Map<string, PaperMatch>();
  for (const paper of papers) {
    if (!out.has(paper.id)) out.set(paper.id, matchPaper(paper, compiled));
  }
  return out;
}

/**
 * Papers that match at least one keyword, each once (first occurrence of an id), in input order.
 * When the list is empty or has only blank entries, every paper is relevant. A list whose entries
 * are all invalid matches nothing (its errors are shown to the user instead).
 */
export function relevantPapers(papers: readonly Paper[], entries: KeywordsInput): Paper[] {
  const compiled = toCompiled(entries);
  const seen = new Set<string>();
  const out: Paper[] = [];
  for (const paper of papers) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    if (compiled.empty || matchPaper(paper, compiled).keywords.length > 0) out.push(paper);
  }
  return out;
}

export interface KeywordGroup {
  keyword: string;
  papers: Paper[];
}

export interface KeywordGrouping {
  /** One group per matched keyword, in the user's order; a paper is in every group it matches. */
  groups: KeywordGroup[];
  /** Distinct papers over all groups (a paper matching two keywords counts once). */
  total: number;
}

/**
 * Orders labels consistently with every paper's keyword list (each is in the user's order):
 * a topological merge, ties broken by first appearance.
 */
function inferOrder(lists: readonly (readonly string[])[]): string[] {
  const first = new Map<string, number>();
  const next = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const list of lists) {
    for (const k of list) {
      if (!first.has(k)) {
        first.set(k, first.size);
        next.set(k, new Set());
        indegree.set(k, 0);
      }
    }
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      const out = next.get(a)!;
      if (a !== b && !out.has(b)) {
        out.add(b);
        indegree.set(b, indegree.get(b)! + 1);
      }
    }
  }
  const order: string[] = [];
  const done = new Set<string>();
  const byFirst = [...first.keys()];
  while (order.length < byFirst.length) {
    // Cheapest correct choice for the handful of keywords a user has.
    const ready = byFirst.find((k) => !done.has(k) && indegree.get(k) === 0) ?? byFirst.find((k) => !done.has(k))!;
    done.add(ready);
    order.push(ready);
    for (const b of next.get(ready)!) indegree.set(b, indegree.get(b)! - 1);
  }
  return order;
}

/**
 * Groups papers by keyword for a digest. `keywordOrder` (the entries, or the compiled list) fixes the
 * group order; without it the order is inferred from the matches. Groups with no paper are left out.
 */
export function groupByKeyword(
  papers: readonly Paper[],
  matches: ReadonlyMap<string, PaperMatch> | Readonly<Record<string, PaperMatch>>,
  keywordOrder?: KeywordsInput,
): KeywordGrouping {
  const get = (id: string): PaperMatch | undefined =>
    matches instanceof Map ? matches.get(id) : Object.hasOwn(matches, id) ? (matches as Record<string, PaperMatch>)[id] : undefined;
  const byKeyword = new Map<string, Paper[]>();
  const seen = new Set<string>();
  const lists: string[][] = [];
  for (const paper of papers) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    const match = get(paper.id);
    if (!match || match.keywords.length === 0) continue;
    lists.push(match.keywords);
    for (const k of match.keywords) {
      let group = byKeyword.get(k);
      if (!group) byKeyword.set(k, (group = []));
      if (group[group.length - 1] !== paper) group.push(paper);
    }
  }
  let order: string[] = [];
  if (keywordOrder) {
    order = isCompiled(keywordOrder) ? keywordOrder.keywords.map((k) => k.label) : keywordOrder.map((e) => e.trim());
  }
  const placed = new Set<string>();
  const groups: KeywordGroup[] = [];
  for (const k of [...order, ...inferOrder(lists)]) {
    const group = byKeyword.get(k);
    if (!group || placed.has(k)) continue;
    placed.add(k);
    groups.push({ keyword: k, papers: group });
  }
  const total = new Set(groups.flatMap((g) => g.papers.map((p) => p.id))).size;
  return { groups, total };
}
