/**
 * BibTeX for a list of papers, in the shape of arXiv's own export:
 *
 *   @misc{bogoclu2024deep,
 *     title = {Deep Gaussian Covariance Network with Trajectory Sampling for Data-Efficient Policy Search},
 *     author = {Can Bogoclu and Robert Vosshall and …},
 *     year = {2024},
 *     eprint = {2403.15908},
 *     archivePrefix = {arXiv},
 *     primaryClass = {cs.LG},
 *     doi = {10.1109/ACDSA59508.2024.10467448},
 *     url = {https://arxiv.org/abs/2403.15908},
 *   }
 *
 * - `@article` with `journal = {<journal reference>}` when the paper has one, else `@misc`; `doi` when known.
 * - Keys: first author's last name + year + first significant title word, ASCII lowercase
 *   (`bogoclu2024deep`); a repeated key gets `b`, `c`, … appended, so keys are unique in one call.
 * - year: of `published` (v1) when known, else from the id (`2403.…` → 2024, `hep-th/9901001` → 1999).
 * - Fields stay TeX: arXiv titles and abstracts are TeX already, so math (`$…$`) and macros are kept;
 *   characters TeX would choke on outside math (`% & # _ ^`, a lone `$`) are escaped unless already
 *   escaped, and braces that do not pair up (which would break BibTeX itself, whatever their backslash)
 *   become `\textbraceleft{}`/`\textbraceright{}` (`\lbrace`/`\rbrace` in math). `doi`, `eprint` and
 *   `url` are verbatim fields: only braces and whitespace are removed from them.
 */
import type { Paper } from '../arxiv/types';
import { isOldStyleId } from '../arxiv/ids';
import { normalizeWhitespace, splitMath } from '../text/tex';

const TEXT_SPECIALS = new Set(['%', '&', '#', '_']);

/** Makes a field value safe for BibTeX and LaTeX, keeping math and TeX macros (see the module comment). */
export function bibtexEscape(value: string): string {
  let out = '';
  const math: boolean[] = [];
  const push = (s: string, isMath: boolean) => {
    out += s;
    for (let k = 0; k < s.length; k++) math.push(isMath);
  };
  for (const seg of splitMath(normalizeWhitespace(value))) {
    if (seg.math) {
      push(seg.text, true);
      continue;
    }
    const t = seg.text;
    for (let i = 0; i < t.length; i++) {
      const c = t[i]!;
      if (c === '\\') {
        // A macro name or an escaped character: kept as written (`\%`, `\'e`, `\textbf`).
        const next = t[i + 1];
        if (next === undefined) push('\\textbackslash{}', false);
        else if (/[A-Za-z]/.test(next)) {
          const m = /^\\[A-Za-z]+/.exec(t.slice(i))![0];
          push(m, false);
          i += m.length - 1;
        } else {
          push(c + next, false);
          i++;
        }
      } else if (TEXT_SPECIALS.has(c)) push('\\' + c, false);
      else if (c === '^') push('\\^{}', false);
      else if (c === '$') push('\\$', false);
      else push(c, false);
    }
  }
  return balanceBraces(out, math);
}

/** Replaces every brace without a partner (BibTeX counts braces even after a backslash). */
function balanceBraces(s: string, math: boolean[]): string {
  const open: number[] = [];
  const unmatched = new Set<number>();
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open.push(i);
    else if (s[i] === '}') {
      if (open.length) open.pop();
      else unmatched.add(i);
    }
  }
  for (const i of open) unmatched.add(i);
  if (unmatched.size === 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (!unmatched.has(i)) {
      out += s[i];
      continue;
    }
    const left = s[i] === '{';
    const escaped = out.endsWith('\\') && !out.endsWith('\\\\');
    if (escaped) out = out.slice(0, -1);
    out += math[i] ? (left ? '\\lbrace ' : '\\rbrace ') : left ? '\\textbraceleft{}' : '\\textbraceright{}';
  }
  return out;
}

