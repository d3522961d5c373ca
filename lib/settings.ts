/**
 * User settings: kept in extension storage (`storage.local`) under one key, with a version number and
 * one migration per version so that settings written by any earlier release load without loss.
 */

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
}

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  categories: ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'],
  keywords: [],
  includeCross: true,
  includeReplace: false,
};

/** One step per version: MIGRATIONS[v] turns a version-v object into version v+1. */
const MIGRATIONS: Array<(s: Record<string, unknown>) => Record<string, unknown>> = [
  // v0 → v1: nothing was released before v1; any unversioned object is read as v1 fields.
  (s) => s,
];

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
  const next = migrateSettings({ ...(await loadSettings(area)), ...patch, version: SETTINGS_VERSION });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
