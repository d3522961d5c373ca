/**
 * Target languages offered to the user: only those every service supports (Microsoft, Google,
 * DeepL, Chrome's on-device translator, LLMs), each mapped to every service's own code.
 * The source is always English (arXiv abstracts).
 */
import type { ServiceId } from './types';

export type TargetLang = 'zh-CN' | 'zh-TW' | 'ja' | 'ko' | 'fr' | 'de' | 'es' | 'pt' | 'ru' | 'it' | 'ar';

export interface LanguageInfo {
  /** App code, stored in settings and used in cache keys. */
  code: TargetLang;
  /** Name in the language itself (for the picker). */
  nativeName: string;
  /** English name (LLM prompts). */
  englishName: string;
  /** BCP-47 tag for `lang` attributes on rendered translations. */
  bcp47: string;
  /** Per-service codes. */
  codes: Record<ServiceId, string>;
  /** Written without spaces between sentences (joining split sentences). */
  noSpaces: boolean;
}

function lang(
  code: TargetLang,
  nativeName: string,
  englishName: string,
  codes: { chrome: string; microsoft: string; google: string; deepl: string },
  bcp47: string = code,
  noSpaces = false,
): LanguageInfo {
  return { code, nativeName, englishName, bcp47, codes: { ...codes, openai: englishName }, noSpaces };
}

export const TARGET_LANGUAGES: readonly LanguageInfo[] = [
  lang('zh-CN', '简体中文', 'Simplified Chinese', { chrome: 'zh', microsoft: 'zh-Hans', google: 'zh-CN', deepl: 'ZH-HANS' }, 'zh-Hans', true),
  lang('zh-TW', '繁體中文', 'Traditional Chinese', { chrome: 'zh-Hant', microsoft: 'zh-Hant', google: 'zh-TW', deepl: 'ZH-HANT' }, 'zh-Hant', true),
  lang('ja', '日本語', 'Japanese', { chrome: 'ja', microsoft: 'ja', google: 'ja', deepl: 'JA' }, 'ja', true),
  lang('ko', '한국어', 'Korean', { chrome: 'ko', microsoft: 'ko', google: 'ko', deepl: 'KO' }),
  lang('fr', 'Français', 'French', { chrome: 'fr', microsoft: 'fr', google: 'fr', deepl: 'FR' }),
  lang('de', 'Deutsch', 'German', { chrome: 'de', microsoft: 'de', google: 'de', deepl: 'DE' }),
  lang('es', 'Español', 'Spanish', { chrome: 'es', microsoft: 'es', google: 'es', deepl: 'ES' }),
  lang('pt', 'Português (Brasil)', 'Brazilian Portuguese', { chrome: 'pt', microsoft: 'pt', google: 'pt', deepl: 'PT-BR' }, 'pt-BR'),
  lang('ru', 'Русский', 'Russian', { chrome: 'ru', microsoft: 'ru', google: 'ru', deepl: 'RU' }),
  lang('it', 'Italiano', 'Italian', { chrome: 'it', microsoft: 'it', google: 'it', deepl: 'IT' }),
  lang('ar', 'العربية', 'Arabic', { chrome: 'ar', microsoft: 'ar', google: 'ar', deepl: 'AR' }),
];

export const DEFAULT_TARGET: TargetLang = 'zh-CN';

/** The source language: English. DeepL source codes have no region (`EN`, not `EN-US`). */
export const SOURCE_CODES: Record<ServiceId, string> = {
  chrome: 'en',
  microsoft: 'en',
  google: 'en',
  deepl: 'EN',
  openai: 'English',
};

const byCode = new Map<string, LanguageInfo>(TARGET_LANGUAGES.map((l) => [l.code.toLowerCase(), l]));
// Accept common aliases (settings written by hand, BCP-47 from the browser).
for (const [alias, code] of [
  ['zh', 'zh-CN'],
  ['zh-hans', 'zh-CN'],
  ['zh-sg', 'zh-CN'],
  ['zh-hant', 'zh-TW'],
  ['zh-hk', 'zh-TW'],
  ['pt-br', 'pt'],
] as const) {
  byCode.set(alias, byCode.get(code.toLowerCase())!);
}

export function languageInfo(code: string): LanguageInfo | undefined {
  return byCode.get(code.toLowerCase());
}

export function isTargetLang(code: string): code is TargetLang {
  return TARGET_LANGUAGES.some((l) => l.code === code);
}

/**
 * The code `service` uses for app language `code` (source `en` or a target). Unknown codes are
 * passed through unchanged (upper-cased for DeepL) so a newer language still has a chance.
 */
export function serviceLangCode(service: ServiceId, code: string): string {
  if (code.toLowerCase() === 'en' || code.toLowerCase().startsWith('en-')) return SOURCE_CODES[service];
  const info = languageInfo(code);
  if (info) return info.codes[service];
  return service === 'deepl' ? code.toUpperCase() : code;
}

/** Sentences of this language are joined without a space. */
export function joinsWithoutSpaces(code: string): boolean {
  return languageInfo(code)?.noSpaces ?? false;
}

/** Chinese targets (the built-in glossary applies to these). */
export function isChinese(code: string): boolean {
  return code.toLowerCase().startsWith('zh');
}
