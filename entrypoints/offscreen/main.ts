/** Hosts Chrome's on-device Translator for the background (see lib/translate/on-device-protocol.ts). */
import { browser } from 'wxt/browser';
import type { TranslatorFactory, TranslatorLike } from '@/lib/translate/chrome';
import { isOnDeviceRequest, type OnDeviceReply } from '@/lib/translate/on-device-protocol';

const api = (globalThis as { Translator?: TranslatorFactory }).Translator;
const translators = new Map<string, Promise<TranslatorLike>>();

browser.runtime.onMessage.addListener((message: unknown, sender): Promise<OnDeviceReply> | undefined => {
  if (sender.id !== browser.runtime.id || !isOnDeviceRequest(message)) return undefined;
  const pair = { sourceLanguage: message.sourceLanguage, targetLanguage: message.targetLanguage };
  const run = async (): Promise<OnDeviceReply> => {
    if (!api) return message.op === 'availability' ? { ok: true, availability: null } : { ok: false, error: 'no Translator here' };
    if (message.op === 'availability') return { ok: true, availability: await api.availability(pair) };
    const key = `${pair.sourceLanguage}>${pair.targetLanguage}`;
    let t = translators.get(key);
    if (!t) {
      t = api.create(pair);
      translators.set(key, t);
      t.catch(() => translators.delete(key));
    }
    return { ok: true, text: await (await t).translate(message.text) };
  };
  return run().catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
});
