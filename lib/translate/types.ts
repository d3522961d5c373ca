/**
 * The translation engine's shared vocabulary: the service interface every backend implements,
 * the one error type they all throw, and the single HTTP-status → error mapping.
 *
 * No browser or extension APIs here: everything takes `fetch` (and other globals) injected.
 */

/** The translation backends. `openai` = any OpenAI-compatible chat-completions endpoint. */
export type ServiceId = 'chrome' | 'microsoft' | 'google' | 'deepl' | 'openai';

/** What the user picks in settings: a backend, or the automatic chain (see `auto.ts`). */
export type ServiceChoice = ServiceId | 'auto';

/**
 * How protected spans (math, citations, URLs, keep-as-is terms) travel through a service.
 * - `bracket`: plain text, placeholders `[[1]]`, `[[2]]` … (LLMs, Chrome's on-device translator).
 * - `xml`: the whole text is XML/HTML markup — `&`, `<`, `>` escaped — and placeholders are
 *   empty elements `<x id="1"/>` (DeepL `tag_handling: 'xml'` with `ignore_tags: ['x']`, and the
 *   Microsoft/Google web endpoints, which parse their input as HTML anyway).
 */
export type PlaceholderFormat = 'bracket' | 'xml';

export interface TranslateCallOptions {
  signal?: AbortSignal;
}

export interface ServiceLimits {
  /** Characters per request (sum over texts; also the longest single text). */
  maxChars: number;
  /** Texts per request. */
  maxItems: number;
}

