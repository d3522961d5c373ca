/**
 * Reading arXiv's pages: the paper of an abstract page, the entries of a listing (`/list/<cat>/new`
 * and friends; `/new` repeats `<dl id='articles'>` per section), the results of a search, the abstract
 * of an HTML paper, and where translations go on each. Pure DOM reading: nothing is changed here.
 * A missing element gives null (arXiv changes its pages; the caller skips quietly).
 */
import { parseArxivId } from '../arxiv/ids';
import { normalizeWhitespace } from '../text/tex';
import { sourceText } from './text';

export interface AbsPage {
  id: string;
  version?: number;
  /** `#abs h1.title`: the translated title goes right under it. */
  title: Element | null;
  /** `#abs blockquote.abstract`: the translated abstract goes right under it. */
  abstract: Element | null;
  /** `meta[name=citation_title]` / `citation_abstract`: the raw text, the best source after the database. */
  meta: { title?: string; abstract?: string };
}

/** One paper on a listing or search page. */
export interface PageEntry {
  id: string;
  /** How a /new listing lists it: absent for plain new submissions and on other listings. */
  type?: 'cross' | 'replace';
  /** The elements that make the entry (`dt` + `dd`, or the result's `li`): dimmed, hidden, marked. */
  parts: Element[];
  /** Watched for lazy translation. */
  target: Element;
  /** The line with the id, where the "seen" mark goes. */
  head: Element;
  title: Element | null;
  /** The element holding the abstract's text (null where the page shows none). */
  abstract: Element | null;
  authors: Element | null;
  /** Translations go right after these. */
  titleAnchor: Element | null;
  abstractAnchor: Element | null;
  /** Elements to leave out of the entry's text. */
  skip?: string;
}

export interface HtmlPaper {
  id: string;
  version?: number;
  abstract: Element | null;
  /** The translated abstract goes right after this element. */
  abstractAnchor: Element | null;
}

const BASE = 'https://arxiv.org/';

/** The arXiv id a link points to (`/abs/2608.09949`, `https://arxiv.org/abs/2403.15999v1`). */
export function idFromHref(href: string | null | undefined): { id: string; version?: number } | null {
  if (!href) return null;
  try {
    const p = parseArxivId(new URL(href, BASE).href);
    return p ? { id: p.id, ...(p.version !== undefined ? { version: p.version } : {}) } : null;
  } catch {
    return null;
  }
}

function metaContent(doc: Document, name: string): string | undefined {
  const v = doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
  const t = v ? normalizeWhitespace(v) : '';
  return t || undefined;
}

/** The abstract page's paper; null when the page has no abstract block (withdrawn, an error page). */
export function readAbsPage(doc: Document, route: { id: string; version?: number }): AbsPage | null {
  const abs = doc.querySelector('#abs');
  const title = abs?.querySelector('h1.title') ?? null;
  const abstract = abs?.querySelector('blockquote.abstract') ?? null;
  if (!title && !abstract) return null;
  const metaId = metaContent(doc, 'citation_arxiv_id');
  const metaMatches = !metaId || parseArxivId(metaId)?.id === route.id;
  const meta: AbsPage['meta'] = {};
  if (metaMatches) {
    const t = metaContent(doc, 'citation_title');
    const a = metaContent(doc, 'citation_abstract');
    if (t) meta.title = t;
    if (a) meta.abstract = a;
  }
  return { id: route.id, ...(route.version !== undefined ? { version: route.version } : {}), title, abstract, meta };
}

/** Candidate entry heads of a listing page (one cheap query; each is read with `readListingEntry`). */
export function listingHeads(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('dt'));
}

