/** Scheduling: batching, dedupe, rate limit, timeouts, backoff honouring Retry-After, halting, cache. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROMPT_VERSION } from '../../lib/translate/openai';
import { cacheKey, MemoryCache, realClock, translateTexts, TranslationQueue, type Clock } from '../../lib/translate/queue';
import { TranslateError, type TranslationService } from '../../lib/translate/types';

afterEach(() => {
  vi.useRealTimers();
});

type Behaviour = (texts: string[], call: number, signal?: AbortSignal) => Promise<string[]> | string[];

function service(behaviour: Behaviour = (t) => t.map((x) => `T(${x})`), limits = { maxChars: 10_000, maxItems: 50 }) {
  const calls: Array<{ texts: string[]; at: number; signal?: AbortSignal }> = [];
  const svc: TranslationService = {
    id: 'microsoft',
    name: 'Fake',
    limits,
    async translate(texts, _from, _to, opts = {}) {
      calls.push({ texts, at: Date.now(), ...(opts.signal ? { signal: opts.signal } : {}) });
      return behaviour(texts, calls.length, opts.signal);
    },
  };
  return { svc, calls };
}

/** The real clock (driven by vi fake timers), recording every sleep. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: (ms, signal) => (sleeps.push(ms), realClock.sleep(ms, signal)) };
}

const err = (kind: TranslateError['kind'], extra: { retryAfterMs?: number; status?: number } = {}) =>
  new TranslateError(kind, { params: { service: 'Fake' }, ...extra });

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}

describe('batching and dedupe', () => {
  it('batches texts requested together within maxItems and maxChars', async () => {
    const { svc, calls } = service(undefined, { maxChars: 12, maxItems: 3 });
    const q = new TranslationQueue(svc, { ratePerSecond: 1000, burst: 100 });
    const res = await translateTexts(['aaaaa', 'bbbbb', 'ccccc', 'd', 'e', 'f', 'g'], { service: svc, to: 'zh-CN', queue: q });
    expect(res.map((r) => r.text)).toEqual(['T(aaaaa)', 'T(bbbbb)', 'T(ccccc)', 'T(d)', 'T(e)', 'T(f)', 'T(g)']);
    // Packed: a text that does not fit waits for the next request, smaller ones fill the gap.
    expect(calls.map((c) => c.texts)).toEqual([['aaaaa', 'bbbbb', 'd'], ['ccccc', 'e', 'f'], ['g']]);
    expect(calls.every((c) => c.texts.join('').length <= 12 && c.texts.length <= 3)).toBe(true);
  });

  it('identical texts in flight are requested once, across callers', async () => {
    const gate = deferred();
    const { svc, calls } = service(async (t) => {
      await gate.promise;
      return t.map((x) => `T(${x})`);
    });
    const q = new TranslationQueue(svc, { ratePerSecond: 1000, burst: 100 });
    const first = translateTexts(['x', 'y', 'x'], { service: svc, to: 'zh-CN', queue: q });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const second = translateTexts(['y', 'z', 'x'], { service: svc, to: 'zh-CN', queue: q });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.map((r) => r.text)).toEqual(['T(x)', 'T(y)', 'T(x)']);
    expect(b.map((r) => r.text)).toEqual(['T(y)', 'T(z)', 'T(x)']);
    expect(calls.map((c) => c.texts)).toEqual([['x', 'y'], ['z']]);
  });

  it('different target languages are never mixed in one request', async () => {
    const { svc, calls } = service();
    const q = new TranslationQueue(svc);
    await Promise.all([q.translate('a', 'en', 'zh-CN'), q.translate('b', 'en', 'ja'), q.translate('c', 'en', 'zh-CN')]);
    expect(calls.map((c) => c.texts)).toEqual([['a', 'c'], ['b']]);
  });
});

describe('retries, backoff, Retry-After (fake timers)', () => {
  it('honours Retry-After: waits exactly that long, then retries', async () => {
    vi.useFakeTimers();
    const clock = recordingClock();
    const { svc, calls } = service((t, n) => {
      if (n === 1) throw err('rate-limited', { retryAfterMs: 2000, status: 429 });
      return t.map((x) => `T(${x})`);
    });
    const q = new TranslationQueue(svc, { clock, random: () => 1 });
    const p = q.translate('a', 'en', 'zh-CN');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(await p).toEqual({ text: 'T(a)', failed: false });
    expect(clock.sleeps).toContain(2000);
    expect(q.stats).toEqual({ requests: 2, retries: 1 });
  });

  it('a Retry-After pauses the whole service, not just the failed request', async () => {
    vi.useFakeTimers();
    const { svc, calls } = service((t, n) => {
      if (n === 1) throw err('rate-limited', { retryAfterMs: 5000 });
      return t;
    });
    const q = new TranslationQueue(svc, { clock: recordingClock() });
    const a = q.translate('a', 'en', 'zh-CN');
    await vi.advanceTimersByTimeAsync(100);
    const b = q.translate('b', 'en', 'zh-CN');
    await vi.advanceTimersByTimeAsync(4800);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([a, b]);
    expect(calls).toHaveLength(3);
    expect(calls.slice(1).every((c) => c.at - calls[0]!.at >= 5000)).toBe(true);
  });

  it('exponential backoff with jitter on server errors, then gives up after maxRetries', async () => {
    vi.useFakeTimers();
    const clock = recordingClock();
    const { svc, calls } = service(() => {
      throw err('server', { status: 503 });
    });
    const q = new TranslationQueue(svc, { clock, random: () => 1, maxRetries: 3, baseDelayMs: 1000, timeoutMs: 60_000 });
    const p = q.translate('a', 'en', 'zh-CN').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(4000);
    expect(calls).toHaveLength(4);
    const e = (await p) as TranslateError;
    expect(e.kind).toBe('server');
    expect(clock.sleeps.filter((ms) => ms !== 60_000)).toEqual([1000, 2000, 4000]);

    // Jitter: with random() = 0 the delay is half the exponential step.
    const clock2 = recordingClock();
    const q2 = new TranslationQueue(service(() => {
      throw err('offline');
    }).svc, { clock: clock2, random: () => 0, maxRetries: 2, timeoutMs: 60_000 });
    const p2 = q2.translate('a', 'en', 'zh-CN').catch(() => {});
    await vi.advanceTimersByTimeAsync(10_000);
    await p2;
    expect(clock2.sleeps.filter((ms) => ms !== 60_000)).toEqual([500, 1000]);
  });

  it('a request that hangs times out (its fetch is aborted) and is retried', async () => {
    vi.useFakeTimers();
    const { svc, calls } = service(() => new Promise<string[]>(() => {}));
    const q = new TranslationQueue(svc, { clock: recordingClock(), timeoutMs: 1000, maxRetries: 1, random: () => 1 });
    const p = q.translate('a', 'en', 'zh-CN').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect((calls[0]!.signal!.reason as TranslateError).kind).toBe('timeout');
    await vi.advanceTimersByTimeAsync(1000); // backoff
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(((await p) as TranslateError).kind).toBe('timeout');
  });

  it('token bucket: at most ratePerSecond requests per second after the burst', async () => {
    vi.useFakeTimers();
    const { svc, calls } = service(undefined, { maxChars: 100, maxItems: 1 });
    const q = new TranslationQueue(svc, { clock: recordingClock(), ratePerSecond: 1, burst: 1, concurrency: 3 });
    const all = Promise.all(['a', 'b', 'c'].map((t) => q.translate(t, 'en', 'zh-CN')));
    await vi.advanceTimersByTimeAsync(5000);
    await all;
    expect(calls.map((c) => c.at - calls[0]!.at)).toEqual([0, 1000, 2000]);
  });

  it('a Retry-After longer than maxRetryAfterMs fails at once', async () => {
    const { svc, calls } = service(() => {
      throw err('rate-limited', { retryAfterMs: 3_600_000 });
    });
    const q = new TranslationQueue(svc, { maxRetryAfterMs: 60_000 });
    await expect(q.translate('a', 'en', 'zh-CN')).rejects.toMatchObject({ kind: 'rate-limited' });
    expect(calls).toHaveLength(1);
  });
});

describe('auth and quota stop the service politely', () => {
  it.each(['auth', 'quota'] as const)('%s: no retry, pending texts fail, later texts fail without a request, resume() restarts', async (kind) => {
    let broken = true;
    const { svc, calls } = service((t) => {
      if (broken) throw err(kind, { status: kind === 'auth' ? 401 : 456 });
      return t;
    }, { maxChars: 100, maxItems: 1 });
    const q = new TranslationQueue(svc, { concurrency: 1 });
    const results = await Promise.allSettled([q.translate('a', 'en', 'zh-CN'), q.translate('b', 'en', 'zh-CN')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toHaveLength(1);
    expect(q.halted?.kind).toBe(kind);
    await expect(q.translate('c', 'en', 'zh-CN')).rejects.toMatchObject({ kind });
    expect(calls).toHaveLength(1);
    broken = false;
    q.resume();
    expect(await q.translate('c', 'en', 'zh-CN')).toEqual({ text: 'c', failed: false });
  });

  it('translateTexts reports the error per text instead of rejecting', async () => {
    const { svc } = service(() => {
      throw err('auth', { status: 403 });
    });
    const res = await translateTexts(['a', 'b'], { service: svc, to: 'zh-CN', queue: new TranslationQueue(svc) });
    expect(res).toEqual([
      expect.objectContaining({ source: 'a', text: 'a', failed: true, cached: false, error: expect.objectContaining({ kind: 'auth' }) }),
      expect.objectContaining({ source: 'b', text: 'b', failed: true }),
    ]);
    expect(res[0]!.reason).toMatch(/rejected the API key/);
  });
});

describe('cache', () => {
  it('cache hits never reach the service; fresh translations are stored', async () => {
    const { svc, calls } = service();
    const cache = new MemoryCache();
    const q = new TranslationQueue(svc);
    const first = await translateTexts(['one', 'two'], { service: svc, to: 'zh-CN', cache, queue: q });
    expect(first.map((r) => [r.text, r.cached])).toEqual([
      ['T(one)', false],
      ['T(two)', false],
    ]);
    expect(cache.entries.size).toBe(2);
    const second = await translateTexts(['two', 'three', 'one'], { service: svc, to: 'zh-CN', cache, queue: q });
    expect(second.map((r) => [r.text, r.cached])).toEqual([
      ['T(two)', true],
      ['T(three)', false],
      ['T(one)', true],
    ]);
    expect(calls.map((c) => c.texts)).toEqual([['one', 'two'], ['three']]);
    // Another target language is another key.
    await translateTexts(['one'], { service: svc, to: 'ja', cache, queue: q });
    expect(calls).toHaveLength(3);
  });

  it('failures (service errors or broken placeholders) are not cached', async () => {
    const { svc } = service((t) => t.map((x) => x.replace('[[1]]', '')));
    const cache = new MemoryCache();
    const res = await translateTexts(['with $x$ math', 'plain'], { service: svc, to: 'zh-CN', cache, queue: new TranslationQueue(svc) });
    expect(res[0]).toMatchObject({ text: 'with $x$ math', failed: true });
    expect(res[0]!.reason).toMatch(/lost placeholder/);
    expect(res[1]).toMatchObject({ text: 'plain', failed: false });
    expect(cache.entries.size).toBe(1);
  });

  it('cacheKey is a stable SHA-256 hex over text, service, model, language and prompt version', async () => {
    const k = await cacheKey('text', 'openai', 'gpt-4o-mini', 'zh-CN', PROMPT_VERSION);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(await cacheKey('text', 'openai', 'gpt-4o-mini', 'zh-CN', PROMPT_VERSION)).toBe(k);
    const others = await Promise.all([
      cacheKey('text ', 'openai', 'gpt-4o-mini', 'zh-CN', PROMPT_VERSION),
      cacheKey('text', 'deepl', 'gpt-4o-mini', 'zh-CN', PROMPT_VERSION),
      cacheKey('text', 'openai', 'gpt-4o', 'zh-CN', PROMPT_VERSION),
      cacheKey('text', 'openai', 'gpt-4o-mini', 'zh-TW', PROMPT_VERSION),
      cacheKey('text', 'openai', 'gpt-4o-mini', 'zh-CN', 'other'),
    ]);
    expect(new Set([k, ...others]).size).toBe(6);
  });

  it('keep-as-is terms are part of the key for machine translation', async () => {
    const { svc, calls } = service();
    const cache = new MemoryCache();
    const q = new TranslationQueue(svc);
    await translateTexts(['rollout'], { service: svc, to: 'zh-CN', cache, queue: q });
    await translateTexts(['rollout'], { service: svc, to: 'zh-CN', cache, queue: q, keepTerms: ['rollout'] });
    expect(calls).toHaveLength(1); // the second one is all protected: nothing to send
    expect(cache.entries.size).toBe(2);
  });

  it('MemoryCache drops the oldest entries beyond its size', async () => {
    const cache = new MemoryCache(2);
    await cache.put([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    expect([...(await cache.get(['a', 'b', 'c'])).keys()]).toEqual(['b', 'c']);
  });
});
