/**
 * Parses what arXiv sends us into `ParsedFeed`:
 * - RSS 2.0 from rss.arxiv.org (`/rss/<cats>`),
 * - Atom 1.0 from rss.arxiv.org (`/atom/<cats>`),
 * - Atom answers of the export.arxiv.org API (`/api/query`), 2025+ format and the legacy format
 *   (namespaces declared inline on each element, hard-wrapped text).
 *
 * Element names are resolved through their `xmlns` declarations (namespace URIs, not prefixes).
 * An undeclared `atom:`, `arxiv:`, `dc:` or `opensearch:` prefix falls back to its usual URI.
 *
 * Failures throw `FeedError`:
 * - `error-feed`: arXiv's own error document (API `…/api/errors#…` entry; rss.arxiv.org's
 *   "Feed error for query" channel), with arXiv's message;
 * - `truncated`: an empty body, or a feed that is not well-formed XML (a cut download);
 * - `not-feed`: an HTML page or any other document.
 * A valid feed with no items (weekends, holidays) is not an error: `papers` is empty.
 *
 * Cost: one `XMLValidator` pass (well-formedness) plus one `XMLParser` pass, then a linear walk
 * over the parsed object; nothing is searched repeatedly.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeTexAccents, normalizeWhitespace } from '../text/tex';
import { FeedError } from './errors';
import { paperLinks, parseArxivId } from './ids';
import { etDate } from './time';
import type { AnnounceType, Paper, ParsedFeed } from './types';

export const NS_ATOM = 'http://www.w3.org/2005/Atom';
export const NS_ARXIV = 'http://arxiv.org/schemas/atom';
export const NS_DC = 'http://purl.org/dc/elements/1.1/';
export const NS_OPENSEARCH = 'http://a9.com/-/spec/opensearch/1.1/';
const NS_XML = 'http://www.w3.org/XML/1998/namespace';

/** Qualified names in Clark notation: `{uri}local`; `{}local` is "no namespace" (RSS 2.0). */
const Q = {
  rss: '{}rss',
  channel: '{}channel',
  item: '{}item',
  title: '{}title',
  description: '{}description',
  link: '{}link',
  guid: '{}guid',
  category: '{}category',
  pubDate: '{}pubDate',
  lastBuildDate: '{}lastBuildDate',
  skipDays: '{}skipDays',
  day: '{}day',
  feed: `{${NS_ATOM}}feed`,
  feedNoNs: '{}feed',
  aEntry: `{${NS_ATOM}}entry`,
  aId: `{${NS_ATOM}}id`,
  aTitle: `{${NS_ATOM}}title`,
  aSubtitle: `{${NS_ATOM}}subtitle`,
  aSummary: `{${NS_ATOM}}summary`,
  aUpdated: `{${NS_ATOM}}updated`,
  aPublished: `{${NS_ATOM}}published`,
  aLink: `{${NS_ATOM}}link`,
  aCategory: `{${NS_ATOM}}category`,
  aAuthor: `{${NS_ATOM}}author`,
  aName: `{${NS_ATOM}}name`,
  aRights: `{${NS_ATOM}}rights`,
  xPrimary: `{${NS_ARXIV}}primary_category`,
  xAnnounce: `{${NS_ARXIV}}announce_type`,
  xDOI: `{${NS_ARXIV}}DOI`,
  xDoi: `{${NS_ARXIV}}doi`,
  xJournalReference: `{${NS_ARXIV}}journal_reference`,
  xJournalRef: `{${NS_ARXIV}}journal_ref`,
  xComment: `{${NS_ARXIV}}comment`,
  dcCreator: `{${NS_DC}}creator`,
  dcRights: `{${NS_DC}}rights`,
  osTotal: `{${NS_OPENSEARCH}}totalResults`,
  osStart: `{${NS_OPENSEARCH}}startIndex`,
  osPerPage: `{${NS_OPENSEARCH}}itemsPerPage`,
} as const;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  textNodeName: '#text',
  parseTagValue: false, // `<title>0</title>` is a title, `2403.15527` is an id: keep strings
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true, // also decodes numeric character references (`&#233;`)
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element is an array, so repeated and single elements read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** A parsed element: children by qualified name (always arrays), `@` attributes, `#text`. */
type XEl = { [key: string]: unknown };
/** prefix → namespace URI in scope; `''` is the default namespace. */
type Scope = Record<string, string>;

const BASE_SCOPE: Scope = {
  '': '',
  xml: NS_XML,
  atom: NS_ATOM,
  arxiv: NS_ARXIV,
  dc: NS_DC,
  opensearch: NS_OPENSEARCH,
};

