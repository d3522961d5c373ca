/**
 * Which arxiv.org page a URL is: an abstract page, a listing, search results or an HTML paper.
 * Anything else (the home page, help, PDFs, an HTML paper's images) is null: the content script stays quiet.
 */
import { parseArxivId } from '../arxiv/ids';

export type ListingKind = 'new' | 'recent' | 'pastweek' | 'month';

export type ArxivPage =
  | { kind: 'abs'; id: string; version?: number }
  | { kind: 'list'; category: string; listing: ListingKind }
  | { kind: 'search' }
  | { kind: 'html'; id: string; version?: number };

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org']);
/** `/list/<cat>/<new|recent|pastweek|yymm|yy|yyyy-mm>` */
const LIST = /^\/list\/([A-Za-z-]+(?:\.[A-Za-z-]+)?)\/(new|recent|pastweek|\d{2}|\d{4}|\d{4}-\d{2})\/?$/;

function paperPath(rest: string): { id: string; version?: number } | null {
  let s = rest;
  try {
    s = decodeURIComponent(s);
  } catch {
    return null;
  }
  s = s.replace(/\/+$/, '');
  // An HTML paper's own resources (`/html/2403.15999v1/x1.png`) are not the paper.
  const p = parseArxivId(s);
  return p ? { id: p.id, ...(p.version !== undefined ? { version: p.version } : {}) } : null;
}

export function classifyUrl(input: string | URL): ArxivPage | null {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || !HOSTS.has(url.hostname)) return null;
  const path = url.pathname;
  if (path.startsWith('/abs/')) {
    const p = paperPath(path.slice(5));
    return p ? { kind: 'abs', ...p } : null;
  }
  if (path.startsWith('/html/')) {
    const p = paperPath(path.slice(6));
    return p ? { kind: 'html', ...p } : null;
  }
  const list = LIST.exec(path);
  if (list) {
    const sub = list[2]!;
    const listing: ListingKind = sub === 'new' || sub === 'recent' || sub === 'pastweek' ? sub : 'month';
    return { kind: 'list', category: list[1]!, listing };
  }
  if (path === '/search' || path.startsWith('/search/')) return { kind: 'search' };
  return null;
}