export interface TranslationService {
  /** `auto` only for the automatic chain. */
  id: ServiceChoice;
  /** Display name, used in error messages. */
  name: string;
  /**
   * Translates every text, in order; the answer has exactly `texts.length` entries or the call
   * throws a `TranslateError`. `from`/`to` are app language codes (`en`, `zh-CN`, see
   * `languages.ts`); each service maps them to its own codes.
   */
  translate(texts: string[], from: string, to: string, opts?: TranslateCallOptions): Promise<string[]>;
  limits: ServiceLimits;
  /** Placeholder format the texts given to `translate` use (default `bracket`). */
  placeholder?: PlaceholderFormat;
  /** Model name, part of the cache key (LLMs). */
  model?: string;
  /** Changes whenever the same input could translate differently (prompt, glossary). Cache key part. */
  promptVersion?: string;
  /** The service applies the glossary itself (LLM prompt): keep-as-is terms are not masked for it. */
  handlesGlossary?: boolean;
  /** Per-request timeout the scheduler should use (LLMs are slower than MT). */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type TranslateErrorKind =
  | 'auth' // 401/403: wrong or missing key
  | 'quota' // DeepL 456, OpenAI insufficient_quota, 402 balance
  | 'rate-limited' // 429 (retryAfterMs from Retry-After)
  | 'not-found' // 404: endpoint or model gone
  | 'offline' // network failure (fetch TypeError)
  | 'timeout'
  | 'bad-response' // malformed JSON, wrong shape, missing segment
  | 'server' // 5xx
  | 'unavailable'; // service cannot be used here (on-device model missing, nothing in the chain works)

/**
 * Every user-visible message, in one table so the UI can localise by `messageId` later.
 * `{service}`, `{status}`, `{detail}`, `{seconds}` are filled from the error's params.
 */
export const MESSAGES = {
  auth: '{service} rejected the API key. Check the key in the options page.',
  quota: '{service}: the account is out of quota or credit.',
  'quota-deepl': 'DeepL: the monthly character quota is used up (or the cost-control limit was reached).',
  'rate-limited': '{service} is receiving too many requests. Trying again later.',
  'rate-limited-wait': '{service} is receiving too many requests. Trying again in {seconds} s.',
  'not-found': '{service} could not be found at this address (HTTP 404). Check the URL or model name.',
  offline: 'Could not reach {service}. Check the network connection.',
  timeout: '{service} did not answer in time.',
  'bad-response': '{service} sent an answer that could not be read.',
  'missing-segments': '{service} left out part of the text, even after asking again.',
  server: '{service} had a server error (HTTP {status}). Trying again later.',
  http: '{service} refused the request (HTTP {status}).',
  unavailable: '{service} is not available.',
  'ollama-origins':
    'Ollama refused the request from the extension. Set the environment variable OLLAMA_ORIGINS=chrome-extension://* and restart Ollama.',
  'chrome-unsupported': 'This browser has no on-device translator.',
  'chrome-downloadable': 'The on-device translation model for this language is not downloaded yet. Download it in the options page.',
  'chrome-downloading': 'The on-device translation model is still downloading.',
  'chrome-unavailable': 'On-device translation is not available for this language.',
  'missing-key': '{service} needs an API key. Add it in the options page.',
  'auto-exhausted': 'No automatic translation service is working right now.',
} as const;

export type MessageId = keyof typeof MESSAGES;

export interface TranslateErrorParams {
  service?: string;
  status?: number;
  detail?: string;
  seconds?: number;
}

export function formatMessage(id: MessageId, params: TranslateErrorParams = {}): string {
  return MESSAGES[id].replace(/\{(\w+)\}/g, (m, key: string) => {
    const v = (params as Record<string, unknown>)[key];
    return v === undefined ? m : String(v);
  });
}

export class TranslateError extends Error {
  readonly kind: TranslateErrorKind;
  readonly messageId: MessageId;
  readonly params: TranslateErrorParams;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    kind: TranslateErrorKind,
    init: {
      messageId?: MessageId;
      params?: TranslateErrorParams;
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    const messageId = init.messageId ?? (kind as MessageId);
    const params = { ...init.params, ...(init.status !== undefined ? { status: init.status } : {}) };
    super(formatMessage(messageId, params), init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = 'TranslateError';
    this.kind = kind;
    this.messageId = messageId;
    this.params = params;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** Retrying the same request later may succeed. */
  get retryable(): boolean {
    // A 4xx the service could not parse will not parse next time either.
    if (this.kind === 'bad-response' && this.status !== undefined && this.status < 500) return false;
    return isRetryableKind(this.kind);
  }

  /** The user has to do something (fix a key, top up, change settings) before this service works. */
  get stopsService(): boolean {
    return this.kind === 'auth' || this.kind === 'quota';
  }
}

export function isRetryableKind(kind: TranslateErrorKind): boolean {
  return kind === 'rate-limited' || kind === 'server' || kind === 'timeout' || kind === 'offline' || kind === 'bad-response';
}

export function isTranslateError(e: unknown): e is TranslateError {
  return e instanceof TranslateError;
}

/** An abort requested by the caller (not a timeout of ours). */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError';
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date. Returns milliseconds to wait (≥ 0), or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

async function readErrorBody(res: Response): Promise<string> {
  try {
    const text = await res.text();
    return text.slice(0, 2000);
  } catch {
    return '';
  }
}

/**
 * Maps a non-2xx response to a `TranslateError`. Reads (a bounded part of) the body to tell
 * quota errors that reuse 429/403 (OpenAI `insufficient_quota`). Used by every HTTP service.
 */
export async function httpError(
  res: Response,
  serviceName: string,
  opts: { now?: number; body?: string } = {},
): Promise<TranslateError> {
  const status = res.status;
  const body = opts.body ?? (await readErrorBody(res));
  const params = { service: serviceName };
  if (/insufficient_quota|insufficient[ _]balance|quota[ _]exceeded|exceeded your current quota/i.test(body) && status !== 401) {
    return new TranslateError('quota', { params, status });
  }
  if (status === 401 || status === 403) return new TranslateError('auth', { params, status });
  if (status === 402 || status === 456) {
    return new TranslateError('quota', { params, status, ...(status === 456 ? { messageId: 'quota-deepl' as const } : {}) });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), opts.now);
    return retryAfterMs !== undefined
      ? new TranslateError('rate-limited', {
          messageId: 'rate-limited-wait',
          params: { ...params, seconds: Math.ceil(retryAfterMs / 1000) },
          status,
          retryAfterMs,
        })
      : new TranslateError('rate-limited', { params, status });
  }
  if (status === 404 || status === 410) return new TranslateError('not-found', { params, status });
  if (status === 408) return new TranslateError('timeout', { params, status });
  if (status >= 500) {
    // 503 may carry Retry-After too.
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), opts.now);
    return new TranslateError('server', { params, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  return new TranslateError('bad-response', { messageId: 'http', params: { ...params, detail: body.slice(0, 200) }, status });
}