const ANNOUNCE_TYPES: ReadonlySet<string> = new Set(['new', 'cross', 'replace', 'replace-cross']);
/** `arXiv:2403.15527v1 Announce Type: new \nAbstract: …` */
const DESCRIPTION_HEAD = /^\s*arXiv:(\S+)\s+Announce Type:\s*([A-Za-z-]+)\s*(?:Abstract:[ \t]*)?/;
/** arXiv category names (`cs.AI`, `astro-ph`, `cond-mat.stat-mech`); drops MSC/ACM codes (`53C`). */
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;
const RSS_ERROR_TITLE = /^\s*Feed error for query/i;

/** Parses an RSS/Atom feed or API answer from arXiv. Throws `FeedError` (see module doc). */
export function parseFeed(xml: string): ParsedFeed {
  const head = leadingMarkup(xml);
  if (head === '') {
    throw new FeedError('truncated', 'arXiv sent an empty response');
  }
  if (/^<(?:!doctype\s+html|html[\s>])/i.test(head)) throw notFeed(true);
  if (head[0] !== '<') throw notFeed(false);
  if (XMLValidator.validate(xml) !== true) {
    if (/^<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]/.test(head)) {
      throw new FeedError(
        'truncated',
        'The feed from arXiv arrived incomplete (the download was cut off)',
      );
    }
    throw notFeed(false);
  }

  const doc = parser.parse(xml) as XEl;
  let root: XEl | undefined;
  let rootName = '';
  let rootScope = BASE_SCOPE;
  for (const key in doc) {
    if (key[0] === '?' || key[0] === '#') continue;
    const el = first(doc[key]);
    if (typeof el !== 'object' || el === null) continue;
    root = el as XEl;
    rootScope = scopeOf(root, BASE_SCOPE);
    rootName = qname(key, rootScope);
    break;
  }
  if (!root) throw notFeed(false);
  if (rootName === Q.rss) return parseRss(root, rootScope);
  if (rootName === Q.feed || rootName === Q.feedNoNs) return parseAtom(root, rootScope);
  throw notFeed(rootName.endsWith('}html'));
}

function notFeed(html: boolean): FeedError {
  return new FeedError(
    'not-feed',
    html
      ? 'arXiv sent a web page instead of a feed (maintenance, or a network login page in the way)'
      : 'The response from arXiv is not a feed',
  );
}

