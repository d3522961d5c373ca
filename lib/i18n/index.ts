/**
 * The interface language: English or Simplified Chinese, chosen from the setting
 * (`reader.uiLanguage`: `auto` follows the browser's languages) and switchable at run time.
 *
 * One module-level current language: pages call `applyUiLanguage(setting)` before they render (and
 * again when the setting changes), then every `t(...)` in components reads it. `subscribe` (or the
 * `useLanguage` hook in ./preact) re-renders what does not re-render on its own.
 *
 * Extension pages cache the last setting in `localStorage` so the first paint is already in the
 * right language, before the settings have been read from extension storage.
 */
import type { UiLanguage } from '../settings';
import { en, zhCN, type MessageKey } from './messages';

export type { MessageKey } from './messages';
export type Lang = 'en' | 'zh-CN';
export type Params = Record<string, string | number>;

const TABLES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
/** The `Intl` locale of each language (English dates read "Fri, 29 May 2026", as before). */
const LOCALES: Record<Lang, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

let current: Lang = 'en';
const listeners = new Set<(lang: Lang) => void>();

/** `auto` → Chinese when the browser's first language that is English or Chinese is Chinese (any zh variant), else English. */
export function resolveLanguage(setting: UiLanguage | undefined, navigatorLanguages: readonly string[] = browserLanguages()): Lang {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  for (const tag of navigatorLanguages) {
    const l = tag.toLowerCase();
    if (l === 'zh' || l.startsWith('zh-') || l.startsWith('zh_')) return 'zh-CN';
    if (l === 'en' || l.startsWith('en-')) return 'en';
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  return nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
}

export function getLanguage(): Lang {
  return current;
}

/** The `Intl` locale for dates and numbers in `lang` (default: the current language). */
export function intlLocale(lang: Lang = current): string {
  return LOCALES[lang];
}

export function setLanguage(lang: Lang): void {
  const doc = (globalThis as { document?: Document }).document;
  if (doc) doc.documentElement.lang = lang;
  if (lang === current) return;
  current = lang;
  for (const l of listeners) l(lang);
}

/** Calls `listener` after each change of language; returns the unsubscribe. */
export function subscribe(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const CACHE_KEY = 'arxiv-daily.uiLanguage';

/** Sets the language from the user's setting (and remembers the setting for the next page's first paint). */
export function applyUiLanguage(setting: UiLanguage): Lang {
  try {
    globalThis.localStorage?.setItem(CACHE_KEY, setting);
  } catch {
    // no localStorage here (worker, tests): nothing to remember
  }
  const lang = resolveLanguage(setting);
  setLanguage(lang);
  return lang;
}

/** At page start: the language from the remembered setting (or the browser's languages). */
export function applyCachedUiLanguage(): Lang {
  let cached: string | null = null;
  try {
    cached = globalThis.localStorage?.getItem(CACHE_KEY) ?? null;
  } catch {
    cached = null;
  }
  const lang = resolveLanguage(cached === 'en' || cached === 'zh-CN' ? cached : 'auto');
  setLanguage(lang);
  return lang;
}

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message in a given language. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(TABLES[lang][key] ?? en[key], params);
}

/** The message in the current language, placeholders filled. */
export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

/** Bases of plural pairs (`x.one` + `x.other`). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;
}[MessageKey];

/** The plural form for `n` (`{n}` is filled with it). */
export function tnIn(lang: Lang, base: PluralKey, n: number, params?: Params): string {
  const form = new Intl.PluralRules(LOCALES[lang]).select(n) === 'one' ? 'one' : 'other';
  return translate(lang, `${base}.${form}` as MessageKey, { n, ...params });
}

export function tn(base: PluralKey, n: number, params?: Params): string {
  return tnIn(current, base, n, params);
}

/**
 * The message split around placeholders whose values are not text (elements): `['See ', <code/>, '.']`.
 * Text placeholders may be mixed in.
 */
export function tParts<T>(key: MessageKey, params: Record<string, T | string | number>): Array<T | string> {
  const out: Array<T | string> = [];
  const template = TABLES[current][key] ?? en[key];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    const name = m[1]!;
    if (!(name in params)) continue;
    if (m.index > last) out.push(template.slice(last, m.index));
    const v = params[name]!;
    out.push(typeof v === 'number' ? String(v) : v);
    last = m.index + m[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

/** Sentences joined as the language writes them: a space between English sentences, none between Chinese ones. */
export function sentences(...parts: Array<string | false | undefined>): string {
  return parts.filter(Boolean).join(sentenceGap());
}

/** What goes between two sentences: a space in English, nothing in Chinese. */
export function sentenceGap(): string {
  return current === 'zh-CN' ? '' : ' ';
}
