/**
 * User settings: kept in extension storage (`storage.local`) under one key, with a version number and
 * one migration per version so that settings written by any earlier release load without loss.
 * API keys are not settings: they live under their own key (`secrets`) so that exporting settings or
 * handing settings to a page never carries them.
 */
import { DEFAULT_TARGET, TARGET_LANGUAGES, type TargetLang } from './translate/languages';
import { OPENAI_PRESETS, type OpenAIPresetId } from './translate/openai';
import type { ServiceChoice } from './translate/types';

/** Which abstracts the background translates after a sync (titles of the day are always translated). */
export type TranslateScope = 'matched' | 'all' | 'on-demand';

export interface TranslationSettings {
  /** Show translations at all. */
  enabled: boolean;
  service: ServiceChoice;
  target: TargetLang;
  scope: TranslateScope;
  /** OpenAI-compatible endpoint (key in secrets). */
  openai: { preset: OpenAIPresetId | 'custom'; baseUrl: string; model: string };
  /** User glossary, one `term => translation` (or `term` to keep as is) per line. */
  glossary: string;
}

export interface Settings {
  version: number;
  /** arXiv categories (`cs.AI`) or whole archives (`cs`). */
  categories: string[];
  /** Keyword entries, one per group (syntax in lib/match). Empty: every new paper counts. */
  keywords: string[];
  /** Show and count cross-lists from other categories. */
  includeCross: boolean;
  /** Show and count replacements (new versions of older papers). */
  includeReplace: boolean;
  translation: TranslationSettings;
  reader: ReaderSettings;
  /** One notification per new listing, with the count. */
  notifications: boolean;
  /** What the toolbar badge counts: unseen relevant papers, unseen papers of the listing, or nothing. */
  badgeMode: BadgeMode;
  /** Listings older than this many days are pruned (starred papers are always kept). */
  retentionDays: number;
  /** Translations added inline on arxiv.org pages (abstract pages, listings, search results, HTML papers). */
  inline: InlineSettings;
  /** Hugging Face's daily papers, the reader's Trending tab. */
  trending: TrendingSettings;
}

export interface TrendingSettings {
  /** Fetch Hugging Face's daily papers once a day (off: no request to Hugging Face at all). */
  enabled: boolean;
  /** Unseen keyword matches among trending papers count on the toolbar badge too. */
  countOnBadge: boolean;
}

/** What listing entries that match no keyword look like on arxiv.org: as they are, dimmed, or hidden. */
export type DimOthers = 'none' | 'dim' | 'hide';

export interface InlineSettings {
  /** Add translations on arxiv.org pages (the popup toggle and the keyboard shortcut flip this). */
  enabled: boolean;
  /** Entries of arXiv's listings that match none of the keywords (only when there are keywords). */
  dimOthers: DimOthers;
}

export type BadgeMode = 'relevant' | 'all' | 'off';
export type Theme = 'system' | 'light' | 'dark';
export type UiLanguage = 'auto' | 'en' | 'zh-CN';

export interface ReaderSettings {
  theme: Theme;
  uiLanguage: UiLanguage;
  /** Show translations beside the English (the `t` key toggles it). */
  showTranslations: boolean;
}

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 3;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  categories: ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'],
  keywords: [],
  includeCross: true,
  includeReplace: false,
  translation: {
    enabled: true,
    service: 'auto',
    target: DEFAULT_TARGET,
    scope: 'matched',
    openai: { preset: 'openai', baseUrl: OPENAI_PRESETS.openai.baseUrl, model: OPENAI_PRESETS.openai.model },
    glossary: '',
  },
  reader: { theme: 'system', uiLanguage: 'auto', showTranslations: true },
  notifications: false,
  badgeMode: 'relevant',
  retentionDays: 60,
  inline: { enabled: true, dimOthers: 'none' },
  trending: { enabled: true, countOnBadge: false },
};

/** One step per version: MIGRATIONS[v] turns a version-v object into version v+1. */
const MIGRATIONS: Array<(s: Record<string, unknown>) => Record<string, unknown>> = [
  // v0 → v1: nothing was released before v1; any unversioned object is read as v1 fields.
  (s) => s,
  // v1 → v2: translation settings arrive, with the defaults (automatic service, Simplified Chinese).
  (s) => ({ ...s, translation: structuredClone(DEFAULT_SETTINGS.translation) }),
  // v2 → v3: inline translation on arxiv.org arrives, on, with every entry shown as it is.
  (s) => ({ ...s, inline: structuredClone(DEFAULT_SETTINGS.inline) }),
];

const SERVICES: readonly ServiceChoice[] = ['auto', 'chrome', 'microsoft', 'google', 'deepl', 'openai'];
const SCOPES: readonly TranslateScope[] = ['matched', 'all', 'on-demand'];

