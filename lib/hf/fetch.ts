/**
 * Fetching Hugging Face's daily papers politely: every request through this source's own gate (not
 * arXiv's), conditional on the ETag of the last answer for the same day, bypassing the HTTP cache so a
 * 304 reaches us. A day is read page by page (`p`) until a short page, at most `maxPages`.
 */
import type { RequestGate } from '../arxiv/gate';
import { parseRetryAfter } from '../arxiv/fetch';
import { HfError } from './errors';
import { HF_ORIGIN, parseDailyPapers, type HfItem } from './parse';

export const HF_API = `${HF_ORIGIN}/api/daily_papers`;
/** Entries per request; a day rarely holds more. */
export const HF_PAGE_LIMIT = 100;
export const HF_MAX_PAGES = 3;

export type HfSort = 'trending' | 'publishedAt';

export function dailyPapersUrl(opts: { date?: string; sort?: HfSort; limit?: number; page?: number } = {}): string {
  const q = new URLSearchParams();
  if (opts.date) q.set('date', opts.date);
  q.set('sort', opts.sort ?? 'trending');
  q.set('limit', String(opts.limit ?? HF_PAGE_LIMIT));
  if (opts.page) q.set('p', String(opts.page));
  return `${HF_API}?${q}`;
}

export interface HfFetchDeps {
  fetch: typeof fetch;
  gate: RequestGate;
  now?: () => number;
  timeoutMs?: number;
}

export type HfDayResponse =
  | { status: 'not-modified' }
  | { status: 'ok'; items: HfItem[]; etag?: string; requests: number };

async function getPage(url: string, etag: string | undefined, deps: HfFetchDeps): Promise<{ status: 304 } | { status: 200; body: string; etag?: string }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (etag) headers['If-None-Match'] = etag;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  return deps.gate.run(async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await deps.fetch(url, { headers, cache: 'no-store', signal: controller.signal, credentials: 'omit' });
      if (res.status === 304) return { status: 304 } as const;
      const body = await res.text();
      if (!res.ok) throw httpError(res, deps.now?.() ?? Date.now());
      return { status: 200, body, etag: res.headers.get('ETag') ?? undefined } as const;
    } catch (e) {
      if (e instanceof HfError) throw e;
      if (controller.signal.aborted) throw new HfError('timeout', `Hugging Face did not answer within ${Math.round(timeoutMs / 1000)} s`);
      throw new HfError('network', `Could not reach Hugging Face (${(e as Error).message || 'network error'})`);
    } finally {
      clearTimeout(timer);
    }
  });
}

function httpError(res: Response, now: number): HfError {
  const status = res.status;
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), now);
  if (status === 429 || status === 503) {
    return new HfError('rate-limited', `Hugging Face answered ${status} (${status === 429 ? 'too many requests' : 'busy'})`, { status, retryAfterMs });
  }
  return new HfError('http', `Hugging Face answered ${status}${res.statusText ? ` (${res.statusText})` : ''}`, { status, retryAfterMs });
}

/**
 * One day's list (`date` = `YYYY-MM-DD`, UTC; without a date Hugging Face's current list), in its
 * trending order with ranks across pages. Throws `HfError`; nothing is stored here.
 */
export async function fetchDailyPapers(
  opts: { date?: string; etag?: string; sort?: HfSort; limit?: number; maxPages?: number },
  deps: HfFetchDeps,
): Promise<HfDayResponse> {
  const limit = opts.limit ?? HF_PAGE_LIMIT;
  const items: HfItem[] = [];
  const ids = new Set<string>();
  let etag: string | undefined;
  let requests = 0;
  for (let page = 0; page < (opts.maxPages ?? HF_MAX_PAGES); page++) {
    const url = dailyPapersUrl({ date: opts.date, sort: opts.sort, limit, page });
    // Only the first page is conditional: if it is unchanged, the day is.
    const res = await getPage(url, page === 0 ? opts.etag : undefined, deps);
    requests++;
    if (res.status === 304) {
      if (page === 0) return { status: 'not-modified' };
      break;
    }
    if (page === 0) etag = res.etag;
    const got = parseDailyPapers(res.body);
    let added = 0;
    for (const it of got) {
      if (ids.has(it.paper.id)) continue;
      ids.add(it.paper.id);
      items.push(it);
      added++;
    }
    // A short page is the last; a page that adds nothing means the server ignores `p`.
    if (got.length < limit || added === 0) break;
  }
  items.forEach((it, i) => (it.meta.rank = i + 1));
  return { status: 'ok', items, etag, requests };
}
