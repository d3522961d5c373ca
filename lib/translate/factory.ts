/**
 * Builds the translation service the settings choose, with its glossary. One home for "settings →
 * service", used by the background's pipeline and by the options page's Test button.
 */
import type { Secrets, TranslationSettings } from '../settings';
import { createAutoService } from './auto';
import { createChromeService, type TranslatorFactory } from './chrome';
import { createDeepLService } from './deepl';
import { buildGlossary, keepTerms, parseUserGlossary, type GlossaryEntry } from './glossary';
import { createGoogleService } from './google';
import type { FetchLike } from './http';
import { createMicrosoftService } from './microsoft';
import { createOpenAIService } from './openai';
import type { TranslationService } from './types';

export interface ServiceEnv {
  fetch?: FetchLike;
  /** Chrome's `Translator` (or a proxy to it in the offscreen document); null where there is none. */
  translator?: TranslatorFactory | null;
  /** Timeout for each on-device call; it must never hang the pipeline. */
  onDeviceTimeoutMs?: number;
}

export interface BuiltService {
  service: TranslationService;
  /** The glossary in force for the target language. */
  glossary: GlossaryEntry[];
  /** Terms machine translation must keep as they are (masked like math). */
  keepTerms: string[];
}

export function buildService(t: TranslationSettings, secrets: Secrets, env: ServiceEnv = {}): BuiltService {
  const glossary = buildGlossary(t.target, parseUserGlossary(t.glossary).entries);
  const fetch = env.fetch;
  const chrome = () =>
    createChromeService({ translator: env.translator ?? null, timeoutMs: env.onDeviceTimeoutMs ?? 8000 });
  let service: TranslationService;
  switch (t.service) {
    case 'auto':
      service = createAutoService({
        chrome: env.translator ? chrome() : null,
        services: [createMicrosoftService({ fetch }), createGoogleService({ fetch })],
      });
      break;
    case 'chrome':
      service = chrome();
      break;
    case 'microsoft':
      service = createMicrosoftService({ fetch });
      break;
    case 'google':
      service = createGoogleService({ fetch });
      break;
    case 'deepl':
      service = createDeepLService({ apiKey: secrets.deeplKey ?? '', fetch });
      break;
    case 'openai':
      service = createOpenAIService({
        baseUrl: t.openai.baseUrl,
        model: t.openai.model,
        apiKey: secrets.openaiKey,
        preset: t.openai.preset === 'custom' ? undefined : t.openai.preset,
        glossary,
        fetch,
      });
      break;
  }
  return { service, glossary, keepTerms: keepTerms(glossary) };
}
