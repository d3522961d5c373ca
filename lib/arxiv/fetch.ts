import { FeedError } from './errors';
import type { RequestGate } from './gate';

export const RSS_BASE = 'https://rss.arxiv.org/rss/';

/** arXiv archives that have sub-categories: following one whole can exceed a combined feed's 2,000-item cap. */
export const WHOLE_ARCHIVES = new Set([
  'cs', 'math', 'physics', 'astro-ph', 'cond-mat', 'nlin', 'q-bio', 'q-fin', 'stat', 'eess', 'econ',
]);

/** One combined feed returns at most this many items. */
export const FEED_ITEM_CAP = 2000;

export function feedUrl(categories: string[]): string {
  return RSS_BASE + categories.join('+');
}

/**
 * Which feed requests cover the followed categories: one combined request for the categories, each
 * followed whole archive on its own, and single-category requests for any combination that once
 * came back at the item cap (so nothing is silently cut off).
 */
export function planFeedGroups(categories: string[], oversized: ReadonlySet<string> = new Set()): string[][] {
  const cats = [...new Set(categories)].sort();
  const archives = cats.filter((c) => WHOLE_ARCHIVES.has(c));
  const rest = cats.filter((c) => !WHOLE_ARCHIVES.has(c));
  const groups = archives.map((a) => [a]);
  if (rest.length) {
    if (oversized.has(feedUrl(rest))) groups.push(...rest.map((c) => [c]));
    else groups.push(rest);
  }
  return groups;
}

export type FeedResponse =
  | { status: 'not-modified' }
  | { status: 'ok'; body: string; etag?: string; lastModified?: string };

export interface FetchDeps {
  fetch: typeof fetch;
  gate: RequestGate;
  now?: () => number;
  timeoutMs?: number;
}

/** Retry-After as milliseconds from now: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * Fetches a feed politely (through the gate) and conditionally (ETag / Last-Modified), bypassing the
 * browser's HTTP cache so that a 304 reaches us and an unchanged feed costs one small request.
 */
export async function fetchFeed(
  url: string,
  validators: { etag?: string; lastModified?: string },
  deps: FetchDeps,
): Promise<FeedResponse> {
  const headers: Record<string, string> = { Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1' };
  if (validators.etag) headers['If-None-Match'] = validators.etag;
  if (validators.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  return deps.gate.run(async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let res: Response;
    try {
      res = await deps.fetch(url, { headers, cache: 'no-store', signal: controller.signal });
      if (res.status === 304) return { status: 'not-modified' } as const;
      const body = await res.text();
      if (!res.ok) throw httpError(res, body, deps.now?.() ?? Date.now());
      return {
        status: 'ok',
        body,
        etag: res.headers.get('ETag') ?? undefined,
        lastModified: res.headers.get('Last-Modified') ?? undefined,
      } as const;
    } catch (e) {
      if (e instanceof FeedError) throw e;
      if (controller.signal.aborted) {
        throw new FeedError('timeout', `arXiv did not answer within ${Math.round(timeoutMs / 1000)} s`);
      }
      throw new FeedError('network', `Could not reach arXiv (${(e as Error).message || 'network error'})`);
    } finally {
      clearTimeout(timer);
    }
  });
}

function httpError(res: Response, body: string, now: number): FeedError {
  const retryAfterMs = parseRetryAfter(res.headers.get('Retry-After'), now);
  const status = res.status;
  if (status === 429 || status === 503) {
    return new FeedError('rate-limited', `arXiv answered ${status} (${status === 429 ? 'too many requests' : 'busy'})`, {
      status,
      retryAfterMs,
    });
  }
  // arXiv answers a bad category with HTTP 400 and an RSS-shaped document that says why.
  const said = /<description>([^<]{1,300})<\/description>|<summary[^>]*>([^<]{1,300})<\/summary>/.exec(body);
  const reason = said ? `: ${(said[1] ?? said[2] ?? '').trim()}` : '';
  return new FeedError(status === 400 ? 'error-feed' : 'http', `arXiv answered ${status}${reason}`, { status, retryAfterMs });
}
