/**
 * The daily digest as Markdown (CommonMark/GFM), with the same content as the text digest:
 *
 *   生成时间: … (UTC+8); Arxiv 发布时间: … EDT (… UTC+8)
 *
 *   **今天共有 8 篇相关文章**
 *
 *   ## Keyword: Gaussian process           (## All papers without keywords)
 *
 *   ### <English title>
 *
 *   <translated title, or [未翻译]>        (only with a target language)
 *
 *   - **Authors:** A, B
 *   - **Subjects:** Methodology (stat.ME)
 *   - **Keywords:** Gaussian process, regression     (grouped digests only)
 *   - **Arxiv link:** <https://arxiv.org/abs/ID>
 *   - **Pdf link:** <https://arxiv.org/pdf/ID>
 *
 *   **Abstract**
 *
 *   <abstract paragraph>
 *
 *   **中文摘要**
 *
 *   <translated abstract paragraph, or [未翻译]>
 *
 * Safety: every text from arXiv, the user or a translation service is escaped, so a hostile title
 * (`[x](javascript:alert(1)) <img onerror=…>`) renders as the literal text and can make no link, HTML,
 * emphasis, heading or list. Math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) is left as written for a math-aware
 * renderer, with only what could open HTML or a link neutralised in a way TeX ignores (`<` → `\lt `,
 * `>` → `\gt `, `](` → `] (`).
 */
import type { ListingItem } from '../listing';
import { normalizeWhitespace, splitMath } from '../text/tex';
import { subjectsLine } from './categories';
import {
  ALL_PAPERS,
  arxivLinks,
  countLine,
  digestSections,
  headerLine,
  showsKeywords,
  translatedAbstractLabel,
  translatedField,
  untranslatedMarker,
  type DigestInput,
} from './common';

/** Characters escaped wherever they appear in text (all are valid CommonMark backslash escapes). */
const INLINE_SPECIALS = /[\\`*_[\]<>|~$&!#]/g;

function escapeInline(s: string): string {
  return s.replace(INLINE_SPECIALS, (c) => '\\' + c);
}

/** What only matters at the start of a line: a list (`- `, `+ `, `1. `), a setext underline (`=`). */
function escapeLineStart(s: string): string {
  return s.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Escapes plain text for inline Markdown: no links, images, HTML, code, emphasis, entities, tables or blocks. */
export function escapeMarkdownText(s: string): string {
  return escapeLineStart(escapeInline(normalizeWhitespace(s)));
}

/** Neutralises the parts of a math span that a renderer without math support would read as HTML or a link. */
function neutraliseMath(tex: string): string {
  return tex.replace(/</g, '\\lt ').replace(/>/g, '\\gt ').replace(/\]\(/g, '] (');
}

/** Escapes text that may hold TeX math: text parts are escaped, math is kept (see the module comment). */
export function escapeMarkdownWithMath(s: string): string {
  const parts = splitMath(normalizeWhitespace(s)).map((seg) => (seg.math ? neutraliseMath(seg.text) : escapeInline(seg.text)));
  return escapeLineStart(parts.join(''));
}

function entry(input: DigestInput, item: ListingItem, withKeywords: boolean): string[] {
  const p = item.paper;
  const lang = input.targetLang ?? undefined;
  const marker = lang ? escapeMarkdownText(untranslatedMarker(lang)) : '';
  const links = arxivLinks(p);
  const out = [`### ${escapeMarkdownWithMath(p.title)}`];
  if (lang) {
    const t = translatedField(input, p, 'title');
    out.push(t === undefined ? marker : escapeMarkdownWithMath(t));
  }
  const list = [
    `- **Authors:** ${escapeMarkdownText(p.authors.join(', '))}`,
    `- **Subjects:** ${escapeMarkdownText(subjectsLine(p.categories))}`,
    ...(withKeywords ? [`- **Keywords:** ${escapeMarkdownText(item.match.keywords.join(', '))}`] : []),
    `- **Arxiv link:** <${links.abs}>`,
    `- **Pdf link:** <${links.pdf}>`,
  ];
  out.push(list.join('\n'), '**Abstract**', escapeMarkdownWithMath(p.abstract));
  if (lang) {
    const a = translatedField(input, p, 'abstract');
    out.push(`**${escapeMarkdownText(translatedAbstractLabel(lang))}**`, a === undefined ? marker : escapeMarkdownWithMath(a));
  }
  return out;
}

export function formatDigestMarkdown(input: DigestInput): string {
  const blocks = [escapeMarkdownText(headerLine(input)), `**${countLine(input.view)}**`];
  const withKeywords = showsKeywords(input.view);
  for (const section of digestSections(input.view)) {
    blocks.push(`## ${section.keyword === undefined ? ALL_PAPERS : `Keyword: ${escapeMarkdownText(section.keyword)}`}`);
    for (const item of section.items) blocks.push(...entry(input, item, withKeywords));
  }
  return blocks.join('\n\n') + '\n';
}
