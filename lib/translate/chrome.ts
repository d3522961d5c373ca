/**
 * Chrome's on-device Translator API (Chrome 138+):
 *
 *   await Translator.availability({ sourceLanguage: 'en', targetLanguage: 'zh' })
 *     → 'unavailable' | 'downloadable' | 'downloading' | 'available'
 *   const t = await Translator.create({ sourceLanguage, targetLanguage,
 *     monitor(m) { m.addEventListener('downloadprogress', (e) => e.loaded) } })
 *   await t.translate(text)
 *
 * Used only when the model is `available`: `create()` on a `downloadable` pair needs a user
 * gesture, so the options page calls `downloadModel()` from a click. Every call is wrapped in a
 * timeout so a stuck model never hangs translation.
 */
import { serviceLangCode } from './languages';
import { TranslateError, type PlaceholderFormat, type TranslationService } from './types';

export type TranslatorAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface TranslatorLike {
  translate(input: string, opts?: { signal?: AbortSignal }): Promise<string>;
  destroy?(): void;
}

export interface DownloadProgressEvent extends Event {
  /** 0…1 */
  loaded: number;
}

export interface TranslatorCreateOptions {
  sourceLanguage: string;
  targetLanguage: string;
  monitor?: (m: EventTarget) => void;
  signal?: AbortSignal;
}

/** The shape of the `Translator` global. */
export interface TranslatorFactory {
  availability(opts: { sourceLanguage: string; targetLanguage: string }): Promise<TranslatorAvailability | null>;
  create(opts: TranslatorCreateOptions): Promise<TranslatorLike>;
}

export interface ChromeOptions {
  /** The `Translator` global (default: `globalThis.Translator`); `null` = not supported. */
  translator?: TranslatorFactory | null;
  /** Per call (availability, create, each translate). Default 8 s. */
  timeoutMs?: number;
  placeholder?: PlaceholderFormat;
}

export interface ChromeService extends TranslationService {
  id: 'chrome';
  availability(from: string, to: string): Promise<TranslatorAvailability>;
  /**
   * Downloads the model for a pair (must run from a user gesture, e.g. a button click).
   * `onProgress` gets 0…1.
   */
  downloadModel(from: string, to: string, onProgress?: (loaded: number) => void, signal?: AbortSignal): Promise<void>;
}

const NAME = 'On-device translation';

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function globalTranslator(): TranslatorFactory | null {
  const t = (globalThis as { Translator?: TranslatorFactory }).Translator;
  return t && typeof t.availability === 'function' && typeof t.create === 'function' ? t : null;
}

export function createChromeService(opts: ChromeOptions = {}): ChromeService {
  const factory = opts.translator === undefined ? globalTranslator() : opts.translator;
  const timeoutMs = opts.timeoutMs ?? 8_000;
  const instances = new Map<string, Promise<TranslatorLike>>();
  const pair = (from: string, to: string) => ({
    sourceLanguage: serviceLangCode('chrome', from),
    targetLanguage: serviceLangCode('chrome', to),
  });
  const timeoutError = () => new TranslateError('timeout', { params: { service: NAME } });

  async function availability(from: string, to: string): Promise<TranslatorAvailability> {
    if (!factory) return 'unavailable';
    try {
      const a = await withTimeout(factory.availability(pair(from, to)), timeoutMs, timeoutError);
      return a ?? 'unavailable';
    } catch {
      return 'unavailable';
    }
  }

  function drop(key: string) {
    const p = instances.get(key);
    instances.delete(key);
    p?.then((t) => t.destroy?.()).catch(() => {});
  }

  async function instance(from: string, to: string): Promise<TranslatorLike> {
    const key = `${from}>${to}`;
    let p = instances.get(key);
    if (!p) {
      p = withTimeout(factory!.create(pair(from, to)), timeoutMs, timeoutError);
      instances.set(key, p);
      p.catch(() => {
        if (instances.get(key) === p) instances.delete(key);
      });
    }
    return p;
  }

  return {
    id: 'chrome',
    name: NAME,
    limits: { maxChars: 5_000, maxItems: 20 },
    placeholder: opts.placeholder ?? 'bracket',
    timeoutMs: timeoutMs * 21,
    availability,
    async translate(texts, from, to, callOpts = {}) {
      if (!factory) throw new TranslateError('unavailable', { messageId: 'chrome-unsupported', params: { service: NAME } });
      const state = await availability(from, to);
      if (state !== 'available') {
        const messageId = state === 'downloadable' ? 'chrome-downloadable' : state === 'downloading' ? 'chrome-downloading' : 'chrome-unavailable';
        throw new TranslateError('unavailable', { messageId, params: { service: NAME } });
      }
      let translator: TranslatorLike;
      try {
        translator = await instance(from, to);
      } catch (e) {
        if (e instanceof TranslateError) throw e;
        throw new TranslateError('unavailable', { params: { service: NAME, detail: String(e) }, cause: e });
      }
      const out: string[] = [];
      for (const text of texts) {
        if (callOpts.signal?.aborted) throw callOpts.signal.reason;
        if (text.trim() === '') {
          out.push(text);
          continue;
        }
        try {
          out.push(await withTimeout(translator.translate(text, callOpts.signal ? { signal: callOpts.signal } : {}), timeoutMs, timeoutError));
        } catch (e) {
          drop(`${from}>${to}`); // a stuck or broken instance is not reused
          if (e instanceof TranslateError) throw e;
          if (callOpts.signal?.aborted) throw callOpts.signal.reason;
          throw new TranslateError('unavailable', { params: { service: NAME, detail: String(e) }, cause: e });
        }
      }
      return out;
    },
    async downloadModel(from, to, onProgress, signal) {
      if (!factory) throw new TranslateError('unavailable', { messageId: 'chrome-unsupported', params: { service: NAME } });
      const key = `${from}>${to}`;
      const created = factory.create({
        ...pair(from, to),
        monitor(m) {
          m.addEventListener('downloadprogress', (e) => onProgress?.((e as DownloadProgressEvent).loaded));
        },
        ...(signal ? { signal } : {}),
      });
      try {
        const t = await created;
        drop(key);
        instances.set(key, Promise.resolve(t));
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        throw new TranslateError('unavailable', { messageId: 'chrome-unavailable', params: { service: NAME, detail: String(e) }, cause: e });
      }
    },
  };
}
