/**
 * What the trending list means for this user: keyword matches (the same rules and highlights as arXiv
 * papers), what the badge may count, and what the translation pipeline should queue.
 */
import type { ArxivDb } from '../db/schema';
import { trendingPapers, type TrendingItem } from '../db/hf';
import type { ListingView } from '../listing';
import { compileKeywords, matchPaper, type CompiledKeywords, type PaperMatch } from '../match';
import type { Settings } from '../settings';

export interface TrendingViewItem extends TrendingItem {
  match: PaperMatch;
}

export interface TrendingView {
  /** The daily list shown (absent when none is stored). */
  date?: string;
  /** Most upvoted first. */
  items: TrendingViewItem[];
  /** Items matching at least one keyword (none when there are no keywords). */
  matched: TrendingViewItem[];
  /** The user has no (valid) keywords. */
  keywordsEmpty: boolean;
}

export function buildTrendingView(items: readonly TrendingItem[], compiled: CompiledKeywords, date?: string): TrendingView {
  const withMatch = items.map((i) => ({ ...i, match: matchPaper(i.paper, compiled) }));
  return { date, items: withMatch, matched: withMatch.filter((i) => i.match.keywords.length > 0), keywordsEmpty: compiled.empty };
}

/** The trending list of `date` (default: the newest stored) with keyword matches. */
export async function loadTrending(db: ArxivDb, settings: Pick<Settings, 'keywords'>, date?: string): Promise<TrendingView> {
  const items = await trendingPapers(db, date);
  return buildTrendingView(items, compileKeywords(settings.keywords), date ?? items[0]?.hf.date);
}

/**
 * What the badge adds for trending papers: unseen keyword matches, only if the user opted in
 * (`trending.countOnBadge`), never a paper the arXiv count already holds. No keywords: nothing matches.
 */
export function trendingBadgeCount(view: TrendingView, settings: Pick<Settings, 'badgeMode' | 'trending'>, countedIds: ReadonlySet<string>): number {
  if (settings.badgeMode === 'off' || !settings.trending.enabled || !settings.trending.countOnBadge) return 0;
  return view.matched.filter((i) => !i.user?.seenAt && !countedIds.has(i.paper.id)).length;
}

/** The badge's trending part from the database (no read at all unless the user opted in). */
export async function trendingBadgeCountFor(
  db: ArxivDb,
  settings: Pick<Settings, 'badgeMode' | 'trending' | 'keywords'>,
  countedIds: ReadonlySet<string>,
): Promise<number> {
  if (settings.badgeMode === 'off' || !settings.trending.enabled || !settings.trending.countOnBadge) return 0;
  return trendingBadgeCount(await loadTrending(db, settings), settings, countedIds);
}

/**
 * The trending list in the shape the translation pipeline takes (`enqueueListing`): every title, and
 * abstracts per the translation scope ('matched': keyword matches, or all when there are no keywords).
 */
export function trendingAsListing(view: TrendingView): ListingView {
  const asItem = (i: TrendingViewItem) => ({ paper: i.paper, type: i.paper.announceType ?? ('new' as const), user: i.user, match: i.match });
  const all = view.items.map(asItem);
  return { all, relevant: view.keywordsEmpty ? all : view.matched.map(asItem), groups: [], unseen: 0, keywordErrors: [] };
}
