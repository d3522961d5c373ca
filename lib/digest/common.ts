/**
 * What every digest format shares: the input type, the header's times, the sections (one per keyword,
 * or one "All papers") and the translation labels. Pure functions, no browser globals; every "now" and
 * the reader's time zone are parameters.
 */
import type { Paper } from '../arxiv/types';
import { announcementInstant } from '../arxiv/schedule';
import { ARXIV_TZ } from '../arxiv/time';
import type { ListingItem, ListingView } from '../listing';
import { normalizeWhitespace } from '../text/tex';

/** The translation of one paper; a field is absent when it was not (or could not be) translated. */
export interface DigestTranslation {
  title?: string;
  abstract?: string;
}

export interface DigestInput {
  /** The arXiv listing day (`YYYY-MM-DD`, the feed's date); the header shows when it was announced. */
  listingDay: string;
  /** From `buildListing`: `relevant` is what is counted (each paper once), `groups` what is listed. */
  view: Pick<ListingView, 'relevant' | 'groups'>;
  /** Translations by paper id. */
  translations?: ReadonlyMap<string, DigestTranslation>;
  generatedAt: Date;
  /** The reader's IANA time zone (`Asia/Shanghai`); the header's second times are in it. */
  timeZone: string;
  /**
   * The translation language (`zh-CN`, `fr`…). Absent or null: a monolingual digest, with no
   * translation lines at all. Present: every entry has its translation lines, and a translation
   * that is missing is marked (`[未翻译]` / `[not translated]`).
   */
  targetLang?: string | null;
}

export interface DigestSection {
  /** `Keyword: <label>` sections; undefined for the one "All papers" section. */
  keyword?: string;
  items: ListingItem[];
}

/**
 * The sections of a digest: one per keyword group (a paper sits in each group it matches), or, when the
 * listing has no keyword groups but relevant papers (no keywords set), one "All papers" section.
 */
export function digestSections(view: DigestInput['view']): DigestSection[] {
  if (view.groups.length > 0) return view.groups.map((g) => ({ keyword: g.keyword, items: g.items }));
  return view.relevant.length > 0 ? [{ items: view.relevant }] : [];
}

/** Whether the digest shows a `Keywords:` line per entry (only when it is grouped by keyword). */
export function showsKeywords(view: DigestInput['view']): boolean {
  return view.groups.length > 0;
}

/** Distinct papers: the number in "今天共有 N 篇相关文章". */
export function distinctCount(view: DigestInput['view']): number {
  return new Set(view.relevant.map((i) => i.paper.id)).size;
}

export const ALL_PAPERS = 'All papers';

// ---------------------------------------------------------------------------------------------------------
// Times

interface WallClock {
  date: string;
  time: string;
  seconds: string;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)) {
    parts[p.type] = p.value;
  }
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`, seconds: parts.second ?? '00' };
}

/** `UTC+8`, `UTC-4`, `UTC+5:30`, `UTC` for a zone at an instant. */
export function utcOffsetLabel(at: Date, timeZone: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')
      ?.value ?? 'GMT';
  return name.replace(/^GMT/, 'UTC').replace(/^UTC[+-]0$/, 'UTC');
}

/** `EDT` / `EST` for New York at an instant. */
function etZoneName(at: Date): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: ARXIV_TZ, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')
      ?.value ?? 'ET'
  );
}

export interface DigestTimes {
  /** `2024-03-26 10:00:00 (UTC+8)`. */
  generated: string;
  /** `2024-03-25 20:00 EDT`. */
  announcedEt: string;
  /** `2024-03-26 08:00 UTC+8`. */
  announcedLocal: string;
}

/** The header's times: generation time and the listing day's real announcement (20:00 ET the evening before). */
export function digestTimes(input: Pick<DigestInput, 'listingDay' | 'generatedAt' | 'timeZone'>): DigestTimes {
  const { generatedAt, timeZone } = input;
  const gen = wallClock(generatedAt, timeZone);
  const announced = announcementInstant(input.listingDay);
  const et = wallClock(announced, ARXIV_TZ);
  const local = wallClock(announced, timeZone);
  return {
    generated: `${gen.date} ${gen.time}:${gen.seconds} (${utcOffsetLabel(generatedAt, timeZone)})`,
    announcedEt: `${et.date} ${et.time} ${etZoneName(announced)}`,
    announcedLocal: `${local.date} ${local.time} ${utcOffsetLabel(announced, timeZone)}`,
  };
}

/** `生成时间: … (UTC+8); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 08:00 UTC+8)`: the sample's labels. */
export function headerLine(input: Pick<DigestInput, 'listingDay' | 'generatedAt' | 'timeZone'>): string {
  const t = digestTimes(input);
  return `生成时间: ${t.generated}; Arxiv 发布时间: ${t.announcedEt} (${t.announcedLocal})`;
}

/** `今天共有 N 篇相关文章`, N = distinct papers. */
export function countLine(view: DigestInput['view']): string {
  return `今天共有 ${distinctCount(view)} 篇相关文章`;
}

// ---------------------------------------------------------------------------------------------------------
// Translation labels

function isChineseTarget(lang: string): boolean {
  return lang.toLowerCase().startsWith('zh');
}

/** `中文摘要` for Chinese targets, `Translated abstract (<lang>)` otherwise. */
export function translatedAbstractLabel(lang: string): string {
  return isChineseTarget(lang) ? '中文摘要' : `Translated abstract (${lang})`;
}

/** What stands where a translation is missing: `[未翻译]` for Chinese targets, `[not translated]` otherwise. */
export function untranslatedMarker(lang: string): string {
  return isChineseTarget(lang) ? '[未翻译]' : '[not translated]';
}

/** A translated field on one line (services may answer with line breaks), or undefined when missing/blank. */
export function translatedField(input: DigestInput, paper: Paper, field: keyof DigestTranslation): string | undefined {
  const t = input.translations?.get(paper.id)?.[field];
  if (t === undefined) return undefined;
  const clean = normalizeWhitespace(t);
  return clean === '' ? undefined : clean;
}

/** `https://arxiv.org/abs/<id>` and `https://arxiv.org/pdf/<id>` (unversioned: the latest version). */
export function arxivLinks(paper: Paper): { abs: string; pdf: string } {
  return { abs: `https://arxiv.org/abs/${paper.id}`, pdf: `https://arxiv.org/pdf/${paper.id}` };
}
