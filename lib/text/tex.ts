/**
 * TeX text-mode macros → Unicode, for author names and titles.
 *
 * arXiv metadata is written in TeX: `Garc\'ia`, `Erd\H{o}s`, `{\o}`, `64\%`, `Fig.~3`, `3--5`.
 * `decodeTexAccents` turns these into the characters they stand for and leaves math
 * (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) exactly as written, so MathJax or a TeX-aware consumer can
 * still render it. Unknown macros (`\emph`, `\alpha` outside math…) are left as they are.
 */

// Matches only what must change: a space followed by more whitespace, or any other whitespace
// character (with what follows). Single spaces are not matched, which makes this about 5× faster
// than `/\s+/g` on prose.
const WHITESPACE_TO_COLLAPSE = / \s+|[^\S ]\s*/g;

/** Collapses every run of whitespace (newlines included) into one space and trims. */
export function normalizeWhitespace(s: string): string {
  return s.replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
}

/** A piece of a TeX string: math (kept verbatim, delimiters included) or text. */
export interface TexSegment {
  math: boolean;
  text: string;
}

/**
 * Splits a string into text and math segments. Math is `$…$`, `$$…$$`, `\(…\)` or `\[…\]`.
 * `\$` is an escaped dollar, never a delimiter; a `$` with no closing partner is text.
 */
export function splitMath(s: string): TexSegment[] {
  const segs: TexSegment[] = [];
  const n = s.length;
  let textStart = 0;
  let i = 0;
  const pushMath = (start: number, end: number) => {
    if (start > textStart) segs.push({ math: false, text: s.slice(textStart, start) });
    segs.push({ math: true, text: s.slice(start, end) });
    textStart = end;
  };
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      const d = s[i + 1];
      if (d === '(' || d === '[') {
        const end = findEscapedClose(s, i + 2, d === '(' ? ')' : ']');
        if (end >= 0) {
          pushMath(i, end + 2);
          i = end + 2;
          continue;
        }
      }
      i += 2; // an escaped character (`\$`, `\\`, `\%`…) or a macro's first letter
      continue;
    }
    if (c === DOLLAR) {
      const double = s.charCodeAt(i + 1) === DOLLAR;
      const end = findDollar(s, double ? i + 2 : i + 1, double);
      if (end >= 0) {
        const stop = end + (double ? 2 : 1);
        pushMath(i, stop);
        i = stop;
        continue;
      }
      i += double ? 2 : 1; // unmatched: a literal dollar
      continue;
    }
    i++;
  }
  if (textStart < n) segs.push({ math: false, text: s.slice(textStart) });
  return segs;
}

/** Index of the next unescaped `$` (or `$$`) from `j`, or −1. */
function findDollar(s: string, j: number, double: boolean): number {
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) {
      j += 2;
      continue;
    }
    if (c === DOLLAR && (!double || s.charCodeAt(j + 1) === DOLLAR)) return j;
    j++;
  }
  return -1;
}

/** Index of the backslash of the next `\)` / `\]` from `j`, or −1. */
function findEscapedClose(s: string, j: number, close: string): number {
  const n = s.length;
  while (j < n) {
    if (s.charCodeAt(j) === BACKSLASH) {
      if (s[j + 1] === close) return j;
      j += 2;
      continue;
    }
    j++;
  }
  return -1;
}

const BACKSLASH = 92;
const DOLLAR = 36;

/** Accents written with a symbol: `\'e`. Values are Unicode combining marks. */
const SYMBOL_ACCENTS: Record<string, string> = {
  "'": '\u0301', // acute
  '`': '\u0300', // grave
  '^': '\u0302', // circumflex
  '"': '\u0308', // diaeresis
  '~': '\u0303', // tilde
  '=': '\u0304', // macron
  '.': '\u0307', // dot above
};

