/**
 * Inline translation on arxiv.org: abstract pages, listings, search results and HTML papers read
 * bilingually in place. This script reads the page and inserts nodes; it talks only to the
 * background, by typed messages (lib/content-protocol), and never touches storage or the network.
 * It starts when the settings say so and follows them (popup toggle, keyboard shortcut, options):
 * the background tells open arxiv.org tabs when the page's view of the settings changes.
 */
import { browser } from 'wxt/browser';
import { classifyUrl } from '@/lib/arxiv-page';
import { isContentPush } from '@/lib/content-protocol';
import { Background } from './background';
import { ACTIVE_ATTR, InlinePage, removeEverything } from './page';
import './style.css';

export default defineContentScript({
  matches: ['https://arxiv.org/*'],
  runAt: 'document_idle',
  main(ctx) {
    const route = classifyUrl(location.href);
    if (!route) return;
    const bg = new Background(ctx);
    let page: InlinePage | undefined;
    let configJson = '';
    let starting: Promise<void> | undefined;

    // What an earlier instance of this script left (the extension was updated and the script injected again).
    if (document.documentElement.hasAttribute(ACTIVE_ATTR)) removeEverything();

    const start = async () => {
      const config = await bg.config();
      if (!config || ctx.isInvalid) return;
      const json = JSON.stringify(config);
      if (json === configJson) return;
      configJson = json;
      page?.stop();
      page = undefined;
      if (!config.enabled) return;
      page = new InlinePage({ ctx, bg, route, config });
      page.start();
    };
    const restart = () => {
      starting = (starting ?? Promise.resolve()).then(start, start);
    };

    const onMessage = (message: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id || !isContentPush(message)) return undefined;
      restart();
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      page?.orphan();
      try {
        browser.runtime.onMessage.removeListener(onMessage);
      } catch {
        // the extension is gone: nothing to remove from
      }
    });
    restart();
  },
});
