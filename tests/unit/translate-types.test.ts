/** The shared error mapping and the language table. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, serviceLangCode, TARGET_LANGUAGES, languageInfo } from '../../lib/translate/languages';
import { httpError, MESSAGES, parseRetryAfter, TranslateError } from '../../lib/translate/types';

const res = (status: number, body = '', headers: Record<string, string> = {}) => new Response(body || null, { status, headers });

describe('httpError', () => {
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [402, 'quota'],
    [456, 'quota'],
    [404, 'not-found'],
    [408, 'timeout'],
    [429, 'rate-limited'],
    [500, 'server'],
    [502, 'server'],
    [400, 'bad-response'],
  ] as const)('%i → %s', async (status, kind) => {
    const e = await httpError(res(status), 'Svc');
    expect(e).toBeInstanceOf(TranslateError);
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.message).toContain(status === 456 ? 'DeepL' : 'Svc');
  });

  it('reads quota errors hidden behind 429/403 bodies', async () => {
    const body = JSON.stringify({ error: { code: 'insufficient_quota', message: 'You exceeded your current quota' } });
    expect((await httpError(res(429, body), 'OpenAI')).kind).toBe('quota');
    expect((await httpError(res(429, '{"error":"slow down"}'), 'OpenAI')).kind).toBe('rate-limited');
  });

  it('Retry-After: seconds or HTTP date, on 429 and 503', async () => {
    const now = Date.parse('2024-03-26T12:00:00Z');
    expect((await httpError(res(429, '', { 'Retry-After': '12' }), 'S', { now })).retryAfterMs).toBe(12_000);
    expect((await httpError(res(429, '', { 'Retry-After': 'Tue, 26 Mar 2024 12:01:00 GMT' }), 'S', { now })).retryAfterMs).toBe(60_000);
    expect((await httpError(res(503, '', { 'Retry-After': '5' }), 'S', { now })).retryAfterMs).toBe(5_000);
    expect((await httpError(res(429), 'S')).retryAfterMs).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('Tue, 26 Mar 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('1.5')).toBe(1500);
  });

  it('retryable / stopsService', async () => {
    expect((await httpError(res(500), 'S')).retryable).toBe(true);
    expect((await httpError(res(429), 'S')).retryable).toBe(true);
    expect((await httpError(res(400), 'S')).retryable).toBe(false);
    expect((await httpError(res(401), 'S')).stopsService).toBe(true);
    expect((await httpError(res(456), 'S')).stopsService).toBe(true);
    expect(new TranslateError('bad-response').retryable).toBe(true);
  });

  it('messages come from the one table, with parameters filled in', () => {
    const e = new TranslateError('rate-limited', { messageId: 'rate-limited-wait', params: { service: 'DeepL', seconds: 3 } });
    expect(e.message).toBe(MESSAGES['rate-limited-wait'].replace('{service}', 'DeepL').replace('{seconds}', '3'));
    for (const m of Object.values(MESSAGES)) expect(m).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('languages', () => {
  it('maps every target to every service', () => {
    const zh = languageInfo('zh-CN')!;
    expect(zh.codes).toEqual({ chrome: 'zh', microsoft: 'zh-Hans', google: 'zh-CN', deepl: 'ZH-HANS', openai: 'Simplified Chinese' });
    expect(languageInfo('zh-TW')!.codes).toEqual({ chrome: 'zh-Hant', microsoft: 'zh-Hant', google: 'zh-TW', deepl: 'ZH-HANT', openai: 'Traditional Chinese' });
    expect(languageInfo('pt')!.codes.deepl).toBe('PT-BR');
    expect(languageInfo('ja')!.codes.deepl).toBe('JA');
    expect(languageInfo('ko')!.codes.deepl).toBe('KO');
    expect(DEFAULT_TARGET).toBe('zh-CN');
    for (const l of TARGET_LANGUAGES) {
      for (const id of ['chrome', 'microsoft', 'google', 'deepl', 'openai'] as const) expect(l.codes[id]).toBeTruthy();
      expect(l.codes.deepl).toBe(l.codes.deepl.toUpperCase());
    }
  });

  it('source English and aliases', () => {
    expect(serviceLangCode('deepl', 'en')).toBe('EN');
    expect(serviceLangCode('microsoft', 'en')).toBe('en');
    expect(serviceLangCode('openai', 'en')).toBe('English');
    expect(serviceLangCode('microsoft', 'zh')).toBe('zh-Hans');
    expect(serviceLangCode('google', 'zh-Hant')).toBe('zh-TW');
    expect(serviceLangCode('deepl', 'nl')).toBe('NL');
  });
});
