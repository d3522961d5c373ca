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
      inline: { enabled: true, dimOthers: 'none' },
      trending: { enabled: true, countOnBadge: false },
    });
  });

  it('reads settings written by version 1 (no translation yet) and adds the translation defaults', () => {
    const v1 = { version: 1, categories: ['cs.RO'], keywords: ['diffusion policy'], includeCross: false, includeReplace: true };
    const { version: _v, categories: _c, keywords: _k, includeCross: _x, includeReplace: _r, ...added } = DEFAULT_SETTINGS;
    expect(migrateSettings(v1)).toEqual({ ...v1, ...added, version: SETTINGS_VERSION });
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

  it('reads settings written by version 2 (no inline translation yet): inline translation on, nothing dimmed', () => {
    const v2 = { ...DEFAULT_SETTINGS, version: 2, keywords: ['diffusion policy'], retentionDays: 30 } as Record<string, unknown>;
    delete v2.inline;
    expect(migrateSettings(v2)).toEqual({ ...DEFAULT_SETTINGS, keywords: ['diffusion policy'], retentionDays: 30, version: 3 });
    expect(migrateSettings(v2).inline).toEqual({ enabled: true, dimOthers: 'none' });
  });

  it('keeps valid inline choices and repairs invalid ones', () => {
    expect(migrateSettings({ version: 3, inline: { enabled: false, dimOthers: 'hide' } }).inline).toEqual({ enabled: false, dimOthers: 'hide' });
    expect(migrateSettings({ version: 3, inline: { enabled: 'no', dimOthers: 'blur' } }).inline).toEqual({ enabled: true, dimOthers: 'none' });
    expect(migrateSettings({ version: 3, inline: 'off' }).inline).toEqual({ enabled: true, dimOthers: 'none' });
  });

  it('trending (Hugging Face): on, not on the badge by default; settings without the block get the defaults', () => {
    expect(DEFAULT_SETTINGS.trending).toEqual({ enabled: true, countOnBadge: false });
    const v2 = { version: 2, categories: ['cs.RO'], keywords: ['policy'] };
    expect(migrateSettings(v2).trending).toEqual({ enabled: true, countOnBadge: false });
    expect(migrateSettings({ version: SETTINGS_VERSION }).trending).toEqual({ enabled: true, countOnBadge: false });
  });

  it('keeps valid trending choices and repairs invalid ones field by field', () => {
    expect(migrateSettings({ version: SETTINGS_VERSION, trending: { enabled: false, countOnBadge: true } }).trending).toEqual({ enabled: false, countOnBadge: true });
    expect(migrateSettings({ version: SETTINGS_VERSION, trending: { enabled: 'no', countOnBadge: 1 } }).trending).toEqual({ enabled: true, countOnBadge: false });
    expect(migrateSettings({ version: SETTINGS_VERSION, trending: { countOnBadge: true } }).trending).toEqual({ enabled: true, countOnBadge: true });
    expect(migrateSettings({ version: SETTINGS_VERSION, trending: 'on' }).trending).toEqual({ enabled: true, countOnBadge: false });
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
