/**
 * The message protocol between the arxiv.org content script and the background, and the popup's
 * inline-translation toggle. The content script sees only what `inlineConfig` hands it (never keys,
 * never storage); every network request and every key stays in the background. Both sides validate
 * what they receive: requests by shape and size, the sender by extension id, tab and origin.
 */
import { parseArxivId } from './arxiv/ids';
import type { Envelope } from './messages';
import type { DimOthers, Secrets, Settings } from './settings';
import { TARGET_LANGUAGES } from './translate/languages';
import type { ServiceChoice } from './translate/types';

export type TextField = 'title' | 'abstract';
/** Where a translated text came from: the stored paper, the page's citation meta tags, arXiv's API, the page's text. */
export type TextOrigin = 'db' | 'meta' | 'api' | 'page';

export interface ServiceOption {
  id: ServiceChoice;
  name: string;
}

/** The sanitized settings a content script may know. */
export interface InlineConfig {
  /** Inline translation is on (and translation itself is on). */
  enabled: boolean;
  /** Why it is off, for the page's toolbar. */
  off?: 'inline' | 'translation';
  dimOthers: DimOthers;
  /** The user's keyword entries (syntax in lib/match): the page highlights what matches. */
  keywords: string[];
  /** The target language's app code (`zh-CN`) and BCP-47 tag for `lang` attributes (`zh-Hans`). */
  target: string;
  lang: string;
  /** The service the settings choose, and the others the user may re-translate with. */
  service: ServiceOption;
  services: ServiceOption[];
}

/** One paper the page wants translated. */
export interface TranslateItem {
  /** Canonical arXiv id without version (`2403.15999`, `hep-th/9901001`). */
  id: string;
  fields: TextField[];
  /** Source texts read from the page, used when the paper is not stored: citation meta tags or the page's own text. */
  texts?: Partial<Record<TextField, string>>;
  origin?: 'meta' | 'page';
}

export interface FieldResult {
  text: string;
  /** The service that translated it, as a name to show (`Microsoft`). */
  service: string;
  origin: TextOrigin;
}

export interface ItemResult {
  id: string;
  fields: Partial<Record<TextField, FieldResult>>;
  /** Why a field could not be translated, in words. */
  errors?: Partial<Record<TextField, string>>;
  /** Fields still being translated in the background: ask again later. */
  pending?: TextField[];
}

/** Requests a content script on arxiv.org may make. */
export interface ContentProtocol {
  'inline:config': { request: Record<string, never>; response: InlineConfig };
  /** Translations of these papers' fields; `service` re-translates with another service than the settings' one. */
  'inline:translate': { request: { items: TranslateItem[]; service?: ServiceChoice }; response: { items: ItemResult[] } };
  /** Which of these papers the user has already seen in the popup. */
  'inline:lookup': { request: { ids: string[] }; response: { seen: string[] } };
}

/** From extension pages (the popup's toggle): turn inline translation on, off, or flip it (no `enabled`). */
export interface InlineToggleProtocol {
  'inline:set-enabled': { request: { enabled?: boolean }; response: { enabled: boolean } };
}

export type ContentType = keyof ContentProtocol;
export type ContentRequest = { [K in ContentType]: { type: K } & ContentProtocol[K]['request'] }[ContentType];
export type InlineToggleRequest = { type: 'inline:set-enabled' } & InlineToggleProtocol['inline:set-enabled']['request'];

/** Background → content script: the sanitized settings changed; ask for them again. */
export interface ContentPush {
  type: 'inline:changed';
}

export const TOGGLE_COMMAND = 'toggle-inline-translation';

export const LIMITS = {
  /** Papers per translate request (the content script sends batches of visible entries). */
  items: 50,
  /** Ids per lookup (a /new page lists at most 2,000 entries; old /pastweek pages show more). */
  lookup: 5000,
  title: 2000,
  abstract: 12000,
} as const;

const SERVICE_CHOICES: readonly ServiceChoice[] = ['auto', 'chrome', 'microsoft', 'google', 'deepl', 'openai'];
const FIELDS: readonly TextField[] = ['title', 'abstract'];

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A canonical arXiv id: parses and is already in canonical form without version. */
export function isCanonicalId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 40) return false;
  const p = parseArxivId(v);
  return !!p && p.id === v;
}

function isItem(v: unknown): v is TranslateItem {
  if (!isObject(v) || !isCanonicalId(v.id)) return false;
  const fields = v.fields;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > 2) return false;
  if (!fields.every((f) => FIELDS.includes(f as TextField)) || new Set(fields).size !== fields.length) return false;
  if (v.origin !== undefined && v.origin !== 'meta' && v.origin !== 'page') return false;
  if (v.texts !== undefined) {
    if (!isObject(v.texts)) return false;
    for (const [k, t] of Object.entries(v.texts)) {
      if (!FIELDS.includes(k as TextField) || typeof t !== 'string' || t.length > LIMITS[k as TextField]) return false;
    }
  }
  return true;
}

/** Validates a content script's request by shape and size (anything else is refused). */
export function isContentRequest(m: unknown): m is ContentRequest {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'inline:config':
      return true;
    case 'inline:translate':
      return (
        Array.isArray(m.items) &&
        m.items.length > 0 &&
        m.items.length <= LIMITS.items &&
        m.items.every(isItem) &&
        (m.service === undefined || SERVICE_CHOICES.includes(m.service as ServiceChoice))
      );
    case 'inline:lookup':
      return Array.isArray(m.ids) && m.ids.length <= LIMITS.lookup && m.ids.every(isCanonicalId);
    default:
      return false;
  }
}

