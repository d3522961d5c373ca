import { describe, expect, it } from 'vitest';
import {
  ask,
  inlineConfig,
  isArxivContentSender,
  isContentPush,
  isContentRequest,
  isExtensionPageSender,
  isInlineConfig,
  isInlineToggleRequest,
  isItemResults,
  LIMITS,
  serviceLabel,
  setInlineEnabled,
} from '@/lib/content-protocol';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const item = (over: Record<string, unknown> = {}) => ({ id: '2403.15999', fields: ['title', 'abstract'], ...over });

describe('content script requests are validated by shape and size', () => {
  it('accepts the three requests', () => {
    expect(isContentRequest({ type: 'inline:config' })).toBe(true);
    expect(isContentRequest({ type: 'inline:lookup', ids: ['2403.15999', 'hep-th/9901001'] })).toBe(true);
    expect(isContentRequest({ type: 'inline:translate', items: [item()] })).toBe(true);
    expect(isContentRequest({ type: 'inline:translate', items: [item({ texts: { title: 'T', abstract: 'A' }, origin: 'meta' })], service: 'google' })).toBe(true);
    expect(isContentRequest({ type: 'inline:translate', items: [item({ fields: ['abstract'], texts: { abstract: 'A' }, origin: 'page' })] })).toBe(true);
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      null,
      'inline:config',
      [],
      { type: 'get-status' },
      { type: 'inline:nope' },
      { type: 'inline:lookup', ids: '2403.15999' },
      { type: 'inline:lookup', ids: ['2403.15999v1'] }, // not canonical: no versions
      { type: 'inline:lookup', ids: ['arXiv:2403.15999'] },
      { type: 'inline:lookup', ids: ['../../etc/passwd'] },
      { type: 'inline:lookup', ids: Array(LIMITS.lookup + 1).fill('2403.15999') },
      { type: 'inline:translate', items: [] },
      { type: 'inline:translate', items: Array(LIMITS.items + 1).fill(item()) },
      { type: 'inline:translate', items: [item({ id: 'x' })] },
      { type: 'inline:translate', items: [item({ fields: [] })] },
      { type: 'inline:translate', items: [item({ fields: ['title', 'title'] })] },
      { type: 'inline:translate', items: [item({ fields: ['comments'] })] },
      { type: 'inline:translate', items: [item({ texts: { title: 3 } })] },
      { type: 'inline:translate', items: [item({ texts: { authors: 'x' } })] },
      { type: 'inline:translate', items: [item({ texts: { abstract: 'x'.repeat(LIMITS.abstract + 1) } })] },
      { type: 'inline:translate', items: [item({ texts: ['x'] })] },
      { type: 'inline:translate', items: [item({ origin: 'db' })] },
      { type: 'inline:translate', items: [item()], service: 'babelfish' },
    ];
    for (const m of bad) expect(isContentRequest(m), JSON.stringify(m)?.slice(0, 120)).toBe(false);
  });

  it('the toggle and the push have their own shapes', () => {
    expect(isInlineToggleRequest({ type: 'inline:set-enabled' })).toBe(true);
    expect(isInlineToggleRequest({ type: 'inline:set-enabled', enabled: false })).toBe(true);
    expect(isInlineToggleRequest({ type: 'inline:set-enabled', enabled: 'no' })).toBe(false);
    expect(isContentRequest({ type: 'inline:set-enabled', enabled: true })).toBe(false);
    expect(isContentPush({ type: 'inline:changed' })).toBe(true);
    expect(isContentPush({ type: 'inline:config' })).toBe(false);
  });
});

describe('senders', () => {
  const tab = { id: 7 };
  it('content requests come from our content script in a top-level arxiv.org tab', () => {
    expect(isArxivContentSender({ id: ID, tab, frameId: 0, url: 'https://arxiv.org/abs/1902.02534' }, ID)).toBe(true);
    expect(isArxivContentSender({ id: ID, tab, url: 'https://arxiv.org/list/cs.AI/new' }, ID)).toBe(true);
    expect(isArxivContentSender({ id: 'other', tab, url: 'https://arxiv.org/abs/1' }, ID)).toBe(false);
    expect(isArxivContentSender({ id: ID, url: 'https://arxiv.org/abs/1' }, ID)).toBe(false); // no tab: an extension page
    expect(isArxivContentSender({ id: ID, tab, frameId: 3, url: 'https://arxiv.org/abs/1' }, ID)).toBe(false);
    expect(isArxivContentSender({ id: ID, tab, url: 'http://arxiv.org/abs/1' }, ID)).toBe(false);
    expect(isArxivContentSender({ id: ID, tab, url: 'https://arxiv.org.evil.example/abs/1' }, ID)).toBe(false);
    expect(isArxivContentSender({ id: ID, tab, url: 'https://export.arxiv.org/abs/1' }, ID)).toBe(false);
    expect(isArxivContentSender({ id: ID, tab }, ID)).toBe(false);
  });

  it('the toggle comes from one of our own pages', () => {
    const origin = `chrome-extension://${ID}/`;
    expect(isExtensionPageSender({ id: ID, url: `chrome-extension://${ID}/popup.html` }, ID, origin)).toBe(true);
    expect(isExtensionPageSender({ id: ID, tab: { id: 1 }, url: 'https://arxiv.org/abs/1' }, ID, origin)).toBe(false);
    expect(isExtensionPageSender({ id: 'x', url: `chrome-extension://${ID}/popup.html` }, ID, origin)).toBe(false);
  });
});

