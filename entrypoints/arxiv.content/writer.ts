/**
 * Keeping the page smooth: DOM writes run in animation frames within a time budget (a long page's
 * translations arrive in many small frames, never one long task), and each frame keeps what the
 * reader is looking at where it was (whatever grows or shrinks above the top of the viewport, the
 * text at the top stays put). CPU work over many entries is cut into slices that yield in between.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export class Writer {
  private jobs: Array<{ run: () => void; weight: number }> = [];
  private scheduled = false;
  /** Called after each frame that wrote something (what moved may now be near the viewport). */
  afterFrame: (() => void) | undefined;
  /** Called at the start of each frame, before the writes, while layout is still clean (reads are cheap). */
  beforeFrame: (() => void) | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    /** Elements that must never be taken as the anchor because they hold many entries (the page's containers). */
    private readonly isContainer: (el: Element) => boolean,
    private readonly budgetMs = 8,
    /**
     * How much new content one frame may add (a translation block weighs 1). On a long page the
     * browser's own work to lay out and paint a frame's changes grows with them: a few per frame
     * keeps each frame short; the rest follows in the next frames.
     */
    private readonly weightPerFrame = 3,
  ) {}

  push(job: () => void, weight = 0): void {
    this.jobs.push({ run: job, weight });
    this.schedule();
  }

  /** Drops what is queued (the page's additions are being taken out). */
  clear(): void {
    this.jobs = [];
    this.beforeFrame = undefined;
    this.afterFrame = undefined;
  }

  /** Asks for a frame even with nothing to write (for `beforeFrame`). */
  poke(): void {
    this.schedule();
  }

  get idle(): boolean {
    return this.jobs.length === 0 && !this.scheduled;
  }

  private schedule(): void {
    if (this.scheduled || this.ctx.isInvalid) return;
    this.scheduled = true;
    this.ctx.requestAnimationFrame(() => this.run());
  }

  /** The deepest element under the top edge of the viewport (not a container of many entries). */
  private anchor(): Element | null {
    const w = window.innerWidth;
    for (const x of [0.3, 0.5, 0.15, 0.7]) {
      for (const y of [1, 24, 64]) {
        const el = document.elementFromPoint(w * x, y);
        if (el && el !== document.documentElement && el !== document.body && !this.isContainer(el)) return el;
      }
    }
    return null;
  }

  private run(): void {
    this.scheduled = false;
    if (this.ctx.isInvalid) return;
    try {
      this.beforeFrame?.();
    } catch {
      // reading the page failed: write what is queued anyway
    }
    if (!this.jobs.length) return;
    const start = performance.now();
    const anchor = window.scrollY > 0 ? this.anchor() : null;
    const before = anchor?.getBoundingClientRect().top;
    try {
      let weight = 0;
      while (this.jobs.length && performance.now() - start < this.budgetMs) {
        const next = this.jobs[0]!;
        if (weight > 0 && weight + next.weight > this.weightPerFrame) break;
        this.jobs.shift();
        weight += next.weight;
        try {
          next.run();
        } catch {
          // One entry's markup was not what we expected: skip it, keep the page going.
        }
      }
    } finally {
      if (anchor && before !== undefined && anchor.isConnected) {
        const shift = anchor.getBoundingClientRect().top - before;
        if (Math.abs(shift) >= 1) window.scrollBy(0, shift);
      }
      if (this.jobs.length) this.schedule();
      this.afterFrame?.();
    }
  }
}

type Priority = 'user-visible' | 'background';
type Scheduler = { postTask?: (cb: () => void, o: { priority: Priority }) => Promise<void> };

/** Gives the main thread back (to input, rendering, the page's own scripts): a new task, at a low priority for background work. */
export function yieldToPage(ctx: ContentScriptContext, priority: Priority = 'user-visible'): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => undefined, { priority }).catch(() => undefined);
  return new Promise((resolve) => ctx.setTimeout(resolve, 0));
}

/** Runs `fn` over the items in slices of at most `budgetMs`, yielding in between; stops when the context dies. */
export async function sliced<T>(
  ctx: ContentScriptContext,
  items: readonly T[],
  fn: (item: T) => void,
  budgetMs = 6,
  priority: Priority = 'user-visible',
): Promise<void> {
  let start = performance.now();
  for (const item of items) {
    if (ctx.isInvalid) return;
    try {
      fn(item);
    } catch {
      // skip what cannot be read
    }
    if (performance.now() - start > budgetMs) {
      await yieldToPage(ctx, priority);
      start = performance.now();
    }
  }
}
