/** Reading arxiv.org pages (pure DOM helpers, no extension APIs): routes, entries, source text, keyword hits. */
export { classifyUrl, type ArxivPage, type ListingKind } from './route';
export { mappedText, sourceText, RENDERED_MATH, type MappedText, type TextOptions } from './text';
export {
  authorNames,
  entryText,
  idFromHref,
  readAbsPage,
  readHtmlPaper,
  listingHeads,
  readListing,
  readListingEntry,
  readSearchResult,
  readSearchResults,
  searchHeads,
  type AbsPage,
  type HtmlPaper,
  type PageEntry,
} from './pages';
export { highlightRanges, removeHighlights, HIT_ATTR, type Range } from './highlight';
