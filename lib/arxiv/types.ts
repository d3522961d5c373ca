/**
 * The paper record shared by every part of the product (feeds, API, storage, matching, UI).
 * Text fields hold arXiv's text with whitespace normalised; TeX (math, macros) is kept as is.
 */

/** How a paper appears in a daily listing (RSS `arxiv:announce_type`). */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export interface PaperLinks {
  abs: string;
  pdf: string;
  html: string;
}

export interface Paper {
  /** arXiv id without version: `2605.28828`, `hep-th/9901001`. */
  id: string;
  /** Latest version we know of (1 when unknown). */
  version: number;
  title: string;
  /** Abstract with raw TeX kept, whitespace collapsed to single spaces. */
  abstract: string;
  /** Author names, TeX accents decoded (`Garc\'ia` → `García`), affiliations removed. */
  authors: string[];
  /** All categories, primary first. */
  categories: string[];
  /** How the paper was announced in the listing it came from (absent for API results). */
  announceType?: AnnounceType;
  doi?: string;
  journalRef?: string;
  comment?: string;
  /** License URL (`dc:rights` in RSS, `<rights>`/license link where given). */
  license?: string;
  /** ISO instants from the API (`published` = v1, `updated` = latest version). */
  published?: string;
  updated?: string;
  /**
   * The arXiv listing day (`YYYY-MM-DD`, the date arXiv's "new listings for …" page and the feed carry)
   * on which this paper was first announced. Absent for papers known only from the API.
   */
  announceDay?: string;
  links: PaperLinks;
}

/** A parsed feed or API answer. */
export interface ParsedFeed {
  kind: 'rss' | 'atom' | 'api';
  /** Feed title, e.g. `cs.AI updates on arXiv.org`. */
  title: string;
  /**
   * The listing day the feed carries (`YYYY-MM-DD`, in America/New_York), from the channel's
   * `pubDate` (RSS) or `updated` (Atom). Absent for API answers.
   */
  listingDay?: string;
  /** The channel date as an ISO instant, used to tell an unchanged feed. */
  channelDate?: string;
  /** Days the feed says it is not updated (`skipDays`). */
  skipDays: string[];
  papers: Paper[];
  /** API paging (`opensearch:*`), when present. */
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
}
