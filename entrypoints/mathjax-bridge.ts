/**
 * Runs in arxiv.org's own page world (injected by the arxiv content script), where the page's
 * MathJax 2.7.3 lives. The content script marks the translation blocks it inserted with
 * `data-arxiv-daily-typeset` and fires `arxiv-daily:typeset` on the document; this typesets them with
 * `MathJax.Hub.Queue(['Typeset', MathJax.Hub, el])` (MathJax 3's `typesetPromise` where a page has
 * that instead). Nothing crosses but the event: the elements are found in the shared DOM.
 * When the reader disabled MathJax (cookie `arxiv_mathjax=disabled`), formulas stay `$…$` like the page's.
 */
export default defineUnlistedScript(() => {
  const EVENT = 'arxiv-daily:typeset';
  const ATTR = 'data-arxiv-daily-typeset';
  type Hub = { Queue: (...jobs: unknown[]) => unknown };
  type MathJaxLike = { Hub?: Hub; typesetPromise?: (els: Element[]) => Promise<unknown> };
  const page = window as unknown as { MathJax?: MathJaxLike; __arxivDailyBridge?: boolean };
  if (page.__arxivDailyBridge) return;
  page.__arxivDailyBridge = true;

  const disabled = () => /(?:^|;\s*)arxiv_mathjax=disabled(?:;|$)/.test(document.cookie);
  let waiting: ReturnType<typeof setInterval> | undefined;

  function typeset(): void {
    const els = Array.from(document.querySelectorAll(`[${ATTR}]`));
    if (!els.length) return;
    const mj = page.MathJax;
    if (disabled()) {
      for (const el of els) el.removeAttribute(ATTR);
      return;
    }
    if (mj?.Hub?.Queue) {
      for (const el of els) {
        el.removeAttribute(ATTR);
        mj.Hub.Queue(['Typeset', mj.Hub, el]);
      }
      return;
    }
    if (typeof mj?.typesetPromise === 'function') {
      for (const el of els) el.removeAttribute(ATTR);
      void mj.typesetPromise(els).catch(() => undefined);
      return;
    }
    // MathJax loads after the page (arXiv adds it from mathjaxToggle()): wait for it, 30 s at most.
    if (waiting) return;
    let tries = 0;
    waiting = setInterval(() => {
      const ready = !!page.MathJax?.Hub?.Queue || typeof page.MathJax?.typesetPromise === 'function';
      if (ready || ++tries > 150) {
        clearInterval(waiting);
        waiting = undefined;
        if (ready) typeset();
      }
    }, 200);
  }

  document.addEventListener(EVENT, typeset);
  typeset();
});
