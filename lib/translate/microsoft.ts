/**
 * Microsoft's keyless web translator, the endpoint Edge's built-in page translation uses:
 *
 *   POST https://edge.microsoft.com/translate/translatetext?from=en&to=zh-Hans&isEnterpriseClient=false
 *   Content-Type: application/json
 *   body: ["text 1", "text 2", …]
 *   → [{ "detectedLanguage"?: {…}, "translations": [{ "text": "…", "to": "zh-Hans" }] }, …]
 *
 * The endpoint runs an HTML tag aligner over its input, so texts travel as markup (`xml`
 * placeholder format: `&`, `<`, `>` escaped, placeholders `<x id="1"/>`); `restore` decodes.
 * Undocumented service: no SLA, it may change without notice.
 */
import { defaultFetch, badResponse, readJson, send, type FetchLike } from './http';
import { serviceLangCode } from './languages';
import type { TranslationService } from './types';

export const MICROSOFT_ENDPOINT = 'https://edge.microsoft.com/translate/translatetext';

export interface MicrosoftOptions {
  fetch?: FetchLike;
  /** Full endpoint URL (tests point it at a local server). */
  endpoint?: string;
}

export function createMicrosoftService(opts: MicrosoftOptions = {}): TranslationService {
  const fetchFn = opts.fetch ?? defaultFetch();
  const endpoint = opts.endpoint ?? MICROSOFT_ENDPOINT;
  const name = 'Microsoft Translator';
  return {
    id: 'microsoft',
    name,
    limits: { maxChars: 10_000, maxItems: 50 },
    placeholder: 'xml',
    async translate(texts, from, to, callOpts = {}) {
      if (texts.length === 0) return [];
      const url = new URL(endpoint);
      url.searchParams.set('from', serviceLangCode('microsoft', from));
      url.searchParams.set('to', serviceLangCode('microsoft', to));
      url.searchParams.set('isEnterpriseClient', 'false');
      const res = await send(
        fetchFn,
        url.toString(),
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(texts),
          ...(callOpts.signal ? { signal: callOpts.signal } : {}),
        },
        name,
      );
      const data = await readJson(res, name, callOpts.signal);
      if (!Array.isArray(data) || data.length !== texts.length) {
        throw badResponse(name, `expected ${texts.length} results`);
      }
      return data.map((item: unknown, i) => {
        const text = (item as { translations?: Array<{ text?: unknown }> } | null)?.translations?.[0]?.text;
        if (typeof text !== 'string') throw badResponse(name, `result ${i} has no text`);
        return text;
      });
    },
  };
}