function oneOf<T>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function migrateTranslation(raw: unknown): TranslationSettings {
  const d = DEFAULT_SETTINGS.translation;
  const t = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const o = t.openai && typeof t.openai === 'object' ? (t.openai as Record<string, unknown>) : {};
  const presets = [...(Object.keys(OPENAI_PRESETS) as OpenAIPresetId[]), 'custom' as const];
  return {
    enabled: typeof t.enabled === 'boolean' ? t.enabled : d.enabled,
    service: oneOf(t.service, SERVICES, d.service),
    target: oneOf(t.target, TARGET_LANGUAGES.map((l) => l.code), d.target),
    scope: oneOf(t.scope, SCOPES, d.scope),
    openai: {
      preset: oneOf(o.preset, presets, d.openai.preset),
      baseUrl: str(o.baseUrl, d.openai.baseUrl).trim(),
      model: str(o.model, d.openai.model).trim(),
    },
    glossary: str(t.glossary, d.glossary),
  };
}

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : fallback;
}

/** Reads whatever is stored (nothing, an old version, a damaged object) into current settings. */
export function migrateSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return structuredClone(DEFAULT_SETTINGS);
  let s = { ...(raw as Record<string, unknown>) };
  let v = typeof s.version === 'number' ? s.version : 0;
  while (v < SETTINGS_VERSION) s = MIGRATIONS[v++]!(s);
  const d = DEFAULT_SETTINGS;
  const categories = strings(s.categories, d.categories).map((c) => c.trim()).filter(Boolean);
  return {
    version: SETTINGS_VERSION,
    categories: categories.length ? [...new Set(categories)] : [...d.categories],
    keywords: strings(s.keywords, d.keywords).map((k) => k.trim()).filter(Boolean),
    includeCross: typeof s.includeCross === 'boolean' ? s.includeCross : d.includeCross,
    includeReplace: typeof s.includeReplace === 'boolean' ? s.includeReplace : d.includeReplace,
    translation: migrateTranslation(s.translation),
    reader: migrateReader(s.reader),
    notifications: typeof s.notifications === 'boolean' ? s.notifications : d.notifications,
    badgeMode: oneOf(s.badgeMode, ['relevant', 'all', 'off'] as const, d.badgeMode),
    retentionDays:
      typeof s.retentionDays === 'number' && Number.isFinite(s.retentionDays)
        ? Math.min(3650, Math.max(7, Math.round(s.retentionDays)))
        : d.retentionDays,
    inline: migrateInline(s.inline),
    trending: migrateTrending(s.trending),
  };
}

/** No migration step: settings written before the trending block get its defaults here. */
function migrateTrending(raw: unknown): TrendingSettings {
  const d = DEFAULT_SETTINGS.trending;
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : d.enabled,
    countOnBadge: typeof r.countOnBadge === 'boolean' ? r.countOnBadge : d.countOnBadge,
  };
}

function migrateInline(raw: unknown): InlineSettings {
  const d = DEFAULT_SETTINGS.inline;
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : d.enabled,
    dimOthers: oneOf(r.dimOthers, ['none', 'dim', 'hide'] as const, d.dimOthers),
  };
}

function migrateReader(raw: unknown): ReaderSettings {
  const d = DEFAULT_SETTINGS.reader;
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    theme: oneOf(r.theme, ['system', 'light', 'dark'] as const, d.theme),
    uiLanguage: oneOf(r.uiLanguage, ['auto', 'en', 'zh-CN'] as const, d.uiLanguage),
    showTranslations: typeof r.showTranslations === 'boolean' ? r.showTranslations : d.showTranslations,
  };
}

/** The part of `browser.storage.local` settings need; a plain object stands in for it in tests. */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  return migrateSettings((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

export async function saveSettings(area: KeyValueArea, patch: Partial<Settings>): Promise<Settings> {
  // (a patch replaces whole top-level fields; pass the whole `translation` object to change one of its fields)
  const next = migrateSettings({ ...(await loadSettings(area)), ...patch, version: SETTINGS_VERSION });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}

/** API keys: only in `storage.local`, never synced, exported or sent to content scripts. */
export interface Secrets {
  deeplKey?: string;
  openaiKey?: string;
}

export const SECRETS_KEY = 'secrets';

export async function loadSecrets(area: KeyValueArea): Promise<Secrets> {
  const raw = (await area.get(SECRETS_KEY))[SECRETS_KEY];
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: Secrets = {};
  if (typeof r.deeplKey === 'string' && r.deeplKey.trim()) out.deeplKey = r.deeplKey.trim();
  if (typeof r.openaiKey === 'string' && r.openaiKey.trim()) out.openaiKey = r.openaiKey.trim();
  return out;
}

export async function saveSecrets(area: KeyValueArea, patch: Secrets): Promise<void> {
  await area.set({ [SECRETS_KEY]: { ...(await loadSecrets(area)), ...patch } });
}
