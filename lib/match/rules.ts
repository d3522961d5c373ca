/**
 * Keyword rules: parsing one keyword entry of the user's list into a compiled rule.
 * Pure TypeScript, no browser globals.
 *
 * Syntax (one keyword per entry; the entry text, trimmed, is the keyword's label):
 *   reinforcement learning        bare words form one phrase
 *   "diffusion policy"            a quoted phrase (same matching as bare words; quotes only group,
 *                                 so a phrase can sit next to other parts; “curly” quotes work too)
 *   -survey  -"large language model"  exclusion: the paper does not count for THIS keyword when the
 *                                 excluded term appears (also -/regex/ and -au:Name)
 *   /diffu(sion|se)\s+model/      JavaScript regular expression on the raw title and abstract; no
 *                                 automatic word boundaries; flag i when no flags are written,
 *                                 written flags (i m s u v) replace it: /BERT/u is case-sensitive
 *   au:Levine  au:"Sergey Levine" author watch: last name or full name, case- and accent-insensitive
 *   several positive parts in one entry must all match (AND):  "diffusion policy" au:Levine
 *
 * Phrase matching (bare or quoted), in title and abstract: case-insensitive; accent-insensitive
 * (é = e, TeX \'e = e); on Unicode word boundaries (RL never matches URL, CURL or MBRL, but matches
 * RL-based); each word also matches its plural/singular (policy ↔ policies, model ↔ models,
 * class ↔ classes, matrix ↔ matrices, analysis ↔ analyses, LLM ↔ LLMs); words written with a space
 * match across any run of whitespace (newlines included), TeX `~`, hyphens or en dashes; words
 * written with a hyphen (`pre-training`) also match written together (`pretraining`), but words
 * written with a space or together do not (`pretraining` does not match `pre-training`). No stemming
 * beyond plurals: `reinforcement learning` does not match `reinforcement-learned`. TeX markup around
 * a phrase is fine (`\textbf{diffusion policy}`).
 */

/** Where a part is searched. */
export type PartField = 'text' | 'authors';

/** One compiled piece of a keyword rule. */
export interface RulePart {
  kind: 'phrase' | 'regex' | 'author';
  /** What the user wrote for this part (phrase words, regex source, author name). */
  text: string;
  /** `text` = title and abstract; `authors` = the author string. */
  field: PartField;
  /**
   * Compiled once, always with the `g` flag; reset `lastIndex` before use.
   * Phrase and author patterns run on the folded text (see {@link foldText}); regexes on the raw text.
   */
  re: RegExp;
  /** True when `re` runs on the folded text, false for the raw text. */
  folded: boolean;
  /**
   * Lowercase ASCII text every match contains (in the lowercased folded text): a cheap `includes`
   * check skips the regex on most papers. Null when there is none (regexes).
   */
  literal: string | null;
}

export interface KeywordRule {
  /** Positive parts, ANDed (at least one). */
  include: RulePart[];
  /** Exclusions: any one of them appearing drops the paper from this keyword. */
  exclude: RulePart[];
}

export type ParsedKeyword =
  | { label: string; rule: KeywordRule; error?: undefined }
  | { label: string; rule?: undefined; error: string };

// ---------------------------------------------------------------------------------------------
// Folding: the normal form phrase and author patterns are matched against.

/** Letters Unicode does not decompose but readers treat as plain letters. */
const SPECIAL_FOLDS: Record<string, string> = {
  ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ħ: 'h', Ħ: 'H',
  ı: 'i', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', þ: 'th', Þ: 'Th',
  '\u2019': "'", '\u2018': "'",
};

const foldCache = new Map<string, string>();
const COMBINING = /\p{M}/gu;

function foldChar(ch: string): string {
  let out = foldCache.get(ch);
  if (out === undefined) {
    out = SPECIAL_FOLDS[ch] ?? ch.normalize('NFKD').replace(COMBINING, '');
    foldCache.set(ch, out);
  }
  return out;
}