describe('the settings a content script sees', () => {
  const secrets = { deeplKey: 'deepl-secret-key:fx', openaiKey: 'sk-very-secret' };
  const settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), keywords: ['diffusion policy', 'au:Levine'] };

  it('never carries a key, only which services can be offered', () => {
    const c = inlineConfig(settings, secrets);
    const json = JSON.stringify(c);
    expect(json).not.toContain('deepl-secret-key');
    expect(json).not.toContain('sk-very-secret');
    expect(Object.keys(c).sort()).toEqual(['dimOthers', 'enabled', 'keywords', 'lang', 'service', 'services', 'target']);
    expect(c).toMatchObject({ enabled: true, dimOthers: 'none', keywords: ['diffusion policy', 'au:Levine'], target: 'zh-CN', lang: 'zh-Hans' });
    expect(c.service).toEqual({ id: 'auto', name: 'Automatic' });
    expect(c.services.map((s) => s.id)).toEqual(['microsoft', 'google', 'deepl', 'openai']);
    expect(isInlineConfig(c)).toBe(true);
  });

  it('offers DeepL and OpenAI only with their keys (Ollama needs none), never the current service', () => {
    expect(inlineConfig(settings, {}).services.map((s) => s.id)).toEqual(['microsoft', 'google']);
    const ollama = { ...settings, translation: { ...settings.translation, service: 'microsoft' as const, openai: { ...settings.translation.openai, preset: 'ollama' as const } } };
    expect(inlineConfig(ollama, {}).services.map((s) => s.id)).toEqual(['auto', 'google', 'openai']);
  });

  it('is off when inline translation or translation itself is off, and says which', () => {
    expect(inlineConfig({ ...settings, inline: { enabled: false, dimOthers: 'dim' } }, {})).toMatchObject({ enabled: false, off: 'inline', dimOthers: 'dim' });
    expect(inlineConfig({ ...settings, translation: { ...settings.translation, enabled: false } }, {})).toMatchObject({ enabled: false, off: 'translation' });
  });

  it('names services for people', () => {
    expect(serviceLabel('microsoft')).toBe('Microsoft');
    expect(serviceLabel('Automatic')).toBe('Automatic');
    expect(serviceLabel('DeepL')).toBe('DeepL');
  });
});

describe('envelopes', () => {
  it('unwraps answers and turns errors into exceptions', async () => {
    const sent: unknown[] = [];
    const ok = (value: unknown) => async (m: unknown) => (sent.push(m), { ok: true, value });
    expect(await ask(ok({ seen: ['1'] }), 'inline:lookup', { ids: ['2403.15999'] })).toEqual({ seen: ['1'] });
    expect(sent[0]).toEqual({ type: 'inline:lookup', ids: ['2403.15999'] });
    await expect(ask(async () => ({ ok: false, error: 'Malformed request' }), 'inline:config')).rejects.toThrow('Malformed request');
    await expect(ask(async () => undefined, 'inline:config')).rejects.toThrow(/did not answer/);
    expect(await setInlineEnabled(ok({ enabled: false }), false)).toEqual({ enabled: false });
    expect(sent[1]).toEqual({ type: 'inline:set-enabled', enabled: false });
    await setInlineEnabled(ok({ enabled: true }));
    expect(sent[2]).toEqual({ type: 'inline:set-enabled' });
  });

  it('checks translation answers before the page uses them', () => {
    expect(isItemResults({ items: [{ id: '1', fields: { title: { text: 't', service: 'Microsoft', origin: 'db' } } }] })).toBe(true);
    expect(isItemResults({ items: [{ id: '1', fields: { title: { text: 3, service: 'x' } } }] })).toBe(false);
    expect(isItemResults({ items: [{ id: '1', fields: { comments: { text: 't', service: 'x' } } }] })).toBe(false);
    expect(isItemResults({ items: 'x' })).toBe(false);
  });
});