export function isInlineToggleRequest(m: unknown): m is InlineToggleRequest {
  return isObject(m) && m.type === 'inline:set-enabled' && (m.enabled === undefined || typeof m.enabled === 'boolean');
}

export function isContentPush(m: unknown): m is ContentPush {
  return isObject(m) && m.type === 'inline:changed';
}

/** What `runtime.onMessage` tells about a sender (the parts we check). */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** A content script of this extension, in a tab on https://arxiv.org (top frame). */
export function isArxivContentSender(sender: SenderInfo, runtimeId: string): boolean {
  if (sender.id !== runtimeId || !sender.tab || typeof sender.url !== 'string') return false;
  if (sender.frameId !== undefined && sender.frameId !== 0) return false;
  try {
    return new URL(sender.url).origin === 'https://arxiv.org';
  } catch {
    return false;
  }
}

/** One of this extension's own pages (popup, options). */
export function isExtensionPageSender(sender: SenderInfo, runtimeId: string, extensionOrigin: string): boolean {
  if (sender.id !== runtimeId || typeof sender.url !== 'string') return false;
  try {
    return new URL(sender.url).origin === new URL(extensionOrigin).origin;
  } catch {
    return false;
  }
}

const SERVICE_NAMES: Record<string, string> = {
  auto: 'Automatic',
  chrome: 'On-device (Chrome)',
  microsoft: 'Microsoft',
  google: 'Google',
  deepl: 'DeepL',
  openai: 'OpenAI-compatible',
};

/** A service id (or the name a stored translation carries) as a name to show. */
export function serviceLabel(service: string): string {
  return SERVICE_NAMES[service] ?? service;
}

/** The settings a content script may see: no keys, only whether services are usable. */
export function inlineConfig(settings: Settings, secrets: Secrets): InlineConfig {
  const t = settings.translation;
  const lang = TARGET_LANGUAGES.find((l) => l.code === t.target);
  const usable: ServiceChoice[] = ['auto', 'microsoft', 'google'];
  if (t.service === 'chrome') usable.push('chrome');
  if (secrets.deeplKey) usable.push('deepl');
  if (secrets.openaiKey || t.openai.preset === 'ollama') usable.push('openai');
  const option = (id: ServiceChoice): ServiceOption => ({ id, name: serviceLabel(id) });
  const enabled = t.enabled && settings.inline.enabled;
  return {
    enabled,
    ...(enabled ? {} : { off: t.enabled ? ('inline' as const) : ('translation' as const) }),
    dimOthers: settings.inline.dimOthers,
    keywords: [...settings.keywords],
    target: t.target,
    lang: lang?.bcp47 ?? t.target,
    service: option(t.service),
    services: usable.filter((s) => s !== t.service).map(option),
  };
}

/** Sends a typed request (browser.runtime.sendMessage) and unwraps the envelope. */
export async function ask<K extends ContentType>(
  send: (m: unknown) => Promise<unknown>,
  type: K,
  body: ContentProtocol[K]['request'] = {} as ContentProtocol[K]['request'],
): Promise<ContentProtocol[K]['response']> {
  const env = (await send({ type, ...body })) as Envelope<ContentProtocol[K]['response']> | undefined;
  if (!env || typeof env !== 'object') throw new Error('The background did not answer');
  if (!env.ok) throw new Error(env.error);
  return env.value;
}

/**
 * The popup's toggle: `setInlineEnabled(m => browser.runtime.sendMessage(m), true | false)`, or no
 * `enabled` to flip it. Answers with the new state. The background tells open arxiv.org tabs.
 */
export async function setInlineEnabled(send: (m: unknown) => Promise<unknown>, enabled?: boolean): Promise<{ enabled: boolean }> {
  const request: InlineToggleRequest = enabled === undefined ? { type: 'inline:set-enabled' } : { type: 'inline:set-enabled', enabled };
  const env = (await send(request)) as Envelope<{ enabled: boolean }> | undefined;
  if (!env || typeof env !== 'object') throw new Error('The background did not answer');
  if (!env.ok) throw new Error(env.error);
  return env.value;
}

/** Light checks of the background's answers in the content script (a malformed answer is ignored, not trusted). */
export function isInlineConfig(v: unknown): v is InlineConfig {
  return (
    isObject(v) &&
    typeof v.enabled === 'boolean' &&
    (v.dimOthers === 'none' || v.dimOthers === 'dim' || v.dimOthers === 'hide') &&
    Array.isArray(v.keywords) &&
    v.keywords.every((k) => typeof k === 'string') &&
    typeof v.lang === 'string' &&
    isObject(v.service) &&
    Array.isArray(v.services)
  );
}

export function isItemResults(v: unknown): v is { items: ItemResult[] } {
  if (!isObject(v) || !Array.isArray(v.items)) return false;
  return v.items.every((r) => {
    if (!isObject(r) || typeof r.id !== 'string' || !isObject(r.fields)) return false;
    return Object.entries(r.fields).every(
      ([k, f]) => FIELDS.includes(k as TextField) && isObject(f) && typeof f.text === 'string' && typeof f.service === 'string',
    );
  });
}
