/**
 * Request scheduling in front of a translation service:
 * - batching: texts requested in the same tick share requests, within the service's limits;
 * - dedupe: an identical text already in flight is requested once;
 * - rate limit: a token bucket per service (requests per second, with a burst);
 * - timeouts on every request;
 * - retries with exponential backoff + jitter, honouring Retry-After (`retryAfterMs`), during
 *   which the whole service pauses;
 * - auth/quota errors stop the service politely: no retries, pending and later texts fail with
 *   the same error until `resume()` (e.g. after the user changed the key).
 *
 * Plus the translation cache contract and `translateTexts`, the one entry point the extension
 * calls: cache → queue → protect/translate/restore → cache.
 */
import { PROMPT_VERSION } from './openai';
import { translateProtected, type ProtectedResult } from './protect';
import { TranslateError, isAbortError, type TranslationService } from './types';

// ---------------------------------------------------------------------------------------------
// Clock
// ---------------------------------------------------------------------------------------------

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

// ---------------------------------------------------------------------------------------------
// Token bucket
// ---------------------------------------------------------------------------------------------

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill() {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
  }

  /** Waits until a request may be sent, and counts it. */
  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queue
// ---------------------------------------------------------------------------------------------

export interface QueueOptions {
  clock?: Clock;
  /** 0…1, for jitter (tests pass a constant). */
  random?: () => number;
  /** Requests per second (token refill rate). Default 2. */
  ratePerSecond?: number;
  /** Requests that may go at once after a quiet period. Default 4. */
  burst?: number;
  /** Per request. Default: the service's `timeoutMs`, else 20 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails. Default 5 min. */
  maxRetryAfterMs?: number;
  /** Batches in flight at once. Default 2. */
  concurrency?: number;
}

interface Pending {
  key: string;
  /** Texts of one group share a batch: same language pair and keep-as-is terms. */
  group: string;
  text: string;
  from: string;
  to: string;
  keep: readonly string[];
  resolve: (r: ProtectedResult) => void;
  reject: (e: unknown) => void;
}

export interface QueueStats {
  /** Calls made to the service's `translate`, retries included. */
  requests: number;
  retries: number;
}

export class TranslationQueue {
  readonly service: TranslationService;
  readonly stats: QueueStats = { requests: 0, retries: 0 };
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;
  private readonly opts: Required<Omit<QueueOptions, 'clock' | 'random'>>;
  private readonly inFlight = new Map<string, Promise<ProtectedResult>>();
  private pending: Pending[] = [];
  private running = 0;
  private flushScheduled = false;
  private pausedUntil = 0;
  private haltError: TranslateError | undefined;
  /** The service as the protect layer sees it: rate-limited, timed out, retried. */
  private readonly scheduled: TranslationService;

  constructor(service: TranslationService, opts: QueueOptions = {}) {
    this.service = service;
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.opts = {
      ratePerSecond: opts.ratePerSecond ?? 2,
      burst: opts.burst ?? 4,
      timeoutMs: opts.timeoutMs ?? service.timeoutMs ?? 20_000,
      maxRetries: opts.maxRetries ?? 3,
      baseDelayMs: opts.baseDelayMs ?? 1_000,
      maxDelayMs: opts.maxDelayMs ?? 30_000,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? 5 * 60_000,
      concurrency: opts.concurrency ?? 2,
    };
    this.bucket = new TokenBucket(this.opts.ratePerSecond, this.opts.burst, this.clock);
    this.scheduled = {
      ...service,
      translate: (texts, from, to) => this.call(texts, from, to),
    };
  }

  /** The auth/quota error that stopped this service, if any. */
  get halted(): TranslateError | undefined {
    return this.haltError;
  }

  /** Lets a stopped service run again (after the user fixed the key or topped up). */
  resume(): void {
    this.haltError = undefined;
  }

  /**
   * Translates one text; identical texts in flight share one request. `keepTerms`: keep-as-is
   * glossary terms, masked for machine translation.
   */
  translate(text: string, from: string, to: string, keepTerms: readonly string[] = []): Promise<ProtectedResult> {
    if (this.haltError) return Promise.reject(this.haltError);
    const keep = this.service.handlesGlossary ? [] : keepTerms;
    const group = [from, to, ...[...keep].sort()].join('\u0000');
    const key = `${group}\u0001${text}`;
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const p = new Promise<ProtectedResult>((resolve, reject) => {
      this.pending.push({ key, group, text, from, to, keep, resolve, reject });
    });
    this.inFlight.set(key, p);
    const forget = () => {
      if (this.inFlight.get(key) === p) this.inFlight.delete(key);
    };
    p.then(forget, forget);
    this.scheduleFlush();
    return p;
  }

