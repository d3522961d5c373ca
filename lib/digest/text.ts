/**
 * The plain-text daily digest, in the layout of the digest users get today
 * (/work/shared/reference/digest-sample.txt), without its flaws:
 *
 *   生成时间: 2024-03-26 10:00:00 (UTC+8); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 08:00 UTC+8)
 *   今天共有 8 篇相关文章                     ← distinct papers, however many groups each sits in
 *   Keyword: Gaussian process                 ← one section per keyword, in the user's order
 *   <English title>
 *   <translated title>                        ← only with a target language; `[未翻译]` when missing
 *   - Authors: A, B, C
 *   - Subjects: Methodology (stat.ME); Applications (stat.AP)      ← ONE "Subjects:", full names
 *   - Keywords: Gaussian process, regression  ← every keyword the paper matches (grouped digests only)
 *   - Arxiv link: https://arxiv.org/abs/<id>
 *   - Pdf link: https://arxiv.org/pdf/<id>
 *   - Abstract
 *   <abstract, TeX kept as written>
 *   - 中文摘要                                 ← `Translated abstract (<lang>)` for other languages;
 *   <translated abstract>                        only with a target language; `[未翻译]` when missing
 *
 * With no keywords the one section is headed `All papers` and entries have no `Keywords:` line.
 * The announcement time is the real one (20:00 ET the evening before the listing day).
 * Every field is one line: line breaks inside any text are collapsed, so no text can fake a line.
 */
import type { ListingItem } from '../listing';
import { normalizeWhitespace } from '../text/tex';
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

const line = (s: string) => normalizeWhitespace(s);

export function formatEntryText(input: DigestInput, item: ListingItem, withKeywords: boolean): string[] {
  const p = item.paper;
  const lang = input.targetLang ?? undefined;
  const marker = lang ? untranslatedMarker(lang) : '';
  const links = arxivLinks(p);
  const out = [line(p.title)];
  if (lang) out.push(translatedField(input, p, 'title') ?? marker);
  out.push(`- Authors: ${line(p.authors.join(', '))}`);
  out.push(`- Subjects: ${subjectsLine(p.categories)}`);
  if (withKeywords) out.push(`- Keywords: ${item.match.keywords.map(line).join(', ')}`);
  out.push(`- Arxiv link: ${links.abs}`, `- Pdf link: ${links.pdf}`, '- Abstract', line(p.abstract));
  if (lang) out.push(`- ${translatedAbstractLabel(lang)}`, translatedField(input, p, 'abstract') ?? marker);
  return out;
}

export function formatDigestText(input: DigestInput): string {
  const out = [headerLine(input), countLine(input.view)];
  const withKeywords = showsKeywords(input.view);
  for (const section of digestSections(input.view)) {
    out.push(section.keyword === undefined ? ALL_PAPERS : `Keyword: ${line(section.keyword)}`);
    for (const item of section.items) out.push(...formatEntryText(input, item, withKeywords));
  }
  return out.join('\n') + '\n';
}
