/**
 * Math & markup protection around machine translation.
 *
 * `protect` replaces everything a translator must not touch — TeX math, citations/refs, URLs,
 * arXiv ids, DOIs, bracketed reference numbers, unknown TeX commands and keep-as-is glossary
 * terms — by numbered placeholders, after turning TeX text escapes (`\%`, `--`, `\emph{x}`,
 * `\'e` …) outside math into plain characters. `restore` puts the originals back and reports
 * lost / duplicated / damaged placeholders. `translateProtected` does protect → translate →
 * restore, retries broken texts sentence by sentence, and marks what still fails instead of
 * ever returning a broken translation.
 *
 * Math delimiting and TeX text → plain live in `lib/text/tex` (`splitMath`, `texTextToPlain`).
 */
import { splitMath, texTextToPlain } from '../text/tex';
import { joinsWithoutSpaces } from './languages';
import { TranslateError, type PlaceholderFormat, type TranslationService } from './types';

// ---------------------------------------------------------------------------------------------
// Placeholders
// ---------------------------------------------------------------------------------------------

export function placeholder(id: number, format: PlaceholderFormat): string {
  return format === 'xml' ? `<x id="${id}"/>` : `[[${id}]]`;
}

const OPEN = '[\\[【［〖⟦]';
const CLOSE = '[\\]】］〗⟧]';
const DIGITS = '[0-9０-９]+';
/** Tolerant: `[[1]]`, `[[ 1 ]]`, `【【1】】`, `［［１］］`, `[ [1] ]`. */
const BRACKET_RE = new RegExp(`${OPEN}\\s*${OPEN}\\s*(${DIGITS})\\s*${CLOSE}\\s*${CLOSE}`, 'g');
/** Tolerant: `<x id="1"/>`, `<x id=1>`, `<x id="1"></x>`, `< x id = "1" / >`. */
const XML_RE = /<\s*x\s+id\s*=\s*["'“”]?\s*([0-9]+)\s*["'“”]?\s*\/?\s*>(?:\s*<\s*\/\s*x\s*>)?/g;
/** Leftovers that mean a placeholder was damaged rather than kept or dropped. */
const BRACKET_DAMAGE_RE = new RegExp(`${OPEN}\\s*${DIGITS}\\s*${CLOSE}|${OPEN}{2}|${CLOSE}{2}|${OPEN}\\s*${DIGITS}|${DIGITS}\\s*${CLOSE}`);
const XML_DAMAGE_RE = /<\s*\/?\s*x\b|\bid\s*=\s*["'“”]?\s*\d/i;
/** Source text that looks like a placeholder or bracketed reference numbers: protected verbatim. */
const LOOKALIKE_RE = new RegExp(`${OPEN}\\s*${OPEN}\\s*${DIGITS}\\s*${CLOSE}\\s*${CLOSE}|\\[\\d+(?:\\s*[,–-]\\s*\\d+)*\\]`, 'g');

function toInt(digits: string): number {
  return Number(digits.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED_ENTITIES[e] ?? NAMED_ENTITIES[e.toLowerCase()] ?? m;
  });
}

// ---------------------------------------------------------------------------------------------
// protect / restore
// ---------------------------------------------------------------------------------------------

export interface Protected {
  /** Text to send: placeholders in `format`, XML-escaped when `format` is `xml`. */
  text: string;
  /** `tokens[i]` is what placeholder `i + 1` stands for, in order of appearance. */
  tokens: string[];
  format: PlaceholderFormat;
}

export interface ProtectOptions {
  format?: PlaceholderFormat;
}

const PUA_START = 0xe000;
const PUA_END = 0xf8ff;
const PUA_RE = /[\uE000-\uF8FF]/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex per case sensitivity matching any of the terms as whole words (plural allowed). */
export function termsRegExps(terms: readonly string[]): RegExp[] {
  const clean = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const pattern = (t: string) => {
    const body = t.split(/[-\s]+/).map(escapeRegExp).join('[-\\s]+');
    return /[a-z]$/i.test(t) ? `${body}(?:s|es)?` : body;
  };
  // Mixed-case terms (LoRA, GPT) match exactly; others ignore case.
  const sensitive = clean.filter((t) => /[A-Z]/.test(t.slice(1)));
  const insensitive = clean.filter((t) => !/[A-Z]/.test(t.slice(1)));
  const out: RegExp[] = [];
  const edge = (alts: string[]) => `(?<![\\p{L}\\p{N}_])(?:${alts.join('|')})(?![\\p{L}\\p{N}_])`;
  if (sensitive.length) out.push(new RegExp(edge(sensitive.map(pattern)), 'gu'));
  if (insensitive.length) out.push(new RegExp(edge(insensitive.map(pattern)), 'giu'));
  return out;
}

// URL / id patterns (no PUA characters inside, so they never swallow an earlier token).
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'{}\\\uE000-\uF8FF]+/g;
const DOI_RE = /\b(?:doi:\s*)?10\.\d{4,9}\/[^\s<>"'{}\\\uE000-\uF8FF]+/gi;
const ARXIV_PREFIXED_RE = /\barXiv:\s?(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/gi;
const ARXIV_NEW_RE = /(?<![\w.])\d{4}\.\d{4,5}(?:v\d+)?(?![\w.]*\d)/g;
const ARXIV_OLD_RE = /(?<![\w/])[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?\b/g;
const REF_COMMAND_RE =
  /\\(?:cite[a-zA-Z]*|[cC]ref|autoref|eqref|ref|pageref|label|nocite)\*?(?:\s*\[[^\][]*\])*\s*\{[^{}]*\}|\\href\s*\{[^{}]*\}\s*\{[^{}]*\}/g;

/** Trims sentence punctuation off the end of a URL/DOI, keeping balanced parentheses. */
function trimTrailing(s: string): string {
  let out = s;
  for (;;) {
    const last = out[out.length - 1];
    if (last && '.,;:!?\'"'.includes(last)) out = out.slice(0, -1);
    else if (last === ')' && (out.match(/\(/g)?.length ?? 0) < (out.match(/\)/g)?.length ?? 0)) out = out.slice(0, -1);
    else if (last === ']' && !out.includes('[')) out = out.slice(0, -1);
    else return out;
  }
}

/**
 * Replaces math, citations, URLs, ids and keep-as-is `glossaryTerms` by placeholders, and TeX
 * text escapes outside math by plain characters.
 */
export function protect(text: string, glossaryTerms: readonly string[] = [], opts: ProtectOptions = {}): Protected {
  const format = opts.format ?? 'bracket';
  const raw: string[] = [];
  const tok = (s: string): string => {
    if (raw.length > PUA_END - PUA_START) throw new RangeError('too many protected spans in one text');
    raw.push(s);
    return String.fromCharCode(PUA_START + raw.length - 1);
  };

  // Private-use characters in the input would be mistaken for our markers: protect them first.
  let work = text.replace(PUA_RE, (c) => tok(c));
  // Math, exactly as written.
  work = splitMath(work)
    .map((seg) => (seg.math ? tok(seg.text) : seg.text))
    .join('');
  // A literal dollar stays escaped, so the restored text still splits the same way.
  work = work.replace(/\\\$/g, (m) => tok(m));
  work = work.replace(REF_COMMAND_RE, (m) => tok(m));
  const trimmedToken = (m: string) => {
    const t = trimTrailing(m);
    return tok(t) + m.slice(t.length);
  };
  work = work.replace(URL_RE, trimmedToken);
  work = work.replace(DOI_RE, trimmedToken);
  work = work.replace(ARXIV_PREFIXED_RE, (m) => tok(m));
  work = work.replace(ARXIV_OLD_RE, (m) => tok(m));
  work = work.replace(ARXIV_NEW_RE, (m) => tok(m));
  work = work.replace(LOOKALIKE_RE, (m) => tok(m));
  work = texTextToPlain(work, (_raw, plain) => tok(plain));
  for (const re of termsRegExps(glossaryTerms)) work = work.replace(re, (m) => tok(m));

  // Expand nested markers inside tokens, and number placeholders by order of appearance.
  const expand = (s: string): string => s.replace(PUA_RE, (c) => expand(raw[c.charCodeAt(0) - PUA_START]!));
  const tokens: string[] = [];
  let out = '';
  let plain = '';
  const flush = () => {
    out += format === 'xml' ? escapeXml(plain) : plain;
    plain = '';
  };
  for (const ch of work) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= PUA_START && code <= PUA_END) {
      flush();
      tokens.push(expand(raw[code - PUA_START]!));
      out += placeholder(tokens.length, format);
    } else {
      plain += ch;
    }
  }
  flush();
  return { text: out, tokens, format };
}

export interface Restored {
  text: string;
  ok: boolean;
  problems: string[];
}

type Part = { id: number; raw: string } | { text: string };

function parsePlaceholders(translated: string, format: PlaceholderFormat): Part[] {
  const re = new RegExp((format === 'xml' ? XML_RE : BRACKET_RE).source, 'g');
  const parts: Part[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(translated))) {
    if (m.index > last) parts.push({ text: translated.slice(last, m.index) });
    parts.push({ id: toInt(m[1]!), raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < translated.length) parts.push({ text: translated.slice(last) });
  return parts;
}

/**
 * Puts the protected spans back. Tolerates harmless variants (`[[ 1 ]]`, `【【1】】`, full-width
 * digits, `<x id="1"></x>`), reordering (translation moves phrases), and decodes XML entities in
 * `xml` format. Lost, duplicated, unknown or damaged placeholders make `ok` false.
 */
export function restore(
  translated: string,
  tokens: readonly string[],
  format: PlaceholderFormat = 'bracket',
  /** The protected text that was sent: bracket/tag lookalikes it already had are not damage. */
  source?: string,
): Restored {
  const problems: string[] = [];
  const damageRe = format === 'xml' ? XML_DAMAGE_RE : BRACKET_DAMAGE_RE;
  let allowedDamage = source === undefined ? 0 : countDamage(source, format);
  const counts = new Array<number>(tokens.length + 1).fill(0);
  let text = '';
  for (const part of parsePlaceholders(translated, format)) {
    if ('id' in part) {
      if (part.id < 1 || part.id > tokens.length) {
        problems.push(`unknown placeholder ${part.raw}`);
        text += part.raw;
        continue;
      }
      counts[part.id]!++;
      text += tokens[part.id - 1];
    } else {
      for (const d of part.text.matchAll(new RegExp(damageRe.source, 'gi'))) {
        if (allowedDamage > 0) {
          allowedDamage--;
          continue;
        }
        problems.push(`damaged placeholder near "${part.text.slice(Math.max(0, d.index - 10), d.index + 15)}"`);
      }
      text += format === 'xml' ? decodeEntities(part.text) : part.text;
    }
  }
  for (let id = 1; id <= tokens.length; id++) {
    if (counts[id] === 0) problems.push(`lost placeholder ${id} (${shorten(tokens[id - 1]!)})`);
    else if (counts[id]! > 1) problems.push(`duplicated placeholder ${id} (${shorten(tokens[id - 1]!)})`);
  }
  return { text, ok: problems.length === 0, problems };
}

/** Damage-looking spans in the plain parts of a (protected) text. */
function countDamage(text: string, format: PlaceholderFormat): number {
  const damageRe = new RegExp((format === 'xml' ? XML_DAMAGE_RE : BRACKET_DAMAGE_RE).source, 'gi');
  let n = 0;
  for (const part of parsePlaceholders(text, format)) if ('text' in part) n += [...part.text.matchAll(damageRe)].length;
  return n;
}

function shorten(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '…' : s;
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'al', 'fig', 'figs', 'eq', 'eqs', 'sec', 'secs', 'vs', 'cf', 'resp', 'approx', 'ref', 'refs',
  'no', 'nos', 'dr', 'mr', 'ms', 'mrs', 'prof', 'thm', 'lem', 'def', 'tab', 'ch', 'vol', 'pp', 'viz', 'ca', 'st',
  'jr', 'sr', 'inc', 'ltd', 'approx', 'est', 'min', 'max', 'avg', 'std', 'var',
]);

/**
 * Splits text into sentences; every piece keeps its trailing whitespace, so joining gives the
 * input back. Placeholders contain no sentence punctuation, so math is never cut.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?。！？]["')\]”’]*\s+/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    const next = text[end];
    if (next !== undefined && /\p{Ll}/u.test(next)) continue; // "… et al. showed"
    if (m[0][0] === '.') {
      const before = /([\p{L}.]+)$/u.exec(text.slice(start, m.index))?.[1] ?? '';
      const word = before.toLowerCase().replace(/^\.+/, '');
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) continue;
    }
    out.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.length ? out : [text];
}

// ---------------------------------------------------------------------------------------------
// translateProtected
// ---------------------------------------------------------------------------------------------

export type ProtectedResult = { text: string; failed: false } | { text: string; failed: true; reason: string };

export interface TranslateProtectedOptions {
  /** Keep-as-is terms masked like math (ignored for services with `handlesGlossary`). */
  keepTerms?: readonly string[];
  signal?: AbortSignal;
}

interface Unit {
  owner: number;
  text: string;
  tokens: string[];
  /** Whitespace that followed this piece in the source (for re-joining). */
  gap: string;
}

function hasWords(protectedText: string, format: PlaceholderFormat): boolean {
  const re = new RegExp((format === 'xml' ? XML_RE : BRACKET_RE).source, 'g');
  const bare = protectedText.replace(re, ' ');
  return /\p{L}/u.test(format === 'xml' ? bare.replace(/&[a-zA-Z]+;/g, ' ') : bare);
}

/** Re-numbers the placeholders of a piece of protected text from 1, with its own token list. */
function renumber(piece: string, tokens: readonly string[], format: PlaceholderFormat): { text: string; tokens: string[] } {
  const local: string[] = [];
  const re = new RegExp((format === 'xml' ? XML_RE : BRACKET_RE).source, 'g');
  const text = piece.replace(re, (m, d: string) => {
    const tokenText = tokens[toInt(d) - 1];
    if (tokenText === undefined) return m;
    local.push(tokenText);
    return placeholder(local.length, format);
  });
  return { text, tokens: local };
}

/** Sentence groups of at most `groupUpTo` characters (0: one sentence each), renumbered. */
function sentenceUnits(owner: number, p: Protected, groupUpTo: number): Unit[] {
  const sentences = splitSentences(p.text);
  const groups: string[] = [];
  let cur = '';
  for (const s of sentences) {
    if (cur && cur.length + s.length > groupUpTo) {
      groups.push(cur);
      cur = '';
    }
    cur += s;
  }
  if (cur) groups.push(cur);
  return groups.map((g) => {
    const gap = /\s*$/.exec(g)![0];
    const r = renumber(g.slice(0, g.length - gap.length), p.tokens, p.format);
    return { owner, text: r.text, tokens: r.tokens, gap };
  });
}

function chunkUnits(units: Unit[], limits: { maxChars: number; maxItems: number }): Unit[][] {
  const chunks: Unit[][] = [];
  let cur: Unit[] = [];
  let chars = 0;
  for (const u of units) {
    if (cur.length && (cur.length >= limits.maxItems || chars + u.text.length > limits.maxChars)) {
      chunks.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(u);
    chars += u.text.length;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

/** Translates units (skipping those without words) and restores them. */
async function runUnits(
  service: TranslationService,
  units: Unit[],
  from: string,
  to: string,
  format: PlaceholderFormat,
  signal: AbortSignal | undefined,
): Promise<Restored[]> {
  const results: Restored[] = new Array(units.length);
  const pending: Array<{ unit: Unit; index: number }> = [];
  units.forEach((unit, index) => {
    if (hasWords(unit.text, format)) pending.push({ unit, index });
    else results[index] = restore(unit.text, unit.tokens, format);
  });
  const byUnit = new Map(pending.map((p) => [p.unit, p.index]));
  for (const chunk of chunkUnits(pending.map((p) => p.unit), service.limits)) {
    const answer = await service.translate(chunk.map((u) => u.text), from, to, signal ? { signal } : {});
    if (!Array.isArray(answer) || answer.length !== chunk.length) {
      throw new TranslateError('bad-response', { params: { service: service.name, detail: 'wrong number of translations' } });
    }
    chunk.forEach((u, k) => {
      results[byUnit.get(u)!] = restore(String(answer[k]), u.tokens, format, u.text);
    });
  }
  return results;
}

function joinUnits(pieces: Array<{ text: string; gap: string }>, to: string): string {
  const tight = joinsWithoutSpaces(to);
  let out = '';
  pieces.forEach((p, i) => {
    const t = p.text.trim();
    if (i > 0 && !tight && out && !/\s$/.test(out) && pieces[i - 1]!.gap) out += ' ';
    out += t;
  });
  return out;
}

/**
 * protect → translate → restore for a batch of texts. Texts whose placeholders did not survive
 * are retried sentence by sentence; still broken → `{ text: original, failed: true, reason }`.
 * Service errors (`TranslateError`) propagate: retrying and scheduling is the queue's job.
 */
export async function translateProtected(
  service: TranslationService,
  texts: readonly string[],
  from: string,
  to: string,
  opts: TranslateProtectedOptions = {},
): Promise<ProtectedResult[]> {
  const format = service.placeholder ?? 'bracket';
  const keep = service.handlesGlossary ? [] : (opts.keepTerms ?? []);
  const protectedTexts = texts.map((t) => protect(t, keep, { format }));
  const maxChars = Math.max(1, service.limits.maxChars);

  // Pass 1: whole texts (over-long ones cut into sentence groups that fit).
  const units: Unit[] = [];
  protectedTexts.forEach((p, owner) => {
    if (p.text.length <= maxChars) units.push({ owner, text: p.text, tokens: p.tokens, gap: '' });
    else units.push(...sentenceUnits(owner, p, maxChars));
  });
  const first = await runUnits(service, units, from, to, format, opts.signal);

  const results: ProtectedResult[] = new Array(texts.length);
  const broken: number[] = [];
  for (let owner = 0; owner < texts.length; owner++) {
    const mine = units.map((u, i) => ({ u, r: first[i]! })).filter((x) => x.u.owner === owner);
    if (mine.every((x) => x.r.ok)) {
      results[owner] = { text: joinUnits(mine.map((x) => ({ text: x.r.text, gap: x.u.gap })), to), failed: false };
    } else {
      broken.push(owner);
    }
  }
  if (broken.length === 0) return results;

  // Pass 2: sentence by sentence for the broken texts.
  const retry: Unit[] = broken.flatMap((owner) => sentenceUnits(owner, protectedTexts[owner]!, 0));
  const second = await runUnits(service, retry, from, to, format, opts.signal);
  for (const owner of broken) {
    const mine = retry.map((u, i) => ({ u, r: second[i]! })).filter((x) => x.u.owner === owner);
    const problems = mine.flatMap((x) => x.r.problems);
    results[owner] =
      problems.length === 0
        ? { text: joinUnits(mine.map((x) => ({ text: x.r.text, gap: x.u.gap })), to), failed: false }
        : { text: texts[owner]!, failed: true, reason: `placeholders did not survive translation: ${problems.join('; ')}` };
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Format adapters
// ---------------------------------------------------------------------------------------------

/**
 * Rewrites protected text from one placeholder format to the other (escaping or decoding the
 * text around placeholders). Damaged placeholders are left as they are, for `restore` to flag.
 */
export function convertPlaceholders(text: string, from: PlaceholderFormat, to: PlaceholderFormat): string {
  if (from === to) return text;
  return parsePlaceholders(text, from)
    .map((part) => {
      if ('id' in part) return placeholder(part.id, to);
      const plain = from === 'xml' ? decodeEntities(part.text) : part.text;
      return to === 'xml' ? escapeXml(plain) : plain;
    })
    .join('');
}

/** A view of `service` that takes and returns texts in `format`. */
export function withPlaceholderFormat(service: TranslationService, format: PlaceholderFormat): TranslationService {
  const native = service.placeholder ?? 'bracket';
  if (native === format) return service;
  return {
    ...service,
    placeholder: format,
    translate: async (texts, from, to, opts) => {
      const answer = await service.translate(
        texts.map((t) => convertPlaceholders(t, format, native)),
        from,
        to,
        opts,
      );
      return answer.map((t) => convertPlaceholders(t, native, format));
    },
  };
}
