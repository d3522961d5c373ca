/** The translation engine's public surface (pure core; extension wiring lives elsewhere). */
export * from './types';
export * from './languages';
export * from './glossary';
export * from './protect';
/** Math delimiting and TeX text → plain have their one home in lib/text/tex; re-exported for callers of this surface. */
export { splitMath, texTextToPlain, type TexSegment } from '../text/tex';
export * from './queue';
export { createMicrosoftService, MICROSOFT_ENDPOINT, type MicrosoftOptions } from './microsoft';
export { createGoogleService, GOOGLE_HTML_ENDPOINT, GOOGLE_GTX_ENDPOINT, GOOGLE_WEB_API_KEY, type GoogleOptions } from './google';
export { createDeepLService, deeplBaseUrl, DEEPL_FREE_BASE, DEEPL_PRO_BASE, type DeepLOptions } from './deepl';
export {
  createOpenAIService,
  isOllama,
  OPENAI_PRESETS,
  parseSegments,
  PROMPT_VERSION,
  systemPrompt,
  type OpenAIOptions,
  type OpenAIPreset,
  type OpenAIPresetId,
} from './openai';
export {
  createChromeService,
  type ChromeOptions,
  type ChromeService,
  type TranslatorAvailability,
  type TranslatorFactory,
  type TranslatorLike,
} from './chrome';
export { createAutoService, type AutoOptions, type AutoService, type Fallback } from './auto';
export type { FetchLike } from './http';
