/**
 * DeepL API (the user's own key).
 *
 *   POST https://api-free.deepl.com/v2/translate   (keys ending in ":fx")
 *   POST https://api.deepl.com/v2/translate        (Pro keys)
 *   Authorization: DeepL-Auth-Key <key>
 *   Content-Type: application/json
 *   { "text": [...], "source_lang": "EN", "target_lang": "ZH-HANS",
 *     "tag_handling": "xml", "ignore_tags": ["x"] }
 *   → { "translations": [{ "detected_source_language": "EN", "text": "…" }] }
 *
 * Placeholders are `<x id="N"/>` elements in ignored tags, so the text must be well-formed XML
 * (`xml` placeholder format escapes it). 403 = wrong key, 456 = quota used up, 429 = too many
 * requests.
 */
import { badResponse, defaultFetch, joinUrl, readJson, send, type FetchLike } from './http';
import { serviceLangCode } from './languages';
import { TranslateError, type TranslationService } from './types';

export const DEEPL_FREE_BASE = 'https://api-free.deepl.com';
export const DEEPL_PRO_BASE = 'https://api.deepl.com';

/** Free-plan keys end in `:fx` and must use the free host. */
export function deeplBaseUrl(apiKey: string): string {
  return apiKey.trim().endsWith(':fx') ? DEEPL_FREE_BASE : DEEPL_PRO_BASE;
}

export interface DeepLOptions {
  apiKey: string;
  fetch?: FetchLike;
  /** Replaces the host chosen from the key (tests, or a regional endpoint). */
  baseUrl?: string;
}

export function createDeepLService(opts: DeepLOptions): TranslationService {
  const fetchFn = opts.fetch ?? defaultFetch();
  const name = 'DeepL';
  const apiKey = opts.apiKey.trim();
  return {
    id: 'deepl',
    name,
    limits: { maxChars: 30_000, maxItems: 50 },
    placeholder: 'xml',
    async translate(texts, from, to, callOpts = {}) {
      if (!apiKey) throw new TranslateError('auth', { messageId: 'missing-key', params: { service: name } });
      if (texts.length === 0) return [];
      const url = joinUrl(opts.baseUrl ?? deeplBaseUrl(apiKey), '/v2/translate');
      const res = await send(
        fetchFn,
        url,
        {
          method: 'POST',
          headers: { Authorization: `DeepL-Auth-Key ${apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            text: texts,
            source_lang: serviceLangCode('deepl', from),
            target_lang: serviceLangCode('deepl', to),
            tag_handling: 'xml',
            ignore_tags: ['x'],
          }),
          ...(callOpts.signal ? { signal: callOpts.signal } : {}),
        },
        name,
      );
      const data = (await readJson(res, name, callOpts.signal)) as { translations?: unknown } | null;
      const list = data?.translations;
      if (!Array.isArray(list) || list.length !== texts.length) throw badResponse(name, `expected ${texts.length} translations`);
      return list.map((t: unknown, i) => {
        const text = (t as { text?: unknown } | null)?.text;
        if (typeof text !== 'string') throw badResponse(name, `translation ${i} has no text`);
        return text;
      });
    },
  };
}
