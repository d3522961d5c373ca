/**
 * TeX helpers: the one home of math delimiting (`splitMath`), TeX accent/escape decoding
 * (`decodeTexAccents`, for author names and titles) and TeX text → plain text (`texTextToPlain`,
 * before machine translation).
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

/**
 * A piece of a TeX string. Text, or math with its raw source (`text`, delimiters included), the
 * TeX between the delimiters (`tex`; a whole `\begin{…}…\end{…}` environment for those) and
 * whether it is display math (`$$…$$`, `\[…\]`, math environments).
 */
export type TexSegment =
  | { math: false; text: string }
  | { math: true; text: string; tex: string; display: boolean };

const MATH_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'gather', 'gather*', 'multline', 'multline*',
  'eqnarray', 'eqnarray*', 'displaymath', 'math', 'flalign', 'flalign*', 'alignat', 'alignat*',
]);
const BEGIN_ENVIRONMENT = /\\begin\{([a-zA-Z]+\*?)\}/y;

/**
 * Splits a string into text and math segments; joining every segment's `text` gives the input
 * back. This is the one place that knows TeX math delimiters: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`
 * and `\begin{equation|align|…}…\end{…}`.
 * - `\$` is an escaped dollar, never a delimiter (outside or inside math);
 * - a delimiter with no closing partner is text; `$$$$` is an empty display, as in TeX;
 * - inline `$…$` ends at the first `$` outside braces (`$\text{if $x$}$` is one formula), or at
 *   the first `$` at all when the braces do not balance.
 */
export function splitMath(s: string): TexSegment[] {
  const segs: TexSegment[] = [];
  const n = s.length;
  let textStart = 0;
  let i = 0;
  const pushMath = (end: number, tex: string, display: boolean) => {
    if (i > textStart) segs.push({ math: false, text: s.slice(textStart, i) });
    segs.push({ math: true, text: s.slice(i, end), tex, display });
    textStart = i = end;
  };
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      const d = s[i + 1];
      if (d === '(' || d === '[') {
        const close = findEscapedClose(s, i + 2, d === '(' ? ')' : ']');
        if (close >= 0) {
          pushMath(close + 2, s.slice(i + 2, close), d === '[');
          continue;
        }
      } else if (d === 'b') {
        const end = mathEnvironmentEnd(s, i);
        if (end >= 0) {
          pushMath(end, s.slice(i, end), true);
          continue;
        }
      }
      i += 2; // an escaped character (`\$`, `\\`, `\%`…) or a macro's first letter
      continue;
    }
    if (c === DOLLAR) {
      if (s.charCodeAt(i + 1) === DOLLAR) {
        const close = findDoubleDollar(s, i + 2);
        if (close >= 0) {
          pushMath(close + 2, s.slice(i + 2, close), true);
          continue;
        }
        i += 2; // unmatched: literal dollars
        continue;
      }
      const close = findInlineClose(s, i + 1);
      if (close >= 0) {
        pushMath(close + 1, s.slice(i + 1, close), false);
        continue;
      }
    }
    i++; // an unmatched `$` is a literal dollar
  }
  if (textStart < n) segs.push({ math: false, text: s.slice(textStart) });
  return segs;
}

/** Index of the `$` closing inline math whose content starts at `j`, or −1. */
function findInlineClose(s: string, j: number): number {
  const n = s.length;
  let depth = 0;
  let first = -1;
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE) depth = Math.max(0, depth - 1);
    else if (c === DOLLAR) {
      if (depth === 0) return j;
      if (first < 0) first = j;
    }
  }
  // Unbalanced braces: the first closing dollar, as a plain reader would take it.
  return first;
}

/** Index of the next unescaped `$$` from `j`, or −1. */
function findDoubleDollar(s: string, j: number): number {
  const n = s.length;
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === DOLLAR && s.charCodeAt(j + 1) === DOLLAR) return j;
  }
  return -1;
}