/** TeX accent macros: `\'e`, `\"{o}`, `{\'e}`, `\v{s}`, `\c c`, `\'{\i}`. */
const TEX_ACCENT = /(\{)?\\(?:['"^`~=.]|[uvcHkr](?![A-Za-z]))\s*(?:\{\s*(\\i|[A-Za-z])\s*\}|(\\i|[A-Za-z]))/y;
/** Anything {@link foldText} would change. */
const TEX_ACCENT_ANYWHERE = /\\(?:['"^`~=.]|[uvcHkr](?![A-Za-z]))/;
const ALL_ASCII = /^[\x00-\x7f]*$/;

const encoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
let encodeBuffer = new Uint8Array(4096);

/** Whether a string is all ASCII: native UTF-8 encoding is ~4× faster than a regex scan. */
function isAscii(s: string): boolean {
  if (!encoder) return ALL_ASCII.test(s);
  if (encodeBuffer.length < s.length) encodeBuffer = new Uint8Array(s.length * 2);
  const { read, written } = encoder.encodeInto(s, encodeBuffer);
  return read === s.length && written === s.length;
}

function needsFold(raw: string): boolean {
  if (!isAscii(raw)) return true;
  return raw.includes('\\') && TEX_ACCENT_ANYWHERE.test(raw);
}

/** A run of folded text and where it comes from in the raw text. */
interface FoldSegment {
  /** Folded range `[from, to)`. */
  from: number;
  to: number;
  /** Raw range `[rawFrom, rawTo)`. */
  rawFrom: number;
  rawTo: number;
  /** Copied unchanged (index-for-index); otherwise every folded char maps to the whole raw range. */
  plain: boolean;
}

export interface FoldedText {
  /** Accents removed (Unicode marks and TeX accent macros), compatibility forms decomposed; case kept. */
  text: string;
  /** Map back to the raw text; null when the text is unchanged. */
  segments: FoldSegment[] | null;
}

/** Where {@link foldText} may have something to do. */
const FOLD_CANDIDATE = /[^\x00-\x7f]|\\|\{(?=\\)/g;

/**
 * Accent- and compatibility-folds a text, keeping a map back to raw UTF-16 indices.
 * Case is left alone (patterns are case-insensitive). Plain ASCII without TeX accents is returned as is.
 */
export function foldText(raw: string): FoldedText {
  if (!needsFold(raw)) return { text: raw, segments: null };
  let text = '';
  const segments: FoldSegment[] = [];
  const plain = (from: number, to: number) => {
    if (to <= from) return;
    const last = segments[segments.length - 1];
    if (last && last.plain && last.rawTo === from) {
      last.to += to - from;
      last.rawTo = to;
    } else {
      segments.push({ from: text.length, to: text.length + (to - from), rawFrom: from, rawTo: to, plain: true });
    }
    text += raw.slice(from, to);
  };
  const replaced = (s: string, from: number, to: number) => {
    if (s !== '') {
      segments.push({ from: text.length, to: text.length + s.length, rawFrom: from, rawTo: to, plain: false });
      text += s;
      return;
    }
    // A lone combining mark: the previous character's range grows to cover it.
    const last = segments[segments.length - 1];
    if (!last) return;
    // Units of the base character (2 for an astral one).
    const width = last.rawTo - last.rawFrom >= 2 && /[\udc00-\udfff]/.test(raw[last.rawTo - 1]!) ? 2 : 1;
    if (last.plain && last.to - last.from > width) {
      last.to -= width;
      last.rawTo -= width;
      segments.push({ from: last.to, to: last.to + width, rawFrom: last.rawTo, rawTo: to, plain: false });
    } else {
      last.plain = false;
      last.rawTo = to;
    }
  };
  let i = 0;
  FOLD_CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FOLD_CANDIDATE.exec(raw)) !== null) {
    const j = m.index;
    plain(i, j);
    const code = raw.charCodeAt(j);
    if (code === 0x5c /* \ */ || code === 0x7b /* { */) {
      TEX_ACCENT.lastIndex = j;
      const t = TEX_ACCENT.exec(raw);
      let to = TEX_ACCENT.lastIndex;
      const braced = t?.[1] !== undefined;
      if (t && (!braced || raw.charCodeAt(to) === 0x7d) /* } */) {
        if (braced) to++;
        const letter = t[2] ?? t[3] ?? '';
        replaced(letter === '\\i' ? 'i' : letter, j, to);
        i = to;
      } else {
        plain(j, j + 1);
        i = j + 1;
      }
    } else {
      const len = raw.codePointAt(j)! > 0xffff ? 2 : 1;
      const ch = raw.slice(j, j + len);
      const folded = foldChar(ch);
      if (folded === ch) plain(j, j + len);
      else replaced(folded, j, j + len);
      i = j + len;
    }
    FOLD_CANDIDATE.lastIndex = i;
  }
  plain(i, raw.length);
  return { text, segments: text === raw ? null : segments };
}

function segmentAt(segments: FoldSegment[], f: number): FoldSegment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.from <= f) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

/** Maps a non-empty `[from, to)` range of folded text back to the raw text. */
export function rawRange(folded: FoldedText, from: number, to: number): [number, number] {
  const segs = folded.segments;
  if (!segs) return [from, to];
  const a = segmentAt(segs, from);
  const b = segmentAt(segs, to - 1);
  return [
    a.plain ? a.rawFrom + (from - a.from) : a.rawFrom,
    b.plain ? b.rawFrom + (to - b.from) : b.rawTo,
  ];
}

// ---------------------------------------------------------------------------------------------
// Patterns

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const BEFORE = `(?<!${WORD_CHAR})`;
const AFTER = `(?!${WORD_CHAR})`;
/** Between words written with a space: whitespace (newlines too), TeX `~`, hyphens, en dash. */
const SEP_SPACE = '[\\s~\\-\\u2010-\\u2013]+';
/** Between words written with a hyphen: the same, or nothing (`pre-training` = `pretraining`). */
const SEP_HYPHEN = '[\\s~\\-\\u2010-\\u2013]*';
const IS_WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const LETTERS = /^\p{L}+$/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
}

function singulars(w: string): string[] {
  const out = [w];
  if (w.length > 4 && /[^aeiou]ies$/.test(w)) {
    out.push(w.slice(0, -3) + 'y'); // policies
    return out;
  }
  if (/(?:ss|x|z|ch|sh)es$/.test(w)) out.push(w.slice(0, -2)); // classes, boxes, matches
  if (w.length > 5 && /[^s]ses$/.test(w)) out.push(w.slice(0, -2) + 'is'); // analyses
  if (w.length > 5 && /ices$/.test(w)) out.push(w.slice(0, -4) + 'ix', w.slice(0, -4) + 'ex'); // matrices
  if (/s$/.test(w) && !/(?:ss|us|is)$/.test(w)) out.push(w.slice(0, -1)); // models, LLMs, cases
  return out;
}

function plurals(w: string): string[] {
  if (/[^aeiou]y$/.test(w)) return [w.slice(0, -1) + 'ies']; // policy
  if (/sis$/.test(w)) return [w.slice(0, -2) + 'es']; // analysis
  if (/(?:ix|ex)$/.test(w)) return [w + 'es', w.slice(0, -2) + 'ices']; // matrix, index, vertex
  if (/(?:s|x|z|ch|sh)$/.test(w)) return [w + 'es']; // class, box, match, bias
  return [w + 's'];
}

/**
 * All singular/plural forms of one (lowercased) word, longest first. Deliberately small: regular
 * English plurals plus -is/-es (analysis) and -ix/-ex/-ices (matrix, index, vertex). A few forms are
 * not English words (`bias` also yields `bia`, `classes` yields `classe`); they are harmless.
 */
export function wordForms(word: string): string[] {
  const w = word.toLowerCase();
  const forms = new Set<string>([w]);
  // A word ending in -s is taken as a plural (no plural of it is added) unless it ends like a
  // singular: -ss (class), -us (corpus), -is (analysis), -as (bias).
  const looksPlural = /s$/.test(w) && !/(?:ss|us|is|as)$/.test(w);
  for (const s of singulars(w)) {
    forms.add(s);
    if (s !== w || !looksPlural) for (const p of plurals(s)) forms.add(p);
  }
  return [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** `(?:a|b)` with the common prefix factored out: `polic(?:ies|y)`. */
function alternation(forms: string[]): string {
  if (forms.length === 1) return escapeRegExp(forms[0]!);
  let prefix = forms[0]!;
  for (const f of forms) {
    let k = 0;
    while (k < prefix.length && k < f.length && prefix[k] === f[k]) k++;
    prefix = prefix.slice(0, k);
  }
  // Keep whole code points in the prefix.
  if (prefix.length > 0 && /[\ud800-\udbff]$/.test(prefix)) prefix = prefix.slice(0, -1);
  const tails = forms.map((f) => escapeRegExp(f.slice(prefix.length)));
  return `${escapeRegExp(prefix)}(?:${tails.join('|')})`;
}

function wantsPlural(word: string, beforeHyphen: boolean): boolean {
  if (beforeHyphen || !LETTERS.test(word)) return false;
  if (word.length >= 3) return true;
  return word.length === 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Splits phrase text into words and the kind of separator written before each word. */
function phraseWords(text: string): { word: string; sepBefore: 'space' | 'hyphen' | null }[] {
  const out: { word: string; sepBefore: 'space' | 'hyphen' | null }[] = [];
  const re = /([\s~]+)|([-\u2010-\u2013]+)|([^\s~\-\u2010-\u2013]+)/gu;
  let pending: 'space' | 'hyphen' | null = null;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) pending = pending === 'hyphen' ? 'hyphen' : 'space';
    else if (m[2] !== undefined) pending = 'hyphen';
    else {
      out.push({ word: m[3]!, sepBefore: out.length === 0 ? null : pending ?? 'space' });
      pending = null;
    }
  }
  return out;
}

/** English letters from most to least frequent: a rare first letter makes `includes` fast. */
const LETTER_FREQUENCY = 'etaoinsrhldcumwfgypbvkjxqz';

function rarity(ch: string): number {
  const k = LETTER_FREQUENCY.indexOf(ch);
  return k < 0 ? LETTER_FREQUENCY.length : k;
}

/**
 * A lowercase ASCII string every match contains, for a cheap `includes` check before the regex:
 * taken from the prefix all forms of a word share (`polic` for policy/policies). V8's `includes`
 * skips to occurrences of the first character, so the candidate starts at a rare letter
 * (`zation` for optimization); candidates of 4+ characters are preferred (`pre` would let most
 * abstracts through). Null when no word has an ASCII prefix.
 */
function requiredLiteral(wordsForms: string[][]): string | null {
  const candidates: string[] = [];
  for (const forms of wordsForms) {
    let prefix = forms[0]!.toLowerCase();
    for (const f of forms) {
      const lf = f.toLowerCase();
      let k = 0;
      while (k < prefix.length && k < lf.length && prefix[k] === lf[k]) k++;
      prefix = prefix.slice(0, k);
    }
    const ascii = /^[\x00-\x7f]*/.exec(prefix)![0];
    for (let p = 0; p < ascii.length; p++) candidates.push(ascii.slice(p));
  }
  if (candidates.length === 0) return null;
  const longest = Math.max(...candidates.map((c) => c.length));
  const minLength = Math.min(4, longest);
  let best: string | null = null;
  for (const c of candidates) {
    if (c.length < minLength) continue;
    if (best === null || rarity(c[0]!) > rarity(best[0]!) || (rarity(c[0]!) === rarity(best[0]!) && c.length > best.length)) {
      best = c;
    }
  }
  return best;
}

/** Regex source for a phrase (run on folded text, flags `giu`). Null when there is nothing to match. */
export function phrasePattern(phrase: string): string | null {
  return compilePhrase(phrase)?.source ?? null;
}

function compilePhrase(phrase: string): { source: string; literal: string | null } | null {
  const words = phraseWords(foldText(phrase).text);
  if (words.length === 0) return null;
  let src = '';
  const allForms: string[][] = [];
  words.forEach(({ word, sepBefore }, k) => {
    if (sepBefore) src += sepBefore === 'hyphen' ? SEP_HYPHEN : SEP_SPACE;
    const beforeHyphen = words[k + 1]?.sepBefore === 'hyphen';
    const forms = wantsPlural(word, beforeHyphen) ? wordForms(word) : [word];
    allForms.push(forms);
    src += alternation(forms);
  });
  const first = words[0]!.word;
  const last = words[words.length - 1]!.word;
  if (IS_WORD_CHAR.test(first[0]!)) src = BEFORE + src;
  if (IS_WORD_CHAR.test(last[last.length - 1]!)) src += AFTER;
  return { source: src, literal: requiredLiteral(allForms) };
}

/**
 * Regex source for an author name (run on the folded `authors.join(', ')`, flags `giu`).
 * Matches when the name's words end an author's name (last name: `Levine` in `Sergey Levine`,
 * `Garcia` in `Eduardo García-Portugués`) or form the full name (`Sergey Levine`); between the
 * written words up to two middle names/initials may appear (`Michael Jordan` = `Michael I. Jordan`);
 * a one-letter word is an initial (`S Levine` = `S. Levine` = `Sergey Levine`).
 */
export function authorPattern(name: string): string | null {
  return compileAuthor(name)?.source ?? null;
}

function compileAuthor(name: string): { source: string; literal: string | null } | null {
  const words = foldText(name)
    .text.split(/[\s.,\-\u2010-\u2013]+/u)
    .filter((w) => w !== '');
  if (words.length === 0) return null;
  const sep = "\\.?[\\s\\-\\u2010-\\u2013]+(?:[^\\s,]+[\\s\\-\\u2010-\\u2013]+){0,2}?";
  const parts = words.map((w, k) =>
    k < words.length - 1 && /^\p{L}$/u.test(w) ? `${escapeRegExp(w)}[\\p{L}\\p{M}]*` : escapeRegExp(w),
  );
  // The last word ends the name, or the first half of a hyphenated last name.
  const source = `${BEFORE}${parts.join(sep)}(?=(?:[\\-\\u2010-\\u2013][\\p{L}\\p{M}'’]+)?\\s*(?:,|$))`;
  return { source, literal: requiredLiteral([[words[words.length - 1]!]]) };
}

// ---------------------------------------------------------------------------------------------
// Tokenising and parsing

const OPEN_QUOTES = '"\u201c\u201d';
const CLOSE_QUOTES = '"\u201c\u201d';
const USER_FLAGS = 'imsuv';

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

class RuleError extends Error {}

interface Cursor {
  s: string;
  i: number;
}

function readQuoted(c: Cursor): string {
  const open = c.i;
  c.i++;
  while (c.i < c.s.length && !CLOSE_QUOTES.includes(c.s[c.i]!)) c.i++;
  if (c.i >= c.s.length) throw new RuleError(`Missing closing quote after ${c.s.slice(open)}`);
  const text = c.s.slice(open + 1, c.i).trim();
  c.i++;
  if (text === '') throw new RuleError('Empty quoted phrase ""');
  return text;
}

function readBare(c: Cursor): string {
  const from = c.i;
  while (c.i < c.s.length && !isSpace(c.s[c.i])) c.i++;
  return c.s.slice(from, c.i);
}

/** Reads `/source/flags` starting at the opening slash. */
function readRegex(c: Cursor): { source: string; flags: string } {
  const open = c.i;
  let k = c.i + 1;
  let inClass = false;
  for (; k < c.s.length; k++) {
    const ch = c.s[k];
    if (ch === '\\') k++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) break;
  }
  if (k >= c.s.length) {
    throw new RuleError(`Regular expression ${c.s.slice(open)} has no closing /: write it as /pattern/ or /pattern/flags`);
  }
  const source = c.s.slice(open + 1, k);
  let end = k + 1;
  while (end < c.s.length && !isSpace(c.s[end])) end++;
  const flags = c.s.slice(k + 1, end);
  c.i = end;
  if (source === '') throw new RuleError('Empty regular expression //');
  for (const f of flags) {
    if (!USER_FLAGS.includes(f) && !'gd'.includes(f)) {
      throw new RuleError(
        `Unknown regular expression flag "${f}" in /${source}/${flags} (allowed: i, m, s, u, v)`,
      );
    }
  }
  return { source, flags };
}

function compileRegex(source: string, flags: string): RegExp {
  const own = flags === '' ? 'i' : [...new Set(flags)].filter((f) => USER_FLAGS.includes(f)).join('');
  try {
    return new RegExp(source, own + 'g');
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // V8: "Invalid regular expression: /(/gi: Unterminated group" → "Unterminated group".
    const reason = msg.replace(/^Invalid regular expression:\s*\/[\s\S]*\/[a-z]*:\s*/, '');
    throw new RuleError(`Invalid regular expression /${source}/${flags}: ${reason}`);
  }
}

function phrasePart(text: string): RulePart {
  const c = compilePhrase(text);
  if (c === null) throw new RuleError(`Nothing to match in "${text}"`);
  return { kind: 'phrase', text, field: 'text', re: new RegExp(c.source, 'giu'), folded: true, literal: c.literal };
}

function authorPart(name: string): RulePart {
  const c = compileAuthor(name);
  if (c === null) throw new RuleError(`au: needs a name, e.g. au:Levine or au:"Sergey Levine"`);
  return { kind: 'author', text: name, field: 'authors', re: new RegExp(c.source, 'giu'), folded: true, literal: c.literal };
}

function parseRule(s: string): KeywordRule {
  const include: RulePart[] = [];
  const exclude: RulePart[] = [];
  let words: string[] = [];
  const flush = () => {
    if (words.length > 0) include.push(phrasePart(words.join(' ')));
    words = [];
  };
  const c: Cursor = { s, i: 0 };
  while (true) {
    while (isSpace(s[c.i])) c.i++;
    if (c.i >= s.length) break;
    let negated = false;
    if (s[c.i] === '-') {
      negated = true;
      c.i++;
      if (c.i >= s.length || isSpace(s[c.i])) {
        throw new RuleError('"-" must be followed by what to exclude: -word, -"a phrase", -/regex/ or -au:Name');
      }
    }
    let part: RulePart | null = null;
    const ch = s[c.i]!;
    if (s.slice(c.i, c.i + 3).toLowerCase() === 'au:') {
      c.i += 3;
      const name = OPEN_QUOTES.includes(s[c.i] ?? ' ') ? readQuoted(c) : readBare(c);
      part = authorPart(name);
    } else if (OPEN_QUOTES.includes(ch)) {
      part = phrasePart(readQuoted(c));
    } else if (ch === '/') {
      const { source, flags } = readRegex(c);
      part = { kind: 'regex', text: source, field: 'text', re: compileRegex(source, flags), folded: false, literal: null };
    } else {
      const word = readBare(c);
      if (!negated) {
        words.push(word);
        continue;
      }
      part = phrasePart(word);
    }
    flush();
    (negated ? exclude : include).push(part);
  }
  flush();
  if (include.length === 0) {
    throw new RuleError('Only exclusions: add something to look for, e.g. "diffusion policy -survey"');
  }
  return { include, exclude };
}

/** Parses and compiles one keyword entry. Never throws: problems come back as `error`. */
export function parseKeyword(entry: string): ParsedKeyword {
  const label = entry.trim();
  if (label === '') return { label, error: 'Empty keyword' };
  try {
    return { label, rule: parseRule(label) };
  } catch (e) {
    if (e instanceof RuleError) return { label, error: e.message };
    throw e;
  }
}
