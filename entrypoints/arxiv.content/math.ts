/**
 * Formulas in inserted translations are typeset by arxiv.org's own MathJax, from the page's world:
 * the bridge script (entrypoints/mathjax-bridge.ts) is injected once, when the first translation with
 * math arrives, and each batch of blocks is handed over by marking them and firing one event.
 * When the reader disabled MathJax on arXiv (cookie `arxiv_mathjax=disabled`) nothing is injected and
 * formulas stay `$…$`, like the page's own.
 */
import { injectScript } from 'wxt/utils/inject-script';

export const TYPESET_ATTR = 'data-arxiv-daily-typeset';
const EVENT = 'arxiv-daily:typeset';
/** Any TeX math delimiter. */
const HAS_MATH = /\$|\\\(|\\\[|\\begin\{/;

export function mathJaxDisabled(): boolean {
  return /(?:^|;\s*)arxiv_mathjax=disabled(?:;|$)/.test(document.cookie);
}

export class MathBridge {
  private injected: Promise<void> | undefined;
  private marked = 0;

  /** Marks an inserted text element for typesetting (when it has math and MathJax is on). */
  mark(el: Element, text: string): void {
    if (!HAS_MATH.test(text) || mathJaxDisabled()) return;
    el.setAttribute(TYPESET_ATTR, '');
    this.marked++;
  }

  /** Hands the marked elements to the page's MathJax. */
  flush(): void {
    if (!this.marked) return;
    this.marked = 0;
    this.injected ??= injectScript('/mathjax-bridge.js').then(
      () => undefined,
      () => undefined,
    );
    void this.injected.then(() => document.dispatchEvent(new CustomEvent(EVENT)));
  }
}