/** Accents written with a letter: `\v{s}`, `\c c`. */
const WORD_ACCENTS: Record<string, string> = {
  u: '\u0306', // breve
  v: '\u030C', // caron
  H: '\u030B', // double acute
  c: '\u0327', // cedilla
  k: '\u0328', // ogonek
  r: '\u030A', // ring above
  d: '\u0323', // dot below
  b: '\u0331', // macron below
};

/** Letter macros (the set arXiv's own tex2utf knows). */
const LETTERS: Record<string, string> = {
  i: 'ı',
  j: 'ȷ',
  o: 'ø',
  O: 'Ø',
  ss: 'ß',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  dj: 'đ',
  DJ: 'Đ',
  ng: 'ŋ',
  NG: 'Ŋ',
};

/** Escaped characters: `\%` → `%`. `\-` (discretionary hyphen) disappears; `\ ` is a space. */
const ESCAPES: Record<string, string> = {
  '%': '%',
  '&': '&',
  _: '_',
  '#': '#',
  $: '$',
  '{': '{',
  '}': '}',
  '-': '',
  ' ': ' ',
};

const FAST_PATH = /[\\{~]|--/;
const TIE_BEFORE = /[\p{L}\p{N}.,;:)\]}$'’]/u;
const TIE_AFTER = /[\p{L}\p{N}\\$({[]/u;

/**
 * Decodes TeX accent and escape macros outside math into Unicode.
 *
 * - accents `\' \` \^ \" \~ \= \.` and `\u \v \H \c \k \r \d \b`, as `\'e`, `\'{e}`, `\' e`,
 *   `{\'e}`, `\v{s}`, `\c c`; on `\i`/`\j` (`\'\i`, `\'{\i}`) they give the accented i/j;
 * - letters `\i \o \O \ss \aa \AA \l \L \ae \AE \oe \OE` (and `\dh \th \dj \ng`), bare or in braces;
 *   like TeX, the spaces after a bare letter macro are swallowed (`S\o gaard` → `Søgaard`);
 * - escapes `\% \& \_ \# \$ \{ \}`; `---` → —, `--` → –;
 * - `~` → a plain space where it ties two words (`Fig.~3`); a `~` after a space or a `/`
 *   (`~100`, `…/~user`) stays.
 * Braces are removed only around a decoded macro (`{\o}`, `{\"o}`); other braces stay.
 * Math segments are returned untouched. The result is NFC-normalised where accents were composed.
 */
export function decodeTexAccents(s: string): string {
  if (!FAST_PATH.test(s)) return s;
  const segs = splitMath(s);
  let out = '';
  let before = '';
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k] as TexSegment;
    if (!seg.math) {
      const after = segs[k + 1]?.text ?? '';
      out += decodeText(seg.text, before.slice(-1), after.slice(0, 1));
    } else {
      out += seg.text;
    }
    before = seg.text;
  }
  return out;
}

interface Decoded {
  text: string;
  end: number;
}

function decodeText(t: string, before: string, after: string): string {
  const n = t.length;
  let out = '';
  let lit = 0; // start of the literal run not yet copied to `out`
  let i = 0;
  const emit = (text: string, end: number) => {
    out += t.slice(lit, i) + text;
    i = end;
    lit = end;
  };
  while (i < n) {
    const c = t[i];
    if (c === '\\') {
      const r = readCommand(t, i);
      if (r) {
        emit(r.text, r.end);
        continue;
      }
      // Unknown macro: keep it, and keep a brace right after it (its argument) as it is.
      let j = i + 1;
      if (isAsciiLetter(t.charCodeAt(j))) {
        while (isAsciiLetter(t.charCodeAt(j))) j++;
        if (t[j] === '{') j++;
      } else {
        j = Math.min(n, j + 1);
      }
      i = j;
      continue;
    }
    if (c === '{') {
      const r = readGroup(t, i);
      if (r) emit(r.text, r.end);
      else i++;
      continue;
    }
    if (c === '-' && t[i + 1] === '-') {
      if (t[i + 2] === '-') emit('—', i + 3);
      else emit('–', i + 2);
      continue;
    }
    if (c === '~') {
      const prev = i > 0 ? t[i - 1] : before;
      const next = i + 1 < n ? t[i + 1] : after;
      if (prev && next && TIE_BEFORE.test(prev) && TIE_AFTER.test(next)) {
        emit(' ', i + 1);
        continue;
      }
    }
    i++;
  }
  return lit === 0 ? t : out + t.slice(lit);
}

/** A decodable macro starting at the backslash at `i`, or null. */
function readCommand(t: string, i: number): Decoded | null {
  const d = t[i + 1];
  if (d === undefined) return null;
  const symbolAccent = SYMBOL_ACCENTS[d];
  if (symbolAccent !== undefined) {
    const arg = readAccentArg(t, i + 2);
    return arg ? { text: compose(arg.text, symbolAccent), end: arg.end } : null;
  }
  const escaped = ESCAPES[d];
  if (escaped !== undefined) return { text: escaped, end: i + 2 };
  if (!isAsciiLetter(t.charCodeAt(i + 1))) return null;
  let j = i + 1;
  while (isAsciiLetter(t.charCodeAt(j))) j++;
  const name = t.slice(i + 1, j);
  const wordAccent = WORD_ACCENTS[name];
  if (wordAccent !== undefined) {
    // `\v{s}` or `\v s`; `\vs` would be another macro and never reaches here.
    if (t[j] !== '{' && !isSpace(t.charCodeAt(j))) return null;
    const arg = readAccentArg(t, j);
    return arg ? { text: compose(arg.text, wordAccent), end: arg.end } : null;
  }
  const letter = LETTERS[name];
  if (letter !== undefined) {
    let end = skipSpaces(t, j);
    if (end === j && t[j] === '{' && t[j + 1] === '}') end = j + 2; // `\ss{}`
    return { text: letter, end };
  }
  return null;
}

/** The argument of an accent: `e`, ` e`, `{e}`, `{ e }`, `\i`, `{\i}`. Gives the base letter. */
function readAccentArg(t: string, j: number): Decoded | null {
  const k = skipSpaces(t, j);
  if (t[k] === '{') {
    const base = readBase(t, skipSpaces(t, k + 1));
    if (!base) return null;
    const close = skipSpaces(t, base.end);
    return t[close] === '}' ? { text: base.text, end: close + 1 } : null;
  }
  const base = readBase(t, k);
  if (!base) return null;
  // A bare `\i` is a control word: TeX swallows the spaces after it.
  return base.end - k === 2 ? { text: base.text, end: skipSpaces(t, base.end) } : base;
}

/** A base letter at `k`: an ASCII letter, or `\i`/`\j` (accented as a plain i/j). */
function readBase(t: string, k: number): Decoded | null {
  const c = t.charCodeAt(k);
  if (isAsciiLetter(c)) return { text: t.charAt(k), end: k + 1 };
  if (c === BACKSLASH) {
    const d = t[k + 1];
    if ((d === 'i' || d === 'j') && !isAsciiLetter(t.charCodeAt(k + 2))) return { text: d, end: k + 2 };
  }
  return null;
}

/** `{\'e}`, `{\o}`, `{ \"{o} }`: a group holding exactly one decodable macro, braces dropped. */
function readGroup(t: string, i: number): Decoded | null {
  const k = skipSpaces(t, i + 1);
  if (t.charCodeAt(k) !== BACKSLASH) return null;
  const r = readCommand(t, k);
  if (!r) return null;
  const close = skipSpaces(t, r.end);
  return t[close] === '}' ? { text: r.text, end: close + 1 } : null;
}

function compose(base: string, mark: string): string {
  return (base + mark).normalize('NFC');
}

function skipSpaces(t: string, j: number): number {
  while (isSpace(t.charCodeAt(j))) j++;
  return j;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
