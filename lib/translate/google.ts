/**
 * Google's keyless web translation endpoints.
 *
 * Primary, batchable — `translateHtml`, what Google's website translator element (and Chrome's
 * page translation) calls:
 *
 *   POST https://translate-pa.googleapis.com/v1/translateHtml
 *   Content-Type: application/json+protobuf
 *   X-Goog-API-Key: <the translate element's public key>
 *   body: [[["text 1", "text 2"], "en", "zh-CN"], "wt_lib"]
 *   → [["译文 1", "译文 2"], …]
 *
 * Input is parsed as HTML, so texts travel as markup (`xml` placeholder format) and answers are
 * HTML-escaped (decoded by `restore`).
 *
 * Fallback, one text per request — the older `gtx` client:
 *
 *   GET https://translate.googleapis.com/translate_a/single?client=gtx&sl=en&tl=zh-CN&dt=t&q=…
 *   → [[["译文句 1", "source 1", …], ["译文句 2", …]], null, "en", …]
 *
 * `gtx` is plain text (`bracket` placeholders) and is rate-limited (429) aggressively from some
 * networks; `translateHtml` is the default. Both are undocumented: no SLA.
 */
import { badResponse, defaultFetch, readJson, send, type FetchLike } from './http';
import { serviceLangCode } from './languages';
import type { TranslationService } from './types';

export const GOOGLE_HTML_ENDPOINT = 'https://translate-pa.googleapis.com/v1/translateHtml';
export const GOOGLE_GTX_ENDPOINT = 'https://translate.googleapis.com/translate_a/single';
/** The public key embedded in Google's website translator element (not a secret, not ours). */
export const GOOGLE_WEB_API_KEY = 'AIzaSyATBXajvzQLTDHEQbcpq0Ihe0vWDHmO520';

export interface GoogleOptions {
  fetch?: FetchLike;
  /** `html` (batch, default) or `gtx` (one request per text). */
  mode?: 'html' | 'gtx';
  /** Endpoint URL override (tests). */
  endpoint?: string;
  apiKey?: string;
  /** `client` value of the translateHtml request. */
  client?: string;
}

export function createGoogleService(opts: GoogleOptions = {}): TranslationService {
  const fetchFn = opts.fetch ?? defaultFetch();
  const mode = opts.mode ?? 'html';
  const name = 'Google Translate';

  if (mode === 'gtx') {
    const endpoint = opts.endpoint ?? GOOGLE_GTX_ENDPOINT;
    return {
      id: 'google',
      name,
      limits: { maxChars: 2_000, maxItems: 10 },
      placeholder: 'bracket',
      async translate(texts, from, to, callOpts = {}) {
        const out: string[] = [];
        for (const text of texts) {
          const url = new URL(endpoint);
          url.searchParams.set('client', 'gtx');
          url.searchParams.set('sl', serviceLangCode('google', from));
          url.searchParams.set('tl', serviceLangCode('google', to));
          url.searchParams.set('dt', 't');
          url.searchParams.set('q', text);
          const res = await send(fetchFn, url.toString(), { method: 'GET', ...(callOpts.signal ? { signal: callOpts.signal } : {}) }, name);
          const data = await readJson(res, name, callOpts.signal);
          const sentences = Array.isArray(data) ? data[0] : undefined;
          if (text.trim() === '' && (sentences === null || sentences === undefined)) {
            out.push(text);
            continue;
          }
          if (!Array.isArray(sentences)) throw badResponse(name, 'no sentences');
          let joined = '';
          for (const s of sentences) {
            if (!Array.isArray(s) || typeof s[0] !== 'string') throw badResponse(name, 'bad sentence');
            joined += s[0];
          }
          out.push(joined);
        }
        return out;
      },
    };
  }

  const endpoint = opts.endpoint ?? GOOGLE_HTML_ENDPOINT;
  const apiKey = opts.apiKey ?? GOOGLE_WEB_API_KEY;
  const client = opts.client ?? 'wt_lib';
  return {
    id: 'google',
    name,
    limits: { maxChars: 10_000, maxItems: 50 },
    placeholder: 'xml',
    async translate(texts, from, to, callOpts = {}) {
      if (texts.length === 0) return [];
      const res = await send(
        fetchFn,
        endpoint,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json+protobuf', 'X-Goog-API-Key': apiKey },
          body: JSON.stringify([[texts, serviceLangCode('google', from), serviceLangCode('google', to)], client]),
          ...(callOpts.signal ? { signal: callOpts.signal } : {}),
        },
        name,
      );
      const data = await readJson(res, name, callOpts.signal);
      const list = Array.isArray(data) ? data[0] : undefined;
      if (!Array.isArray(list) || list.length !== texts.length || !list.every((t) => typeof t === 'string')) {
        throw badResponse(name, `expected ${texts.length} strings`);
      }
      return list as string[];
    },
  };
}
