/**
 * Chrome's on-device Translator, reached through an offscreen document (the service worker has none).
 * Where offscreen documents do not exist (Firefox) there is no on-device service: Automatic skips it.
 */
import { browser } from 'wxt/browser';
import type { TranslatorFactory } from '@/lib/translate/chrome';
import type { OnDeviceReply, OnDeviceRequest } from '@/lib/translate/on-device-protocol';

type OffscreenApi = {
  createDocument(o: { url: string; reasons: string[]; justification: string }): Promise<void>;
  hasDocument?(): Promise<boolean>;
};

function offscreenApi(): OffscreenApi | undefined {
  return (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
}

let creating: Promise<void> | undefined;

async function ensureDocument(api: OffscreenApi): Promise<void> {
  if (await api.hasDocument?.()) return;
  creating ??= api
    .createDocument({
      url: browser.runtime.getURL('/offscreen.html'),
      reasons: ['WORKERS'],
      justification: "Run Chrome's on-device Translator, which exists only in window contexts.",
    })
    .catch((e: unknown) => {
      // A second creation attempt while one exists fails harmlessly.
      if (!String(e).includes('single offscreen')) throw e;
    })
    .finally(() => (creating = undefined));
  await creating;
}

type Ask = OnDeviceRequest extends infer R ? (R extends OnDeviceRequest ? Omit<R, 'target'> : never) : never;

async function ask(req: Ask): Promise<OnDeviceReply> {
  const api = offscreenApi();
  if (!api) return { ok: true, availability: null };
  await ensureDocument(api);
  return (await browser.runtime.sendMessage({ target: 'offscreen', ...req })) as OnDeviceReply;
}

/** A `Translator` look-alike for lib/translate/chrome.ts, or null where offscreen documents do not exist. */
export function onDeviceTranslator(): TranslatorFactory | null {
  if (!offscreenApi()) return null;
  return {
    async availability(pair) {
      const r = await ask({ op: 'availability', ...pair });
      if (!r.ok) throw new Error(r.error);
      return 'availability' in r ? r.availability : null;
    },
    async create(opts) {
      const pair = { sourceLanguage: opts.sourceLanguage, targetLanguage: opts.targetLanguage };
      return {
        async translate(text: string) {
          const r = await ask({ op: 'translate', ...pair, text });
          if (!r.ok) throw new Error(r.error);
          if (!('text' in r)) throw new Error('unexpected answer');
          return r.text;
        },
      };
    },
  };
}