/** Index of the backslash of the next `\)` / `\]` from `j`, or −1. */
function findEscapedClose(s: string, j: number, close: string): number {
  const n = s.length;
  for (; j < n; j++) {
    if (s.charCodeAt(j) === BACKSLASH) {
      if (s[j + 1] === close) return j;
      j++;
    }
  }
  return -1;
}

/** End of a math environment opened by the `\begin{…}` at `i`, or −1. */
function mathEnvironmentEnd(s: string, i: number): number {
  BEGIN_ENVIRONMENT.lastIndex = i;
  const m = BEGIN_ENVIRONMENT.exec(s);
  if (!m || !MATH_ENVIRONMENTS.has(m[1]!)) return -1;
  const end = `\\end{${m[1]}}`;
  const at = s.indexOf(end, i + m[0].length);
  return at < 0 ? -1 : at + end.length;
}

const BACKSLASH = 92;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

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

/**
 * Decodes one text segment. `before`/`after` are the characters around it (for ties); with
 * `typography` false, dashes and ties are left for the caller.
 */
function decodeText(t: string, before: string, after: string, typography = true): string {
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
    if (typography && c === '-' && t[i + 1] === '-') {
      if (t[i + 2] === '-') emit('—', i + 3);
      else emit('–', i + 2);
      continue;
    }
    if (typography && c === '~') {
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

// ---------------------------------------------------------------------------------------------
// TeX text → plain text
// ---------------------------------------------------------------------------------------------

/** Symbol macros: `\ldots` → `…`. */
const NAMED_SYMBOLS: Record<string, string> = {
  ldots: '…', dots: '…', textendash: '–', textemdash: '—', textasciitilde: '~', S: '§', P: '¶',
  LaTeX: 'LaTeX', TeX: 'TeX', textquoteright: '’', textquoteleft: '‘', textbar: '|', copyright: '©',
  textregistered: '®', texttrademark: '™', textdegree: '°', textbackslash: '\\', slash: '/',
};

/** Spacing and break escapes `\,` `\;` `\:` `\!` `\\` (→ a space) and `\@` `\/` (→ nothing). */
const SPACING_ESCAPES: Record<string, string> = { ',': ' ', ';': ' ', ':': ' ', '!': ' ', '\\': ' ', '@': '', '/': '' };
const SPACING_ESCAPE = /\\([,;:!\\@/])/g;

/** `\emph{x}` → `x`. */
const FORMAT_COMMANDS = new Set([
  'emph', 'textbf', 'textit', 'textrm', 'textsf', 'textsl', 'textsc', 'textup', 'textmd', 'textnormal',
  'underline', 'mbox', 'text', 'hbox', 'textmu', 'uppercase', 'MakeUppercase',
]);
/** `{\em x}` → `x`. */
const FONT_DECLARATION = /\\(?:em|bf|it|sl|sc|rm|sf|tt|normalfont|bfseries|itshape|scshape)(?![a-zA-Z])\s*/g;
const VERBATIM_COMMANDS = new Set(['texttt', 'url']);
const VERB = /\\verb([^a-zA-Z\s])(.*?)\1/g;
const ESCAPED_BRACE = /\\([\\{}])/g;
const SYMBOL_MACRO = /\\([a-zA-Z]+)(?![a-zA-Z])(?:\{\})?/g;
const UNKNOWN_COMMAND = /\\[a-zA-Z]+\*?(?:\[[^\][]*\])?(?:\{[^{}]*\})*/g;

/**
 * Turns TeX text markup outside math into plain characters: the accents, letters and escapes
 * `decodeTexAccents` knows (same tables: `\'e` → `é`, `{\o}` → `ø`, `\%` → `%`), plus `--`/`---`
 * → `–`/`—`, `\emph{x}`/`\textbf{x}`/`{\em x}` → `x`, `\ldots` → `…`, ``` ``x'' ``` → `“x”`, every
 * `~` and `\,` `\\` … → a space, and grouping braces dropped. Math is left exactly as written.
 *
 * Spans that must stay verbatim — escaped braces (`\{` → `{`), the content of `\texttt{…}`,
 * `\url{…}` and `\verb|…|`, and unknown commands with their arguments (`\cite{x}`) — are not
 * rewritten: `keep(raw, plain)` is called for each and returns what to put in their place
 * (by default `plain`, which for unknown commands is the raw command).
 */
export function texTextToPlain(text: string, keep: (raw: string, plain: string) => string = (_raw, plain) => plain): string {
  const stash = new Stash(text);
  const kept = (raw: string, plain: string) => stash.put(() => keep(stash.expand(raw), stash.expand(plain)));
  let s = splitMath(text)
    .map((seg) => (seg.math ? stash.put(seg.text) : seg.text))
    .join('');
  // Literal content first, so no later step rewrites it.
  s = s.replace(ESCAPED_BRACE, (raw, c: string) => (c === '\\' ? raw : kept(raw, c)));
  s = unwrapCommands(s, (name) => VERBATIM_COMMANDS.has(name), (inner) => kept(inner, inner));
  s = s.replace(VERB, (_raw, _delimiter, inner: string) => kept(inner, inner));
  s = decodeText(s, '', '', false);
  s = unwrapCommands(s, (name) => FORMAT_COMMANDS.has(name), (inner) => inner);
  s = s.replace(FONT_DECLARATION, '');
  s = s.replace(SYMBOL_MACRO, (m, name: string) => {
    const symbol = NAMED_SYMBOLS[name];
    return symbol === undefined ? m : stash.put(symbol);
  });
  s = s.replace(SPACING_ESCAPE, (_m, c: string) => SPACING_ESCAPES[c]!);
  s = s.replace(UNKNOWN_COMMAND, (raw) => kept(raw, raw));
  s = s.replace(/---/g, '—').replace(/--/g, '–');
  s = s.replace(/``/g, '“').replace(/''/g, '”').replace(/~/g, ' ').replace(/[{}]/g, '');
  return stash.expand(s.replace(/[ \t]{2,}/g, ' '));
}

/** Index of the `}` matching the `{` at `open`, or −1. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) return i;
  }
  return -1;
}

/**
 * Unwraps `\cmd{…}` for the commands `wanted` accepts, brace-matched (`\emph{a {b} c}`) and
 * innermost first; `wrap` decides what the content becomes.
 */
function unwrapCommands(s: string, wanted: (name: string) => boolean, wrap: (inner: string) => string): string {
  const re = /\\([a-zA-Z]+)\s*\{/g;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (!wanted(m[1]!)) continue;
    const open = m.index + m[0].length - 1;
    const close = matchBrace(s, open);
    if (close < 0) continue;
    out += s.slice(last, m.index) + wrap(unwrapCommands(s.slice(open + 1, close), wanted, wrap));
    last = close + 1;
    re.lastIndex = close + 1;
  }
  return out + s.slice(last);
}

const PRIVATE_USE_FIRST = 0xe000;
const PRIVATE_USE_LAST = 0xf8ff;
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

/**
 * Parks spans of a text behind private-use characters the text does not contain, so rewriting
 * steps pass them by; `expand` puts them back (computing deferred ones at that point).
 */
class Stash {
  private readonly taken: Set<string>;
  private readonly parked = new Map<string, string | (() => string)>();
  private next = PRIVATE_USE_LAST;

  constructor(text: string) {
    this.taken = new Set(text.match(PRIVATE_USE));
  }

  put(value: string | (() => string)): string {
    while (this.taken.has(String.fromCharCode(this.next))) this.next--;
    if (this.next < PRIVATE_USE_FIRST) throw new RangeError('too many TeX spans in one text');
    const mark = String.fromCharCode(this.next--);
    this.parked.set(mark, value);
    return mark;
  }

  expand(s: string): string {
    if (this.parked.size === 0) return s;
    return s.replace(PRIVATE_USE, (c) => {
      const value = this.parked.get(c);
      return value === undefined ? c : typeof value === 'string' ? value : value();
    });
  }
}
