/**
 * Search over everything stored: title, abstract, authors, id and the stored translations. The
 * haystack is built once per page (one pass over the stores) and every keystroke filters it in memory.
 */
import type { Paper } from './arxiv/types';
import type { ArxivDb } from './db/schema';
import { userRows, type ListedPaper } from './db/queries';

interface Entry {
  paper: Paper;
  hay: string;
}

export interface SearchIndex {
  size: number;
  search(query: string, limit?: number): Paper[];
}

/** Lower-cases and strips accents, so "garcia" finds "García". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Terms of a query: words, or "quoted phrases"; all must occur. */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|(\S+)/g)) {
    const t = fold((m[1] ?? m[2] ?? '').trim());
    if (t) terms.push(t);
  }
  return terms;
}

export function buildSearchIndex(papers: readonly Paper[], translations: ReadonlyMap<string, string> = new Map()): SearchIndex {
  // Newest first: the most recent listing's papers lead the results.
  const entries: Entry[] = [...papers]
    .sort((a, b) => (b.announceDay ?? '').localeCompare(a.announceDay ?? '') || b.id.localeCompare(a.id))
    .map((paper) => ({
      paper,
      hay: fold([paper.id, paper.title, paper.authors.join(', '), paper.abstract, translations.get(paper.id) ?? ''].join('\n')),
    }));
  return {
    size: entries.length,
    search(query, limit = 200) {
      const terms = queryTerms(query);
      if (!terms.length) return [];
      const out: Paper[] = [];
      for (const e of entries) {
        if (terms.every((t) => e.hay.includes(t))) {
          out.push(e.paper);
          if (out.length >= limit) break;
        }
      }
      return out;
    },
  };
}

/** Reads every stored paper and its translations in `lang` into an index. */
export async function loadSearchIndex(db: ArxivDb, lang: string): Promise<SearchIndex> {
  const tx = db.transaction(['papers', 'paperText']);
  const [papers, texts] = await Promise.all([tx.objectStore('papers').getAll(), tx.objectStore('paperText').getAll()]);
  const translations = new Map<string, string>();
  for (const t of texts) {
    if (t.lang === lang) translations.set(t.id, [t.title?.text, t.abstract?.text].filter(Boolean).join('\n'));
  }
  return buildSearchIndex(papers, translations);
}

/** Search results as listed papers (with the user's marks). */
export async function searchResults(db: ArxivDb, index: SearchIndex, query: string): Promise<ListedPaper[]> {
  const papers = index.search(query);
  const users = await userRows(db, papers.map((p) => p.id));
  return papers.map((paper) => ({ paper, type: paper.announceType ?? 'new', user: users.get(paper.id) }));
}
