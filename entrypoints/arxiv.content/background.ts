/**
 * The content script's only line out: typed requests to the background. Once the extension is
 * updated or reloaded under an open page, the old script's context is invalid: requests then answer
 * `undefined` quietly (never an "Extension context invalidated" error on the page).
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ask, isInlineConfig, isItemResults, type ContentProtocol, type ContentType, type InlineConfig } from '@/lib/content-protocol';

const GONE = /context invalidated|receiving end does not exist|could not establish connection|message port closed|extension context/i;

export class Background {
  constructor(private readonly ctx: ContentScriptContext) {}

  get alive(): boolean {
    return this.ctx.isValid;
  }

  /** The answer, or undefined when the extension is gone or the request failed. */
  async ask<K extends ContentType>(type: K, body?: ContentProtocol[K]['request']): Promise<ContentProtocol[K]['response'] | undefined> {
    if (this.ctx.isInvalid) return undefined;
    try {
      return await ask((m) => browser.runtime.sendMessage(m), type, body);
    } catch (e) {
      if (this.ctx.isInvalid || GONE.test(String((e as Error)?.message ?? e))) return undefined;
      // The background answered with an error (a bug, a failed database): the page goes on without it.
      return undefined;
    }
  }

  async config(): Promise<InlineConfig | undefined> {
    const c = await this.ask('inline:config');
    return isInlineConfig(c) ? c : undefined;
  }

  async translate(body: ContentProtocol['inline:translate']['request']): Promise<ContentProtocol['inline:translate']['response'] | undefined> {
    const r = await this.ask('inline:translate', body);
    return isItemResults(r) ? r : undefined;
  }
}
