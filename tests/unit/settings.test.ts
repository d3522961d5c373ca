import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSecrets, loadSettings, migrateSettings, saveSecrets, saveSettings, SETTINGS_VERSION, type KeyValueArea } from '@/lib/settings';

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
      translation: {
        enabled: true,
        service: 'auto',
        target: 'zh-CN',
        scope: 'matched',
        openai: { preset: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
        glossary: '',
      },
      reader: { theme: 'system', uiLanguage: 'auto', showTranslations: true },
      notifications: false,
      badgeMode: 'relevant',
      retentionDays: 60,
    });
  });

  it('reads settings written by version 1 (no translation yet) and adds the translation defaults', () => {
    const v1 = { version: 1, categories: ['cs.RO'], keywords: ['diffusion policy'], includeCross: false, includeReplace: true };
    const { version: _v, categories: _c, keywords: _k, includeCross: _x, includeReplace: _r, ...added } = DEFAULT_SETTINGS;
    expect(migrateSettings(v1)).toEqual({ ...v1, ...added, version: 2 });
  });

  it('keeps valid translation choices and repairs invalid ones', () => {
    const s = migrateSettings({
      version: 2,
      translation: { enabled: false, service: 'deepl', target: 'ja', scope: 'all', openai: { preset: 'nope', baseUrl: ' http://localhost:11434/v1 ', model: 3 }, glossary: 'rollout' },
    });
    expect(s.translation).toEqual({
      enabled: false,
      service: 'deepl',
      target: 'ja',
      scope: 'all',
      openai: { preset: 'openai', baseUrl: 'http://localhost:11434/v1', model: 'gpt-4o-mini' },
      glossary: 'rollout',
    });
    expect(migrateSettings({ version: 2, translation: { service: 'babelfish', target: 'xx' } }).translation).toMatchObject({ service: 'auto', target: 'zh-CN' });
  });

  it('keeps API keys apart from settings', async () => {
    const area = memoryArea();
    await saveSettings(area, { keywords: ['x'] });
    await saveSecrets(area, { deeplKey: ' abc:fx ' });
    await saveSecrets(area, { openaiKey: 'sk-1' });
    expect(await loadSecrets(area)).toEqual({ deeplKey: 'abc:fx', openaiKey: 'sk-1' });
    expect(JSON.stringify(area.data.settings)).not.toContain('abc:fx');
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
