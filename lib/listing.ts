/**
 * What a listing day means for this user: which of its papers are in the followed categories and
 * announce types, which match the keywords, how they group, and how many are still unseen.
 * One home for this rule: the badge, the popup and the digest all read it from here.
 */
import type { AnnounceType } from './arxiv/types';
import type { ArxivDb, DayRow } from './db/schema';
import { latestDay, papersOfDay, type ListedPaper } from './db/queries';
import { compileKeywords, matchPaper, type CompiledKeywords, type KeywordError, type PaperMatch } from './match';
import type { Settings } from './settings';

export interface ListingItem extends ListedPaper {
  match: PaperMatch;
}

export interface ListingView {
  day?: DayRow;
  /** Papers of the followed categories and announce types, each once, new before cross-lists before replacements. */
  all: ListingItem[];
  /** The papers that count: those matching a keyword, or all of them when there are no keywords. */
  relevant: ListingItem[];
  /** One group per keyword with matches, in the user's order; a paper sits in every group it matches. */
  groups: Array<{ keyword: string; items: ListingItem[] }>;
  /** Relevant papers the user has not seen yet. */
  unseen: number;
  keywordErrors: KeywordError[];
}

const TYPE_ORDER: Record<AnnounceType, number> = { new: 0, cross: 1, replace: 2, 'replace-cross': 3 };

/** Does a paper's category list touch the followed categories (a whole archive `cs` covers `cs.*`)? */
export function inFollowedCategories(categories: readonly string[], followed: readonly string[]): boolean {
  return categories.some((c) => followed.some((f) => c === f || c.startsWith(f + '.')));
}

export function typeIncluded(type: AnnounceType, settings: Pick<Settings, 'includeCross' | 'includeReplace'>): boolean {
  switch (type) {
    case 'new':
      return true;
    case 'cross':
      return settings.includeCross;
    case 'replace':
      return settings.includeReplace;
    case 'replace-cross':
      return settings.includeReplace && settings.includeCross;
  }
}

/** Papers with their keyword matches, unfiltered (search results, starred papers). */
export function withMatches(listed: readonly ListedPaper[], compiled: CompiledKeywords): ListingItem[] {
  return listed.map((l) => ({ ...l, match: matchPaper(l.paper, compiled) }));
}

export function buildListing(
  listed: readonly ListedPaper[],
  settings: Settings,
  day?: DayRow,
  compiled: CompiledKeywords = compileKeywords(settings.keywords),
): ListingView {
  const all: ListingItem[] = listed
    .filter((l) => typeIncluded(l.type, settings) && inFollowedCategories(l.paper.categories, settings.categories))
    .sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.paper.id < b.paper.id ? -1 : 1))
    .map((l) => ({ ...l, match: matchPaper(l.paper, compiled) }));
  const relevant = compiled.empty ? all : all.filter((i) => i.match.keywords.length > 0);
  const groups = compiled.keywords
    .map((k) => ({ keyword: k.label, items: relevant.filter((i) => i.match.keywords.includes(k.label)) }))
    .filter((g) => g.items.length > 0);
  return {
    day,
    all,
    relevant,
    groups,
    unseen: relevant.filter((i) => !i.user?.seenAt).length,
    keywordErrors: compiled.errors,
  };
}

/** The listing of `day`, or of the latest stored day. */
export async function loadListing(db: ArxivDb, settings: Settings, day?: string): Promise<ListingView> {
  const row = day ? await db.get('days', day) : await latestDay(db);
  if (!row) return buildListing([], settings);
  const types = new Set((['new', 'cross', 'replace', 'replace-cross'] as const).filter((t) => typeIncluded(t, settings)));
  return buildListing(await papersOfDay(db, row.day, types), settings, row);
}

/** Badge text: nothing at zero, the count, `999+` past 999. */
export function badgeText(count: number): string {
  return count <= 0 ? '' : count > 999 ? '999+' : String(count);
}

/** arXiv's red. */
export const BADGE_COLOR = '#B31B1B';
