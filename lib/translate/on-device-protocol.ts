/**
 * Messages between the background and the offscreen document that hosts Chrome's `Translator`
 * (it exists only in window contexts, not in the service worker).
 */
import type { TranslatorAvailability } from './chrome';

export type OnDeviceRequest =
  | { target: 'offscreen'; op: 'availability'; sourceLanguage: string; targetLanguage: string }
  | { target: 'offscreen'; op: 'translate'; sourceLanguage: string; targetLanguage: string; text: string };

export type OnDeviceReply =
  | { ok: true; availability: TranslatorAvailability | null }
  | { ok: true; text: string }
  | { ok: false; error: string };

export function isOnDeviceRequest(m: unknown): m is OnDeviceRequest {
  const r = m as Record<string, unknown> | null;
  return (
    !!r &&
    r.target === 'offscreen' &&
    typeof r.sourceLanguage === 'string' &&
    typeof r.targetLanguage === 'string' &&
    (r.op === 'availability' || (r.op === 'translate' && typeof r.text === 'string'))
  );
}