  private scheduleFlush() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current synchronous work, so texts requested together are batched together.
    void Promise.resolve().then(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush() {
    while (this.pending.length > 0 && this.running < this.opts.concurrency) {
      const batch = this.takeBatch();
      this.running++;
      void this.runBatch(batch).finally(() => {
        this.running--;
        this.flush();
      });
    }
  }

  /** The next batch: same language pair, within the service's item and character limits. */
  private takeBatch(): Pending[] {
    const { maxChars, maxItems } = this.service.limits;
    const first = this.pending[0]!;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    let chars = 0;
    for (const p of this.pending) {
      const fits =
        p.group === first.group &&
        batch.length < maxItems &&
        (batch.length === 0 || chars + p.text.length <= maxChars);
      if (fits) {
        batch.push(p);
        chars += p.text.length;
      } else {
        rest.push(p);
      }
    }
    this.pending = rest;
    return batch;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const { from, to, keep } = batch[0]!;
    try {
      if (this.haltError) throw this.haltError;
      const results = await translateProtected(
        this.scheduled,
        batch.map((p) => p.text),
        from,
        to,
        { keepTerms: keep },
      );
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (e) {
      batch.forEach((p) => p.reject(e));
      if (e instanceof TranslateError && e.stopsService) this.halt(e);
    }
  }

  private halt(e: TranslateError) {
    this.haltError = e;
    const waiting = this.pending;
    this.pending = [];
    waiting.forEach((p) => p.reject(e));
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** attempt);
    return Math.round(exp / 2 + (exp / 2) * this.random());
  }

  /** One service request with pause, rate limit, timeout and retries. */
  private async call(texts: string[], from: string, to: string): Promise<string[]> {
    for (let attempt = 0; ; attempt++) {
      if (this.haltError) throw this.haltError;
      const wait = this.pausedUntil - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      await this.bucket.take();
      if (this.haltError) throw this.haltError;
      this.stats.requests++;
      try {
        return await this.withTimeout((signal) => this.service.translate(texts, from, to, { signal }));
      } catch (e) {
        if (!(e instanceof TranslateError)) throw e;
        if (e.stopsService) {
          this.halt(e);
          throw e;
        }
        if (!e.retryable || attempt >= this.opts.maxRetries) throw e;
        if (e.retryAfterMs !== undefined) {
          if (e.retryAfterMs > this.opts.maxRetryAfterMs) throw e;
          // The service asked everyone to wait: pause the whole queue, not just this request.
          this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + e.retryAfterMs);
        } else {
          await this.clock.sleep(this.backoff(attempt));
        }
        this.stats.retries++;
      }
    }
  }

  private async withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const request = new AbortController();
    const timer = new AbortController();
    const timeoutError = new TranslateError('timeout', { params: { service: this.service.name } });
    const timeout = this.clock.sleep(this.opts.timeoutMs, timer.signal).then(
      () => {
        request.abort(timeoutError);
        throw timeoutError;
      },
      () => new Promise<never>(() => {}), // cancelled: never settles, the race is already decided
    );
    try {
      return await Promise.race([fn(request.signal), timeout]);
    } catch (e) {
      if (isAbortError(e) && request.signal.aborted) throw timeoutError;
      throw e;
    } finally {
      timer.abort();
    }
  }
}

const queues = new WeakMap<TranslationService, TranslationQueue>();

