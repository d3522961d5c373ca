/**
 * "Automatic": the default service. On-device translation when the model is available, else
 * Microsoft, else Google. A failing service falls through to the next one — including auth and
 * quota errors, which concern only that service — and the reasons are kept in `lastFallbacks`.
 */
import type { ChromeService } from './chrome';
import { withPlaceholderFormat } from './protect';
import { TranslateError, isAbortError, type ServiceId, type TranslationService } from './types';

export interface Fallback {
  service: ServiceId | string;
  error: TranslateError;
}

export interface AutoService extends TranslationService {
  id: 'auto';
  /** Why services were skipped during the last call (empty when the first one worked). */
  readonly lastFallbacks: readonly Fallback[];
  /** The service that produced the last answer. */
  readonly lastUsed: ServiceId | string | undefined;
}

export interface AutoOptions {
  /** On-device translator; used only when its availability is `available`. */
  chrome?: ChromeService | null;
  /** Remote services in order (typically Microsoft, then Google). */
  services: TranslationService[];
  onFallback?: (f: Fallback) => void;
}

function asTranslateError(e: unknown, service: string): TranslateError {
  if (e instanceof TranslateError) return e;
  return new TranslateError('bad-response', { params: { service, detail: String(e) }, cause: e });
}

export function createAutoService(opts: AutoOptions): AutoService {
  const members: TranslationService[] = [...(opts.chrome ? [opts.chrome] : []), ...opts.services];
  if (members.length === 0) throw new Error('createAutoService needs at least one service');
  // The chain speaks `bracket`; members with another native format are adapted.
  const adapted = new Map(members.map((m) => [m, withPlaceholderFormat(m, 'bracket')]));
  let lastFallbacks: Fallback[] = [];
  let lastUsed: ServiceId | string | undefined;

  const service: AutoService = {
    id: 'auto',
    name: 'Automatic',
    placeholder: 'bracket',
    limits: {
      maxChars: Math.min(...members.map((m) => m.limits.maxChars)),
      maxItems: Math.min(...members.map((m) => m.limits.maxItems)),
    },
    // Members are tried one after another: the scheduler's timeout must cover the whole chain.
    timeoutMs: members.reduce((sum, m) => sum + (m.timeoutMs ?? 20_000), 0),
    get lastFallbacks() {
      return lastFallbacks;
    },
    get lastUsed() {
      return lastUsed;
    },
    async translate(texts, from, to, callOpts = {}) {
      const fallbacks: Fallback[] = [];
      const record = (f: Fallback) => {
        fallbacks.push(f);
        opts.onFallback?.(f);
      };
      try {
        for (const member of members) {
          if (member === opts.chrome) {
            const state = await opts.chrome.availability(from, to);
            if (state !== 'available') {
              const messageId = state === 'downloadable' ? 'chrome-downloadable' : state === 'downloading' ? 'chrome-downloading' : 'chrome-unavailable';
              record({ service: member.id, error: new TranslateError('unavailable', { messageId, params: { service: member.name } }) });
              continue;
            }
          }
          try {
            const answer = await adapted.get(member)!.translate(texts, from, to, callOpts);
            lastUsed = member.id;
            return answer;
          } catch (e) {
            if (isAbortError(e) && callOpts.signal?.aborted) throw e;
            if (callOpts.signal?.aborted) throw callOpts.signal.reason ?? e;
            record({ service: member.id, error: asTranslateError(e, member.name) });
          }
        }
      } finally {
        lastFallbacks = fallbacks;
      }
      throw chainError(fallbacks);
    },
  };
  return service;
}

/**
 * What to report when every service failed: a retryable reason if there is one (so the queue
 * tries again later), else "nothing works" — never an auth/quota error, which would make the
 * scheduler stop the automatic service for good over one member's key.
 */
function chainError(fallbacks: Fallback[]): TranslateError {
  const retryable = fallbacks.map((f) => f.error).filter((e) => e.retryable);
  if (retryable.length > 0) {
    const last = retryable[retryable.length - 1]!;
    const waits = retryable.map((e) => e.retryAfterMs).filter((w): w is number => w !== undefined);
    return new TranslateError(last.kind, {
      messageId: last.messageId,
      params: last.params,
      ...(last.status !== undefined ? { status: last.status } : {}),
      ...(waits.length ? { retryAfterMs: Math.min(...waits) } : {}),
      cause: fallbacks,
    });
  }
  return new TranslateError('unavailable', {
    messageId: 'auto-exhausted',
    params: { service: 'Automatic', detail: fallbacks.map((f) => `${f.service}: ${f.error.message}`).join(' | ') },
    cause: fallbacks,
  });
}
