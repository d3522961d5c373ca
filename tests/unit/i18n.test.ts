import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  getLanguage,
  resolveLanguage,
  sentences,
  setLanguage,
  subscribe,
  t,
  tn,
  tParts,
  translate,
} from '@/lib/i18n';
import { en, zhCN } from '@/lib/i18n/messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('Chinese has every English key and no other', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('both languages use the same placeholders in each message', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('no message is empty, and every Chinese message differs from the English or is a name', () => {
    // Strings that are the same in both languages on purpose (brand and service names).
    const same = new Set(['tr.answeredBy.deepl']);
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(en[key].trim(), key).not.toBe('');
      expect(zhCN[key].trim(), key).not.toBe('');
      if (!same.has(key)) expect(zhCN[key], key).not.toBe(en[key]);
    }
  });

  it('plural pairs come in twos', () => {
    const keys = Object.keys(en);
    for (const k of keys.filter((k) => k.endsWith('.one'))) expect(keys, k).toContain(k.replace(/\.one$/, '.other'));
    for (const k of keys.filter((k) => k.endsWith('.other'))) expect(keys, k).toContain(k.replace(/\.other$/, '.one'));
  });

  it('the manifest strings exist in both _locales, with the same keys', () => {
    const read = (dir: string) => JSON.parse(readFileSync(resolve(__dirname, `../../public/_locales/${dir}/messages.json`), 'utf8'));
    const enJson = read('en');
    const zhJson = read('zh_CN');
    expect(Object.keys(zhJson).sort()).toEqual(Object.keys(enJson).sort());
    expect(Object.keys(enJson).sort()).toEqual(['actionTitle', 'extDescription', 'extName']);
    expect(enJson.extName.message).toBe('arXiv Daily');
    expect(zhJson.extName.message).toBe(zhCN['app.name']);
    for (const k of Object.keys(enJson)) expect(zhJson[k].message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('language choice', () => {
  afterEach(() => setLanguage('en'));

  it('an explicit setting wins over the browser', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('auto follows the browser: any Chinese → Simplified Chinese, otherwise English', () => {
    expect(resolveLanguage('auto', ['zh-CN', 'zh', 'en'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['zh'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['zh-TW'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['zh-Hans-CN'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['en-US', 'zh-CN'])).toBe('en');
    expect(resolveLanguage('auto', ['en-GB'])).toBe('en');
    expect(resolveLanguage('auto', ['fr-FR', 'de'])).toBe('en');
    // The first of English and Chinese the user lists decides.
    expect(resolveLanguage('auto', ['ja', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(resolveLanguage('auto', ['de', 'en', 'zh'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
    expect(resolveLanguage(undefined, ['zh-SG'])).toBe('zh-CN');
  });

  it('setLanguage switches t() and tells subscribers once per change', () => {
    const seen: string[] = [];
    const off = subscribe((l) => seen.push(l));
    expect(getLanguage()).toBe('en');
    expect(t('reader.refresh')).toBe('Refresh');
    setLanguage('zh-CN');
    setLanguage('zh-CN');
    expect(t('reader.refresh')).toBe('刷新');
    expect(t('reader.options')).toBe('选项');
    setLanguage('en');
    off();
    setLanguage('zh-CN');
    expect(seen).toEqual(['zh-CN', 'en']);
  });
});

describe('t()', () => {
  afterEach(() => setLanguage('en'));

  it('fills placeholders, leaves unknown ones, and does not re-expand values', () => {
    expect(t('cp.remove', { id: 'cs.AI' })).toBe('Remove cs.AI');
    expect(t('cp.remove')).toBe('Remove {id}');
    expect(t('reader.keywordError', { label: '{message}', message: 'bad' })).toBe('Keyword "{message}": bad');
    expect(translate('zh-CN', 'cp.remove', { id: 'cs.AI' })).toBe('移除 cs.AI');
  });

  it('plurals follow each language', () => {
    expect(tn('reader.countNew', 1)).toBe('1 new paper today');
    expect(tn('reader.countNew', 29)).toBe('29 new papers today');
    expect(tn('reader.countRelevant', 3, { total: 40 })).toBe('3 relevant papers today (of 40)');
    expect(tn('reader.results', 0, { query: 'x' })).toBe('0 results for “x”');
    setLanguage('zh-CN');
    expect(tn('reader.countNew', 1)).toBe('今天共有 1 篇新论文');
    expect(tn('reader.countNew', 29)).toBe('今天共有 29 篇新论文');
    expect(tn('reader.countRelevant', 3, { total: 40 })).toBe('今天共有 3 篇相关文章（本期共 40 篇）');
  });

  it('tParts splits around element placeholders', () => {
    const code = { type: 'code' };
    expect(tParts('options.syntax.quoted', { a: code })).toEqual([code, ': a quoted phrase.']);
    expect(tParts('options.previewTotal', { total: code })).toEqual([code, ' papers in all (each counted once)']);
    expect(tParts('tr.test.note', { sample: 'S' })).toEqual(['Translates “', 'S', '” with the settings above, before saving.']);
    setLanguage('zh-CN');
    expect(tParts('options.syntax.author', { a: 'A', b: code })).toEqual(['A', ' 或 ', code, '：某位作者的论文（重音符号可省略）。']);
  });

  it('sentences are joined as each language writes them', () => {
    expect(sentences('One.', 'Two.')).toBe('One. Two.');
    setLanguage('zh-CN');
    expect(sentences('一。', '二。')).toBe('一。二。');
  });
});
