/** Chrome's on-device Translator (fake global) and the Automatic fallthrough chain. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAutoService } from '../../lib/translate/auto';
import { createChromeService, type TranslatorAvailability, type TranslatorFactory, type TranslatorLike } from '../../lib/translate/chrome';
import { translateProtected } from '../../lib/translate/protect';
import { TranslateError, type TranslationService } from '../../lib/translate/types';

afterEach(() => {
  vi.useRealTimers();
});

const never = <T,>() => new Promise<T>(() => {});

function fakeTranslator(init: {
  availability?: TranslatorAvailability | (() => Promise<TranslatorAvailability>);
  create?: () => Promise<TranslatorLike>;
  translate?: (text: string) => Promise<string>;
}) {
  const log = { availability: [] as unknown[], create: [] as unknown[], translated: [] as string[], destroyed: 0 };
  const instance: TranslatorLike = {
    translate: async (text) => {
      log.translated.push(text);
      return init.translate ? init.translate(text) : `中:${text}`;
    },
    destroy: () => {
      log.destroyed++;
    },
  };
  const factory: TranslatorFactory = {
    async availability(opts) {
      log.availability.push(opts);
      const a = init.availability ?? 'available';
      return typeof a === 'function' ? a() : a;
    },
    async create(opts) {
      log.create.push(opts);
      if (opts.monitor) {
        const target = new EventTarget();
        opts.monitor(target);
        for (const loaded of [0, 0.5, 1]) target.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded }));
      }
      return init.create ? init.create() : instance;
    },
  };
  return { factory, log };
}

async function errorOf(p: Promise<unknown>): Promise<TranslateError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TranslateError);
    return e as TranslateError;
  }
  throw new Error('expected failure');
}

describe('Chrome on-device translator', () => {
  it('translates when available, with BCP-47 codes, reusing one instance per pair', async () => {
    const { factory, log } = fakeTranslator({});
    const chrome = createChromeService({ translator: factory });
    expect(await chrome.translate(['Hello', '', 'World'], 'en', 'zh-CN')).toEqual(['中:Hello', '', '中:World']);
    await chrome.translate(['Again'], 'en', 'zh-CN');
    expect(log.create).toEqual([{ sourceLanguage: 'en', targetLanguage: 'zh' }]);
    expect(log.availability[0]).toEqual({ sourceLanguage: 'en', targetLanguage: 'zh' });
    await chrome.translate(['x'], 'en', 'zh-TW');
    expect(log.create[1]).toEqual({ sourceLanguage: 'en', targetLanguage: 'zh-Hant' });
  });

  it('downloadable → unavailable (needs the options page), without calling create', async () => {
    const { factory, log } = fakeTranslator({ availability: 'downloadable' });
    const chrome = createChromeService({ translator: factory });
    const e = await errorOf(chrome.translate(['a'], 'en', 'zh-CN'));
    expect(e.kind).toBe('unavailable');
    expect(e.messageId).toBe('chrome-downloadable');
    expect(log.create).toEqual([]);
    expect(await chrome.availability('en', 'zh-CN')).toBe('downloadable');
  });

  it('downloadModel reports progress and makes the instance usable', async () => {
    let state: TranslatorAvailability = 'downloadable';
    const { factory, log } = fakeTranslator({ availability: () => Promise.resolve(state) });
    const chrome = createChromeService({ translator: factory });
    const progress: number[] = [];
    await chrome.downloadModel('en', 'ja', (p) => progress.push(p));
    expect(progress).toEqual([0, 0.5, 1]);
    expect(log.create[0]).toMatchObject({ sourceLanguage: 'en', targetLanguage: 'ja' });
    state = 'available';
    expect(await chrome.translate(['hi'], 'en', 'ja')).toEqual(['中:hi']);
    expect(log.create).toHaveLength(1);
  });

  it('a hanging create() times out instead of hanging (fake timers)', async () => {
    vi.useFakeTimers();
    const { factory } = fakeTranslator({ create: never });
    const chrome = createChromeService({ translator: factory, timeoutMs: 8000 });
    const p = errorOf(chrome.translate(['a'], 'en', 'zh-CN'));
    await vi.advanceTimersByTimeAsync(7999);
    let settled = false;
    void p.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await p;
    expect(e.kind).toBe('timeout');
  });

  it('a hanging translate() times out and the instance is dropped', async () => {
    let hang = true;
    const { factory, log } = fakeTranslator({ translate: (t) => (hang ? never() : Promise.resolve(`ok:${t}`)) });
    const chrome = createChromeService({ translator: factory, timeoutMs: 20 });
    expect((await errorOf(chrome.translate(['a'], 'en', 'zh-CN'))).kind).toBe('timeout');
    await Promise.resolve();
    expect(log.destroyed).toBe(1);
    hang = false;
    expect(await chrome.translate(['b'], 'en', 'zh-CN')).toEqual(['ok:b']);
    expect(log.create).toHaveLength(2);
  });

  it('a hanging availability() counts as unavailable; no global → unsupported', async () => {
    const { factory } = fakeTranslator({ availability: never });
    const chrome = createChromeService({ translator: factory, timeoutMs: 20 });
    expect(await chrome.availability('en', 'zh-CN')).toBe('unavailable');
    expect((await errorOf(chrome.translate(['a'], 'en', 'zh-CN'))).kind).toBe('unavailable');
    const none = createChromeService({ translator: null });
    const e = await errorOf(none.translate(['a'], 'en', 'zh-CN'));
    expect(e.messageId).toBe('chrome-unsupported');
    // Default: the global, absent in Node.
    expect(await createChromeService().availability('en', 'zh-CN')).toBe('unavailable');
  });

  it('a failing translate() → unavailable TranslateError', async () => {
    const { factory } = fakeTranslator({ translate: () => Promise.reject(new DOMException('x', 'NotSupportedError')) });
    expect((await errorOf(createChromeService({ translator: factory }).translate(['a'], 'en', 'fr'))).kind).toBe('unavailable');
  });
});

// ---------------------------------------------------------------------------------------------

function fakeService(
  id: 'microsoft' | 'google',
  behaviour: Error | ((texts: string[]) => string[]),
  placeholder: 'bracket' | 'xml' = 'bracket',
) {
  const calls: string[][] = [];
  const service: TranslationService = {
    id,
    name: id,
    placeholder,
    limits: { maxChars: 10_000, maxItems: 50 },
    async translate(texts) {
      calls.push(texts);
      if (behaviour instanceof Error) throw behaviour;
      return behaviour(texts);
    },
  };
  return { service, calls };
}

const err = (kind: TranslateError['kind'], extra: { retryAfterMs?: number; status?: number } = {}) =>
  new TranslateError(kind, { params: { service: 'x' }, ...extra });

describe('Automatic', () => {
  it('uses on-device translation when available', async () => {
    const { factory } = fakeTranslator({});
    const ms = fakeService('microsoft', (t) => t.map((x) => `ms:${x}`));
    const auto = createAutoService({ chrome: createChromeService({ translator: factory }), services: [ms.service] });
    expect(await auto.translate(['a'], 'en', 'zh-CN')).toEqual(['中:a']);
    expect(ms.calls).toEqual([]);
    expect(auto.lastUsed).toBe('chrome');
    expect(auto.lastFallbacks).toEqual([]);
  });

  it('falls through chrome (downloadable) → Microsoft, recording why', async () => {
    const { factory } = fakeTranslator({ availability: 'downloadable' });
    const ms = fakeService('microsoft', (t) => t.map((x) => `ms:${x}`));
    const g = fakeService('google', (t) => t.map((x) => `g:${x}`));
    const seen: string[] = [];
    const auto = createAutoService({
      chrome: createChromeService({ translator: factory }),
      services: [ms.service, g.service],
      onFallback: (f) => seen.push(f.service),
    });
    expect(await auto.translate(['a'], 'en', 'zh-CN')).toEqual(['ms:a']);
    expect(auto.lastUsed).toBe('microsoft');
    expect(auto.lastFallbacks.map((f) => [f.service, f.error.kind, f.error.messageId])).toEqual([['chrome', 'unavailable', 'chrome-downloadable']]);
    expect(seen).toEqual(['chrome']);
    expect(g.calls).toEqual([]);
  });

  it('an auth error of one service does not stop the chain; server errors fall through too', async () => {
    const ms = fakeService('microsoft', err('auth', { status: 403 }));
    const g = fakeService('google', (t) => t.map((x) => `g:${x}`));
    const auto = createAutoService({ chrome: createChromeService({ translator: null }), services: [ms.service, g.service] });
    expect(await auto.translate(['a', 'b'], 'en', 'zh-CN')).toEqual(['g:a', 'g:b']);
    expect(auto.lastFallbacks.map((f) => [f.service, f.error.kind])).toEqual([
      ['chrome', 'unavailable'],
      ['microsoft', 'auth'],
    ]);
    // Next call: records are per call.
    const ms2 = fakeService('microsoft', err('server', { status: 502 }));
    const auto2 = createAutoService({ services: [ms2.service, g.service] });
    await auto2.translate(['c'], 'en', 'zh-CN');
    expect(auto2.lastFallbacks.map((f) => f.error.kind)).toEqual(['server']);
  });

  it('everything failing: retryable reason (shortest Retry-After) if any, else unavailable — never auth', async () => {
    const a = createAutoService({
      services: [fakeService('microsoft', err('rate-limited', { retryAfterMs: 9000 })).service, fakeService('google', err('rate-limited', { retryAfterMs: 4000 })).service],
    });
    const e1 = await errorOf(a.translate(['x'], 'en', 'zh-CN'));
    expect([e1.kind, e1.retryAfterMs]).toEqual(['rate-limited', 4000]);
    expect(a.lastFallbacks).toHaveLength(2);

    const b = createAutoService({ services: [fakeService('microsoft', err('auth')).service, fakeService('google', err('quota')).service] });
    const e2 = await errorOf(b.translate(['x'], 'en', 'zh-CN'));
    expect(e2.kind).toBe('unavailable');
    expect(e2.messageId).toBe('auto-exhausted');
    expect(e2.stopsService).toBe(false);

    const c = createAutoService({ services: [fakeService('microsoft', new Error('boom')).service] });
    expect((await errorOf(c.translate(['x'], 'en', 'zh-CN'))).kind).toBe('bad-response');
  });

  it('speaks bracket placeholders and adapts xml members; math survives end to end', async () => {
    const ms = fakeService('microsoft', (t) => t.map((x) => x.replace(/[a-z]+(?![^<]*>)/g, (w) => w.toUpperCase())), 'xml');
    const auto = createAutoService({ services: [ms.service] });
    expect(auto.placeholder).toBe('bracket');
    const [r] = await translateProtected(auto, ['if $a<b$ then c < d'], 'en', 'zh-CN');
    expect(ms.calls[0]).toEqual(['if <x id="1"/> then c &lt; d']);
    expect(r).toEqual({ text: 'IF $a<b$ THEN C < D', failed: false });
  });

  it('limits are the strictest of its members', () => {
    const { factory } = fakeTranslator({});
    const auto = createAutoService({ chrome: createChromeService({ translator: factory }), services: [fakeService('microsoft', () => []).service] });
    expect(auto.limits).toEqual({ maxChars: 5000, maxItems: 20 });
  });
});