/** Verbatim fields (doi, url, eprint): no braces, no whitespace. */
function verbatim(s: string): string {
  return s.replace(/[{}\s]/g, '');
}

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lowercase ASCII letters and digits only (`Müller` → `muller`, `Łukasz` → `lukasz`). */
function asciiKeyPart(s: string): string {
  return s
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const STOPWORDS = new Set([
  'a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'and', 'with', 'via', 'from', 'by', 'at', 'is', 'are', 'towards', 'toward', 'into',
]);

function lastName(author: string | undefined): string {
  if (!author) return '';
  const tokens = author.split(/\s+/).filter(Boolean);
  while (tokens.length > 1 && NAME_SUFFIXES.has(asciiKeyPart(tokens[tokens.length - 1]!))) tokens.pop();
  return asciiKeyPart(tokens[tokens.length - 1] ?? '');
}

function firstWord(title: string): string {
  const prose = splitMath(title)
    .filter((s) => !s.math)
    .map((s) => s.text)
    .join(' ')
    .replace(/\\[A-Za-z]+/g, ' ');
  for (const w of prose.split(/[\s\-–—:;,.!?/()[\]{}'"`]+/)) {
    const k = asciiKeyPart(w);
    if (k && !STOPWORDS.has(k)) return k;
  }
  return '';
}

/** The year of the first version: `published` when known, else read from the id. */
export function paperYear(paper: Pick<Paper, 'id' | 'published'>): string {
  const fromPublished = paper.published ? /^(\d{4})-/.exec(paper.published)?.[1] : undefined;
  if (fromPublished) return fromPublished;
  const yy = isOldStyleId(paper.id) ? /\/(\d{2})/.exec(paper.id)?.[1] : /^(\d{2})\d{2}\./.exec(paper.id)?.[1];
  if (!yy) return '';
  const n = Number(yy);
  return String(isOldStyleId(paper.id) && n >= 91 ? 1900 + n : 2000 + n);
}

/** `lastname2024firstword` (without the uniqueness suffix). */
export function citationKey(paper: Pick<Paper, 'id' | 'published' | 'authors' | 'title'>): string {
  return `${lastName(paper.authors[0]) || 'anon'}${paperYear(paper)}${firstWord(paper.title)}`;
}

function suffix(n: number): string {
  // 1 → b, 2 → c, … 24 → z, then numbers.
  return n <= 24 ? String.fromCharCode(97 + n) : String(n + 1);
}

function authorField(authors: readonly string[]): string {
  // A name with " and " inside (a collaboration) would split into two authors: brace it.
  return authors.map((a) => (/\sand\s/i.test(a) ? `{${a}}` : a)).join(' and ');
}

/** One BibTeX entry per paper, in order, separated by blank lines; keys unique within the call. */
export function toBibtex(papers: readonly Paper[]): string {
  const used = new Set<string>();
  const entries = papers.map((p) => {
    const base = citationKey(p);
    let key = base;
    for (let n = 1; used.has(key); n++) key = base + suffix(n);
    used.add(key);
    const fields: Array<[string, string]> = [
      ['title', bibtexEscape(p.title)],
      ['author', bibtexEscape(authorField(p.authors))],
    ];
    if (p.journalRef) fields.push(['journal', bibtexEscape(p.journalRef)]);
    const year = paperYear(p);
    if (year) fields.push(['year', year]);
    fields.push(['eprint', verbatim(p.id)], ['archivePrefix', 'arXiv']);
    if (p.categories[0]) fields.push(['primaryClass', verbatim(p.categories[0])]);
    if (p.doi) fields.push(['doi', verbatim(p.doi)]);
    fields.push(['url', verbatim(`https://arxiv.org/abs/${p.id}`)]);
    const type = p.journalRef ? 'article' : 'misc';
    return `@${type}{${key},\n${fields.map(([k, v]) => `  ${k} = {${v}},`).join('\n')}\n}`;
  });
  return entries.length ? entries.join('\n\n') + '\n' : '';
}
