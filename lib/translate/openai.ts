/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, SiliconFlow, OpenRouter,
 * Ollama, self-hosted servers).
 *
 *   POST {baseUrl}/chat/completions
 *   Authorization: Bearer <key>          (omitted when there is no key, e.g. Ollama)
 *   { "model": "…", "temperature": 0, "messages": [system, user],
 *     "response_format": { "type": "json_object" } }   (only where supported)
 *   → { "choices": [{ "message": { "content": "…" } }] }
 *
 * Several texts go in one request as a JSON object of numbered segments `{"1": "…", "2": "…"}`;
 * the model answers with the same keys. `<think>…</think>` blocks and ``` fences are stripped
 * before parsing; segments that did not come back are asked for once more, then the call fails
 * with `bad-response`.
 */
import { BUILTIN_GLOSSARY_ZH, buildGlossary, glossaryPrompt, type GlossaryEntry } from './glossary';
import { badResponse, defaultFetch, joinUrl, readJson, send, type FetchLike } from './http';
import { languageInfo } from './languages';
import { TranslateError, httpError, type TranslationService } from './types';

/** Bump whenever the prompt or the request format changes: it is part of the cache key. */
export const PROMPT_VERSION = 'llm-1';

export type OpenAIPresetId = 'openai' | 'deepseek' | 'siliconflow' | 'openrouter' | 'ollama';

export interface OpenAIPreset {
  name: string;
  baseUrl: string;
  /** Suggested model; the user may change it. */
  model: string;
  needsKey: boolean;
  /** `response_format: {type: 'json_object'}` is known to work. */
  jsonMode: boolean;
}

export const OPENAI_PRESETS: Record<OpenAIPresetId, OpenAIPreset> = {
  openai: { name: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', needsKey: true, jsonMode: true },
  deepseek: { name: 'DeepSeek', baseUrl: 'https://api.deepseek.com/v1', model: 'deepseek-chat', needsKey: true, jsonMode: true },
  siliconflow: {
    name: 'SiliconFlow',
    baseUrl: 'https://api.siliconflow.cn/v1',
    model: 'Qwen/Qwen2.5-7B-Instruct',
    needsKey: true,
    jsonMode: false,
  },
  openrouter: { name: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', model: 'openai/gpt-4o-mini', needsKey: true, jsonMode: false },
  ollama: { name: 'Ollama', baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:7b', needsKey: false, jsonMode: false },
};

export interface OpenAIOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Display name (defaults to the preset's, or "AI translation"). */
  name?: string;
  preset?: OpenAIPresetId;
  fetch?: FetchLike;
  /** Glossary entries (already merged with the built-ins for the target, see `buildGlossary`). */
  glossary?: readonly GlossaryEntry[] | ((to: string) => readonly GlossaryEntry[]);
  jsonMode?: boolean;
  temperature?: number;
  extraHeaders?: Record<string, string>;
  timeoutMs?: number;
}

/** `true` for Ollama (its 403 means the extension origin is not allowed). */
export function isOllama(opts: Pick<OpenAIOptions, 'baseUrl' | 'preset'>): boolean {
  return opts.preset === 'ollama' || /:11434(?:\/|$)/.test(opts.baseUrl);
}

export function systemPrompt(targetName: string, glossary: readonly GlossaryEntry[]): string {
  const parts = [
    `You are a professional translator of scientific writing (arXiv paper titles and abstracts). Translate from English into ${targetName}.`,
    'The user sends a JSON object whose values are texts. Reply with only a JSON object with exactly the same keys, each mapped to the translation of its value. No explanations, no Markdown.',
    'Placeholders such as [[1]] stand for formulas, citations and links: copy every placeholder exactly as written, once, without spaces inside, where it belongs in the translated sentence.',
    'Keep author names, model, dataset and method names, code identifiers and acronyms in their original form.',
  ];
  const g = glossaryPrompt(glossary);
  if (g) parts.push(g);
  return parts.join('\n');
}

/** Strips `<think>` blocks and Markdown fences, then parses the outermost JSON object. */
export function parseSegments(content: string): Record<string, unknown> | undefined {
  let s = content.replace(/<think>[\s\S]*?<\/think>/gi, '');
  // An unterminated think block (cut off) leaves nothing usable before the JSON.
  s = s.replace(/^[\s\S]*<\/think>/i, '');
  const fence = /```(?:json|JSON)?\s*([\s\S]*?)```/.exec(s);
  if (fence) s = fence[1]!;
  const start = s.indexOf('{');
  const end = s.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const v = JSON.parse(s.slice(start, end + 1)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function createOpenAIService(opts: OpenAIOptions): TranslationService {
  const fetchFn = opts.fetch ?? defaultFetch();
  const preset = opts.preset ? OPENAI_PRESETS[opts.preset] : undefined;
  const name = opts.name ?? preset?.name ?? 'AI translation';
  const apiKey = opts.apiKey?.trim() ?? '';
  const ollama = isOllama(opts);
  const jsonMode = opts.jsonMode ?? preset?.jsonMode ?? false;
  const glossaryFor = (to: string): readonly GlossaryEntry[] =>
    typeof opts.glossary === 'function' ? opts.glossary(to) : (opts.glossary ?? buildGlossary(to));
  // Cache-key part: the given glossary, or the built-in one (a function glossary is the caller's
  // to version, e.g. by recreating the service with a new `name`/entries).
  const staticGlossary =
    typeof opts.glossary === 'function' ? 'fn' : glossaryPrompt(opts.glossary ?? BUILTIN_GLOSSARY_ZH);

  async function request(segments: Record<string, string>, to: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const targetName = languageInfo(to)?.englishName ?? to;
    const body: Record<string, unknown> = {
      model: opts.model,
      temperature: opts.temperature ?? 0,
      stream: false,
      messages: [
        { role: 'system', content: systemPrompt(targetName, glossaryFor(to)) },
        { role: 'user', content: JSON.stringify(segments) },
      ],
    };
    if (jsonMode) body.response_format = { type: 'json_object' };
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.extraHeaders };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    const res = await send(
      fetchFn,
      joinUrl(opts.baseUrl, '/chat/completions'),
      { method: 'POST', headers, body: JSON.stringify(body), ...(signal ? { signal } : {}) },
      name,
      {
        httpError: async (r) =>
          ollama && r.status === 403
            ? new TranslateError('auth', { messageId: 'ollama-origins', params: { service: name }, status: 403 })
            : httpError(r, name),
      },
    );
    const data = (await readJson(res, name, signal)) as { choices?: Array<{ message?: { content?: unknown } }> } | null;
    const content = data?.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw badResponse(name, 'no message content');
    return parseSegments(content);
  }

  return {
    id: 'openai',
    name,
    model: opts.model,
    // The glossary changes answers, so it is part of the cache key.
    promptVersion: `${PROMPT_VERSION}:${fnv1a(staticGlossary)}`,
    handlesGlossary: true,
    placeholder: 'bracket',
    limits: { maxChars: 6_000, maxItems: 20 },
    timeoutMs: opts.timeoutMs ?? 90_000,
    async translate(texts, _from, to, callOpts = {}) {
      if (texts.length === 0) return [];
      if (!apiKey && preset?.needsKey) {
        throw new TranslateError('auth', { messageId: 'missing-key', params: { service: name } });
      }
      const results = new Map<number, string>();
      let missing = texts.map((_, i) => i);
      for (let attempt = 0; attempt < 2 && missing.length > 0; attempt++) {
        const segments: Record<string, string> = {};
        for (const i of missing) segments[String(i + 1)] = texts[i]!;
        const answer = await request(segments, to, callOpts.signal);
        for (const i of missing) {
          const v = answer?.[String(i + 1)];
          if (typeof v === 'string' && (v.trim() !== '' || texts[i]!.trim() === '')) results.set(i, v);
        }
        missing = missing.filter((i) => !results.has(i));
      }
      if (missing.length > 0) {
        throw new TranslateError('bad-response', {
          messageId: 'missing-segments',
          params: { service: name, detail: `missing segments ${missing.map((i) => i + 1).join(', ')}` },
        });
      }
      return texts.map((_, i) => results.get(i)!);
    },
  };
}