/** A listing entry from its `dt`: the `dt` with an abstract link followed by a `dd` with a title; null otherwise. */
export function readListingEntry(dt: Element): PageEntry | null {
  const dd = dt.nextElementSibling;
  if (!dd || dd.localName !== 'dd') return null;
  const link = dt.querySelector('a[title="Abstract"]') ?? dt.querySelector('a[href*="/abs/"]');
  const ref = idFromHref(link?.getAttribute('href'));
  const title = dd.querySelector('.list-title');
  if (!ref || !title) return null;
  const head = dt.textContent ?? '';
  const abstract = dd.querySelector('.meta > p') ?? dd.querySelector('p.mathjax');
  return {
    id: ref.id,
    ...(/\(cross-list from/.test(head) ? { type: 'cross' as const } : /\(replaced\)/.test(head) ? { type: 'replace' as const } : {}),
    parts: [dt, dd],
    target: dd,
    head: dt,
    title,
    abstract,
    authors: dd.querySelector('.list-authors'),
    titleAnchor: title,
    abstractAnchor: abstract,
  };
}

/**
 * The entries of a listing page: every `dt` with an abstract link followed by a `dd` with a title,
 * wherever they sit (one `dl#articles` per section on /new, one on /recent, or none at all).
 */
export function readListing(root: ParentNode): PageEntry[] {
  return listingHeads(root)
    .map(readListingEntry)
    .filter((e): e is PageEntry => e !== null);
}

/** Candidate results of a search page. */
export function searchHeads(root: ParentNode): Element[] {
  return Array.from(root.querySelectorAll('li.arxiv-result'));
}

/** One search result (`li.arxiv-result`): title, and the full abstract (`span.abstract-full`, id `<id>v<n>-abstract-full`). */
export function readSearchResult(li: Element): PageEntry | null {
  const head = li.querySelector('p.list-title');
  const ref = idFromHref(head?.querySelector('a[href*="/abs/"]')?.getAttribute('href'));
  const title = li.querySelector('p.title');
  if (!ref || !head || !title) return null;
  const full = li.querySelector('span.abstract-full');
  const block = full?.closest('p.abstract') ?? li.querySelector('p.abstract');
  return {
    id: ref.id,
    parts: [li],
    target: li,
    head,
    title,
    abstract: full,
    authors: li.querySelector('p.authors'),
    titleAnchor: title,
    abstractAnchor: full ? (block ?? full) : null,
    // The "△ Less" / "▽ More" switches are not the abstract.
    skip: 'a[onclick], a.is-size-7',
  };
}

/** Search results. */
export function readSearchResults(root: ParentNode): PageEntry[] {
  return searchHeads(root)
    .map(readSearchResult)
    .filter((e): e is PageEntry => e !== null);
}

/** An HTML paper (LaTeXML): the abstract block. */
export function readHtmlPaper(doc: Document, route: { id: string; version?: number }): HtmlPaper {
  const abstract = doc.querySelector('.ltx_abstract');
  const paragraphs = abstract ? Array.from(abstract.querySelectorAll('p.ltx_p')) : [];
  return {
    id: route.id,
    ...(route.version !== undefined ? { version: route.version } : {}),
    abstract,
    abstractAnchor: paragraphs[paragraphs.length - 1] ?? null,
  };
}

/** The author names of an entry (link texts; plain text split at commas where there are no links). */
export function authorNames(el: Element | null): string[] {
  if (!el) return [];
  const links = Array.from(el.querySelectorAll('a'))
    .map((a) => normalizeWhitespace(a.textContent ?? ''))
    .filter(Boolean);
  if (links.length) return links;
  return sourceText(el)
    .replace(/^Authors:\s*/, '')
    .split(/\s*,\s*|\s+and\s+/)
    .filter(Boolean);
}

/** An entry's text as a paper for keyword matching (the same text the highlights map back onto). */
export function entryText(entry: PageEntry): { title: string; abstract: string; authors: string[] } {
  const opts = entry.skip ? { skip: entry.skip } : {};
  return {
    title: entry.title ? sourceText(entry.title, opts) : '',
    abstract: entry.abstract ? sourceText(entry.abstract, opts) : '',
    authors: authorNames(entry.authors),
  };
}