/** The start of the document after a BOM, the XML declaration, comments and a non-HTML doctype. */
function leadingMarkup(xml: string): string {
  let i = 0;
  const n = xml.length;
  for (;;) {
    while (i < n && (xml.charCodeAt(i) <= 32 || xml.charCodeAt(i) === 0xfeff)) i++;
    if (xml.startsWith('<?', i) || xml.startsWith('<!--', i)) {
      const end = xml.indexOf(xml.startsWith('<?', i) ? '?>' : '-->', i);
      if (end < 0) break;
      i = end + (xml.startsWith('?>', end) ? 2 : 3);
      continue;
    }
    if (/^<!doctype\s+(?!html)/i.test(xml.slice(i, i + 16))) {
      const end = xml.indexOf('>', i);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    break;
  }
  return xml.slice(i, i + 256);
}

// ---------------------------------------------------------------------------------------------
// RSS 2.0

function parseRss(rss: XEl, scope: Scope): ParsedFeed {
  let channel: XEl | undefined;
  let channelScope = scope;
  eachChild(rss, scope, (q, v, s) => {
    if (q === Q.channel && !channel && isEl(v)) {
      channel = v;
      channelScope = s;
    }
  });
  if (!channel) throw notFeed(false);

  let title = '';
  let description = '';
  let pubDate: string | undefined;
  let lastBuildDate: string | undefined;
  const skipDays: string[] = [];
  const items: Array<[XEl, Scope]> = [];
  eachChild(channel, channelScope, (q, v, s) => {
    switch (q) {
      case Q.title:
        title = normalizeWhitespace(text(v));
        break;
      case Q.description:
        description = normalizeWhitespace(text(v));
        break;
      case Q.pubDate:
        pubDate = text(v);
        break;
      case Q.lastBuildDate:
        lastBuildDate = text(v);
        break;
      case Q.skipDays:
        if (isEl(v)) {
          eachChild(v, s, (dq, dv) => {
            const day = text(dv).trim();
            if (dq === Q.day && day) skipDays.push(day);
          });
        }
        break;
      case Q.item:
        if (isEl(v)) items.push([v, s]);
        break;
    }
  });

  if (RSS_ERROR_TITLE.test(title)) {
    throw errorFeed(description || title);
  }

  const channelDate = toIso(pubDate) ?? toIso(lastBuildDate);
  const listingDay = channelDate ? etDate(new Date(channelDate)) : undefined;
  const papers: Paper[] = [];
  for (const [item, s] of items) {
    const paper = feedPaper(readEntry(item, s), listingDay);
    if (paper) papers.push(paper);
  }
  return { kind: 'rss', title, listingDay, channelDate, skipDays, papers };
}

// ---------------------------------------------------------------------------------------------
// Atom: rss.arxiv.org's Atom feed and the API

function parseAtom(feed: XEl, scope: Scope): ParsedFeed {
  let title = '';
  let subtitle = '';
  let feedId = '';
  let updated: string | undefined;
  let totalResults: number | undefined;
  let startIndex: number | undefined;
  let itemsPerPage: number | undefined;
  let openSearch = false;
  const entries: Array<[XEl, Scope]> = [];
  eachChild(feed, scope, (q, v, s) => {
    switch (q) {
      case Q.aTitle:
        title = normalizeWhitespace(text(v));
        break;
      case Q.aSubtitle:
        subtitle = normalizeWhitespace(text(v));
        break;
      case Q.aId:
        feedId = text(v).trim();
        break;
      case Q.aUpdated:
        updated = text(v);
        break;
      case Q.osTotal:
        openSearch = true;
        totalResults = toInt(text(v));
        break;
      case Q.osStart:
        openSearch = true;
        startIndex = toInt(text(v));
        break;
      case Q.osPerPage:
        openSearch = true;
        itemsPerPage = toInt(text(v));
        break;
      case Q.aEntry:
        if (isEl(v)) entries.push([v, s]);
        break;
    }
  });

  const channelDate = toIso(updated);
  const isApi = openSearch || /arxiv\.org\/api\//i.test(feedId);
  const raws = entries.map(([el, s]) => readEntry(el, s));

  // arXiv's error documents: an entry titled "Error" whose id points into /api/errors.
  for (const r of raws) {
    if (r.title.trim() === 'Error' && r.id.includes('/api/errors')) {
      throw errorFeed(normalizeWhitespace(r.description) || r.id.replace(/^.*#/, '').replace(/_/g, ' '));
    }
  }

  if (isApi) {
    const papers: Paper[] = [];
    for (const r of raws) {
      const paper = apiPaper(r);
      if (paper) papers.push(paper);
    }
    return {
      kind: 'api',
      title,
      channelDate,
      skipDays: [],
      papers,
      totalResults,
      startIndex,
      itemsPerPage,
    };
  }

  if (RSS_ERROR_TITLE.test(title)) throw errorFeed(subtitle || title);
  const listingDay = channelDate ? etDate(new Date(channelDate)) : undefined;
  const papers: Paper[] = [];
  for (const r of raws) {
    const paper = feedPaper(r, listingDay);
    if (paper) papers.push(paper);
  }
  return { kind: 'atom', title, listingDay, channelDate, skipDays: [], papers };
}

function errorFeed(message: string): FeedError {
  return new FeedError('error-feed', `arXiv rejected the request: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Entries (RSS item, Atom entry, API entry share one reader)

interface RawEntry {
  /** RSS `guid` / Atom `id`. */
  id: string;
  link: string;
  title: string;
  /** RSS `description` / Atom `summary`, untouched. */
  description: string;
  announceType: string;
  primaryCategory: string;
  categories: string[];
  /** RSS/rss-Atom `dc:creator` strings (comma-separated lists). */
  creators: string[];
  /** API `author/name`. */
  authorNames: string[];
  doi: string;
  journalRef: string;
  comment: string;
  license: string;
  published: string;
  updated: string;
}

function readEntry(el: XEl, scope: Scope): RawEntry {
  const r: RawEntry = {
    id: '',
    link: '',
    title: '',
    description: '',
    announceType: '',
    primaryCategory: '',
    categories: [],
    creators: [],
    authorNames: [],
    doi: '',
    journalRef: '',
    comment: '',
    license: '',
    published: '',
    updated: '',
  };
  eachChild(el, scope, (q, v, s) => {
    switch (q) {
      case Q.title:
      case Q.aTitle:
        r.title = text(v);
        break;
      case Q.description:
      case Q.aSummary:
        r.description = text(v);
        break;
      case Q.guid:
      case Q.aId:
        r.id = text(v).trim();
        break;
      case Q.link:
        r.link = text(v).trim();
        break;
      case Q.aLink: {
        const rel = attr(v, 'rel') ?? 'alternate';
        const href = attr(v, 'href') ?? '';
        if (rel === 'alternate' && !r.link) r.link = href;
        else if (rel === 'license' && !r.license) r.license = href;
        break;
      }
      case Q.category: {
        const term = text(v).trim();
        if (term) r.categories.push(term);
        break;
      }
      case Q.aCategory: {
        const term = (attr(v, 'term') ?? '').trim();
        if (term) r.categories.push(term);
        break;
      }
      case Q.xPrimary:
        r.primaryCategory = (attr(v, 'term') ?? '').trim();
        break;
      case Q.xAnnounce:
        r.announceType = text(v).trim().toLowerCase();
        break;
      case Q.dcCreator:
        r.creators.push(text(v));
        break;
      case Q.aAuthor:
        if (isEl(v)) {
          eachChild(v, s, (aq, av) => {
            if (aq === Q.aName) r.authorNames.push(text(av));
          });
        }
        break;
      case Q.xDOI:
      case Q.xDoi:
        r.doi = normalizeWhitespace(text(v));
        break;
      case Q.xJournalReference:
      case Q.xJournalRef:
        r.journalRef = normalizeWhitespace(text(v));
        break;
      case Q.xComment:
        r.comment = normalizeWhitespace(text(v));
        break;
      case Q.dcRights:
      case Q.aRights:
        r.license = text(v).trim();
        break;
      case Q.aPublished:
        r.published = text(v);
        break;
      case Q.aUpdated:
        r.updated = text(v);
        break;
    }
  });
  return r;
}

/** A paper from rss.arxiv.org (RSS or Atom). Null when the item carries no usable id. */
function feedPaper(r: RawEntry, listingDay: string | undefined): Paper | null {
  let id: string | undefined;
  let version: number | undefined;
  let announceType = r.announceType;
  let abstract = r.description;
  const head = DESCRIPTION_HEAD.exec(r.description);
  if (head) {
    const parsed = parseArxivId(head[1] ?? '');
    if (parsed) ({ id, version } = parsed);
    if (!announceType) announceType = (head[2] ?? '').toLowerCase();
    abstract = r.description.slice(head[0].length);
  }
  for (const candidate of [r.id, r.link]) {
    if (id && version !== undefined) break;
    const parsed = candidate ? parseArxivId(candidate) : null;
    if (!parsed || (id && parsed.id !== id)) continue;
    id = parsed.id;
    version ??= parsed.version;
  }
  if (!id) return null;

  const paper: Paper = {
    id,
    version: version ?? 1,
    title: cleanTitle(r.title),
    abstract: normalizeWhitespace(abstract),
    authors: r.creators.flatMap(splitAuthors),
    categories: categoryList(r.primaryCategory, r.categories),
    links: paperLinks(id),
  };
  if (ANNOUNCE_TYPES.has(announceType)) paper.announceType = announceType as AnnounceType;
  setOptional(paper, r);
  if (listingDay) paper.announceDay = listingDay;
  return paper;
}

/** A paper from the API. Null for an entry without an arXiv id (legacy answer to an unknown id). */
function apiPaper(r: RawEntry): Paper | null {
  const parsed = parseArxivId(r.id) ?? (r.link ? parseArxivId(r.link) : null);
  if (!parsed) return null;
  const paper: Paper = {
    id: parsed.id,
    version: parsed.version ?? 1,
    title: cleanTitle(r.title),
    abstract: normalizeWhitespace(r.description),
    authors: r.authorNames.map(cleanName).filter((a) => a !== ''),
    categories: categoryList(r.primaryCategory, r.categories),
    links: paperLinks(parsed.id),
  };
  setOptional(paper, r);
  const published = toIso(r.published);
  const updated = toIso(r.updated);
  if (published) paper.published = published;
  if (updated) paper.updated = updated;
  return paper;
}

function setOptional(paper: Paper, r: RawEntry): void {
  if (r.doi) paper.doi = r.doi;
  if (r.journalRef) paper.journalRef = r.journalRef;
  if (r.comment) paper.comment = r.comment;
  if (r.license) paper.license = r.license;
}

/** Title: TeX accents decoded (math kept), whitespace collapsed. */
function cleanTitle(title: string): string {
  return normalizeWhitespace(decodeTexAccents(title));
}

function cleanName(name: string): string {
  return normalizeWhitespace(decodeTexAccents(name));
}

/** Primary first (explicit, else the first listed), then the rest in order; no duplicates. */
function categoryList(primary: string, others: string[]): string[] {
  const out: string[] = [];
  if (primary && CATEGORY.test(primary)) out.push(primary);
  for (const c of others) {
    if (CATEGORY.test(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/i;
const ET_AL = /^et\.? al\.?$/i;

/**
 * Splits an RSS `dc:creator` string into author names: separators are commas and the word `and`;
 * parenthesised text (affiliations, possibly with commas and nested parentheses) is dropped;
 * TeX accents are decoded. `Jr.`-style suffixes stay with the name before them.
 */
export function splitAuthors(creator: string): string[] {
  let flat = creator;
  if (creator.includes('(')) {
    flat = '';
    let depth = 0;
    let start = 0;
    for (let i = 0; i < creator.length; i++) {
      const c = creator[i];
      if (c === '(') {
        if (depth === 0) flat += creator.slice(start, i);
        depth++;
      } else if (c === ')' && depth > 0) {
        depth--;
        if (depth === 0) start = i + 1;
      }
    }
    if (depth === 0) flat += creator.slice(start);
  }
  const names: string[] = [];
  for (const piece of flat.split(/,\s*(?:and\s+)?|\s+and\s+/)) {
    const name = cleanName(piece);
    if (name === '' || ET_AL.test(name)) continue;
    if (SUFFIX.test(name) && names.length > 0) names[names.length - 1] += `, ${name}`;
    else names.push(name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Namespace-aware access to fast-xml-parser's output

const qnameCache = new WeakMap<Scope, Map<string, string>>();

/** `{uri}local` for an element key (`prefix:local`) in a scope. */
function qname(key: string, scope: Scope): string {
  let cache = qnameCache.get(scope);
  if (!cache) {
    cache = new Map();
    qnameCache.set(scope, cache);
  }
  let q = cache.get(key);
  if (q === undefined) {
    const colon = key.indexOf(':');
    const prefix = colon < 0 ? '' : key.slice(0, colon);
    const local = colon < 0 ? key : key.slice(colon + 1);
    const uri = scope[prefix];
    q = uri === undefined ? `{?${prefix}}${local}` : `{${uri}}${local}`;
    cache.set(key, q);
  }
  return q;
}

/** The scope inside an element: the parent's, plus the element's own `xmlns` declarations. */
function scopeOf(v: unknown, parent: Scope): Scope {
  if (!isEl(v)) return parent;
  const attrs = v['@'];
  if (typeof attrs !== 'object' || attrs === null) return parent;
  let scope = parent;
  for (const name in attrs) {
    if (!name.startsWith('xmlns')) continue;
    let prefix: string;
    if (name === 'xmlns') prefix = '';
    else if (name[5] === ':') prefix = name.slice(6);
    else continue;
    const uri = String((attrs as XEl)[name]);
    if (scope[prefix] === uri) continue;
    if (scope === parent) scope = { ...parent };
    scope[prefix] = uri;
  }
  return scope;
}

/** Calls `fn` for every child element with its qualified name and its own scope. */
function eachChild(el: XEl, scope: Scope, fn: (q: string, v: unknown, s: Scope) => void): void {
  for (const key in el) {
    if (key === '@' || key === '#text') continue;
    const value = el[key];
    if (Array.isArray(value)) {
      for (const v of value) {
        const s = scopeOf(v, scope);
        fn(qname(key, s), v, s);
      }
    } else {
      const s = scopeOf(value, scope);
      fn(qname(key, s), value, s);
    }
  }
}

function isEl(v: unknown): v is XEl {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isEl(v)) {
    const t = v['#text'];
    return t === undefined || t === null ? '' : String(t);
  }
  return v === undefined || v === null ? '' : String(v);
}

function attr(v: unknown, name: string): string | undefined {
  if (!isEl(v)) return undefined;
  const attrs = v['@'];
  if (typeof attrs !== 'object' || attrs === null) return undefined;
  const value = (attrs as XEl)[name];
  return value === undefined || value === null ? undefined : String(value);
}

/** An ISO instant (`…Z`) from an RFC 822 or ISO 8601 date, or undefined. */
function toIso(date: string | undefined): string | undefined {
  if (!date) return undefined;
  // Some engines reject more than 3 fractional digits (`04:00:19.866337+00:00`).
  const t = Date.parse(date.trim().replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function toInt(s: string): number | undefined {
  const n = Number(s.trim());
  return s.trim() !== '' && Number.isInteger(n) ? n : undefined;
}