/** The shared queue of a service object (one rate limit per service). */
export function queueFor(service: TranslationService, opts?: QueueOptions): TranslationQueue {
  let q = queues.get(service);
  if (!q) {
    q = new TranslationQueue(service, opts);
    queues.set(service, q);
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// Cache
// ---------------------------------------------------------------------------------------------

export interface TranslationCache {
  get(keys: string[]): Promise<Map<string, string>>;
  put(entries: Array<[string, string]>): Promise<void>;
}

/** In-memory cache (tests, and a session layer in front of IndexedDB). Oldest entries go first. */
export class MemoryCache implements TranslationCache {
  readonly entries = new Map<string, string>();
  constructor(private readonly maxEntries = 5_000) {}

  async get(keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const k of keys) {
      const v = this.entries.get(k);
      if (v !== undefined) out.set(k, v);
    }
    return out;
  }

  async put(entries: Array<[string, string]>): Promise<void> {
    for (const [k, v] of entries) {
      this.entries.delete(k);
      this.entries.set(k, v);
    }
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Version of the protect/restore pipeline; part of every cache key. */
export const PIPELINE_VERSION = 'p1';

/**
 * Stable cache key: SHA-256 (hex) over the text and everything that changes its translation.
 * `promptVersion` is `PROMPT_VERSION` for LLMs (any stable string for other services).
 */
export async function cacheKey(
  text: string,
  serviceId: string,
  model: string | undefined,
  targetLang: string,
  promptVersion: string = PROMPT_VERSION,
): Promise<string> {
  const payload = JSON.stringify(['arxiv-daily-translation', PIPELINE_VERSION, serviceId, model ?? '', targetLang, promptVersion, text]);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------------
// translateTexts
// ---------------------------------------------------------------------------------------------

export interface TranslateTextsOptions {
  service: TranslationService;
  to: string;
  from?: string;
  cache?: TranslationCache;
  /** Default: the service's shared queue (`queueFor`). */
  queue?: TranslationQueue;
  /** Keep-as-is glossary terms (masked for machine translation; LLMs get the glossary in the prompt). */
  keepTerms?: readonly string[];
  /** Stops waiting (requests already sent still finish and fill the cache). */
  signal?: AbortSignal;
}

export interface TextTranslation {
  source: string;
  /** The translation, or the source text when `failed`. */
  text: string;
  cached: boolean;
  failed: boolean;
  reason?: string;
  /** The service error, when the request failed (not when placeholders did not survive). */
  error?: TranslateError;
}

function versionFor(service: TranslationService, keep: readonly string[]): string {
  return [service.promptVersion ?? PROMPT_VERSION, service.handlesGlossary ? '' : [...keep].sort().join('\u0001')].join('|');
}

/**
 * Translates texts (in order): cache hits never reach the service; misses go through the
 * service's queue; successful translations are cached. Never rejects for service errors:
 * failures come back per text, with the source text and the reason.
 */
export async function translateTexts(texts: readonly string[], opts: TranslateTextsOptions): Promise<TextTranslation[]> {
  const from = opts.from ?? 'en';
  const keep = opts.keepTerms ?? [];
  const queue = opts.queue ?? queueFor(opts.service);
  const version = versionFor(opts.service, keep);
  const keys = await Promise.all(texts.map((t) => cacheKey(t, opts.service.id, opts.service.model, opts.to, version)));
  const hits = opts.cache ? await opts.cache.get([...new Set(keys)]) : new Map<string, string>();

  const abort = opts.signal
    ? new Promise<never>((_, reject) => {
        if (opts.signal!.aborted) reject(opts.signal!.reason);
        opts.signal!.addEventListener('abort', () => reject(opts.signal!.reason), { once: true });
      })
    : undefined;
  abort?.catch(() => {});

  const work = texts.map((text, i) => {
    const hit = hits.get(keys[i]!);
    if (hit !== undefined) return Promise.resolve<TextTranslation>({ source: text, text: hit, cached: true, failed: false });
    return queue.translate(text, from, opts.to, keep).then(
      (r): TextTranslation =>
        r.failed ? { source: text, text: r.text, cached: false, failed: true, reason: r.reason } : { source: text, text: r.text, cached: false, failed: false },
      (e: unknown): TextTranslation => {
        if (isAbortError(e)) throw e;
        const error = e instanceof TranslateError ? e : new TranslateError('bad-response', { params: { service: opts.service.name, detail: String(e) }, cause: e });
        return { source: text, text, cached: false, failed: true, reason: error.message, error };
      },
    );
  });

  const all = Promise.all(work);
  const results = await (abort ? Promise.race([all, abort]) : all);
  if (opts.cache) {
    const fresh = new Map<string, string>();
    results.forEach((r, i) => {
      if (!r.cached && !r.failed) fresh.set(keys[i]!, r.text);
    });
    if (fresh.size) await opts.cache.put([...fresh]);
  }
  return results;
}
