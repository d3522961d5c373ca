import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings, migrateSettings, saveSettings, SETTINGS_VERSION, type KeyValueArea } from '@/lib/settings';

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
    async get(key) {
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
  };
}

describe('settings', () => {
  it('defaults: cs.AI, cs.LG, cs.CL, cs.CV, cs.RO; cross-lists on, replacements off, no keywords', async () => {
    const s = await loadSettings(memoryArea());
    expect(s).toEqual({
      version: SETTINGS_VERSION,
      categories: ['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV', 'cs.RO'],
      keywords: [],
      includeCross: true,
      includeReplace: false,
    });
  });

  it('reads an unversioned object written before versioning, keeping its values', () => {
    expect(migrateSettings({ categories: ['math.PR'], keywords: ['  Brownian motion '], includeCross: false })).toEqual({
      ...DEFAULT_SETTINGS,
      categories: ['math.PR'],
      keywords: ['Brownian motion'],
      includeCross: false,
    });
  });

  it('repairs damaged values field by field instead of losing everything', () => {
    expect(migrateSettings({ version: 1, categories: 'cs.AI', keywords: ['ok', 3, ''], includeReplace: 'yes' })).toEqual({
      ...DEFAULT_SETTINGS,
      keywords: ['ok'],
    });
    expect(migrateSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings({ categories: [] }).categories).toEqual(DEFAULT_SETTINGS.categories);
  });

  it('saves a patch and keeps the rest', async () => {
    const area = memoryArea({ settings: { version: 1, categories: ['stat'], keywords: ['a'], includeCross: true, includeReplace: true } });
    const next = await saveSettings(area, { keywords: ['b', 'b'] });
    expect(next).toMatchObject({ categories: ['stat'], keywords: ['b', 'b'], includeReplace: true });
    expect(area.data.settings).toEqual(next);
  });
});
