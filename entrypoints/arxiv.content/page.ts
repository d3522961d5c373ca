/**
 * One arxiv.org page with inline translation on: finds what to translate (lib/arxiv-page), asks the
 * background, inserts the translations, highlights keyword hits, dims or hides the other entries,
 * marks entries seen in the popup. Long pages translate lazily: at each scroll frame a binary search
 * over the entries' positions finds those near the viewport, which are asked for in batches; writes
 * go through the frame-budgeted Writer, which keeps the text at the top of the viewport where it was.
 * (An IntersectionObserver on 2,000 entries costs 5–15 ms of every frame in which anything moves, on
 * top of the browser's own for `content-visibility`; the search reads about a dozen boxes.)
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  authorNames,
  entryText,
  highlightRanges,
  listingHeads,
  readAbsPage,
  readHtmlPaper,
  readListingEntry,
  readSearchResult,
  searchHeads,
  removeHighlights,
  sourceText,
  type ArxivPage,
  type PageEntry,
} from '@/lib/arxiv-page';
import type { FieldResult, InlineConfig, ItemResult, ServiceOption, TextField, TranslateItem } from '@/lib/content-protocol';
import { compileKeywords, matchPaper, type CompiledKeywords, type PaperMatch } from '@/lib/match';
import type { DimOthers } from '@/lib/settings';
import type { Background } from './background';
import { controlBar, errorBlock, OURS_ATTR, setBlock, toolbar, translationBlock, Typography } from './blocks';
import { MathBridge } from './math';
import { sliced, Writer } from './writer';

/** Papers per translate request. */
const BATCH = 20;
/** Requests in flight at once. */
const IN_FLIGHT = 2;
/** "Pending" answers (the background is still translating) are asked again after this, a few times. */
const RETRY_MS = 6000;
const MAX_RETRIES = 4;
const CLASSES = ['adt-match', 'adt-dim', 'adt-hidden', 'adt-seen'];
/** How near the viewport an entry gets translated and decorated: a screen above, a screen and a half below (in viewport heights). */
const NEAR_ABOVE = 1;
const NEAR_BELOW = 1.5;
const CONTAINERS = 'html, body, main, dl, ol, ul, #dlpage, #content, #content-inner, #abs-outer, .ltx_page_main, .ltx_page_content';

interface EntryState {
  entry: PageEntry;
  /** Within NEAR_ABOVE / NEAR_BELOW of the viewport. */
  near: boolean;
  requested: boolean;
  tries: number;
  blocks: Partial<Record<TextField, { block: HTMLElement; text: HTMLElement }>>;
  /** Keyword match on the page's text (computed for every entry, in the background). */
  match?: PaperMatch;
  /** Seen in the popup. */
  seen?: boolean;
  /** What the page shows of the above. */
  shown: { seen?: boolean; match?: boolean; dim?: DimOthers };
  pendingWrite?: boolean;
}

export interface PageDeps {
  ctx: ContentScriptContext;
  bg: Background;
  route: ArxivPage;
  config: InlineConfig;
}

export class InlinePage {
  private readonly writer: Writer;
  private readonly math = new MathBridge();
  private readonly typo = new Typography();
  private readonly compiled: CompiledKeywords;
  private dim: DimOthers;
  private stopped = false;
  /** Entries in document order (the near search needs it). */
  private order: EntryState[] = [];
  private nearNow = new Set<EntryState>();
  private nearDirty = false;
  private mo: MutationObserver | undefined;
  private readonly states = new Map<Element, EntryState>();
  /** Entries hidden for matching no keyword (they never come near: display none). */
  private readonly hidden = new Set<EntryState>();
  private queue: EntryState[] = [];
  private inflight = 0;
  private flushTimer: number | undefined;
  private rescanTimer: number | undefined;
  private bar: ReturnType<typeof toolbar> | undefined;
  /** The abstract page's or HTML paper's one paper. */
  private single: { item: TranslateItem; anchors: Partial<Record<TextField, Element>>; blocks: EntryState['blocks']; tries: number; status?: HTMLElement } | undefined;

  constructor(private readonly d: PageDeps) {
    this.compiled = compileKeywords(d.config.keywords);
    this.dim = d.config.dimOthers;
    this.writer = new Writer(d.ctx, (e) => e.matches(CONTAINERS) || e.childElementCount > 40);
  }

  start(): void {
    document.documentElement.setAttribute(ACTIVE_ATTR, '');
    const r = this.d.route;
    if (r.kind === 'abs') void this.startSingle('abs');
    else if (r.kind === 'html') void this.startSingle('html');
    else void this.startEntries();
  }

  /** Takes everything out again (turned off, settings changed). */
  stop(): void {
    this.stopped = true;
    this.mo?.disconnect();
    this.writer.clear();
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    if (this.rescanTimer !== undefined) clearTimeout(this.rescanTimer);
    // At once (not in a later frame): a page started after this one must not lose its first nodes.
    removeEverything([...this.states.values()].flatMap((s) => s.entry.parts));
  }

  /** The old script of an updated extension: leave the translations, make clear the controls no longer work. */
  orphan(): void {
    this.stopped = true;
    this.mo?.disconnect();
    document.documentElement.setAttribute('data-arxiv-daily-stale', '');
    for (const c of document.querySelectorAll<HTMLElement>(`[${OURS_ATTR}] button, [${OURS_ATTR}] select`)) {
      (c as HTMLButtonElement).disabled = true;
      c.title = 'arXiv Daily was updated: reload the page to use its controls';
    }
  }

  private setOriginalOnly(on: boolean): void {
    this.writer.push(() => document.documentElement.classList.toggle('adt-original', on));
    this.bar?.setOriginal(on);
  }

  private addToolbar(dimChoice: DimOthers | null, auto: boolean): void {
    this.bar = toolbar({
      dimChoice,
      onOriginalOnly: (on) => this.setOriginalOnly(on),
      onDim: (mode) => {
        this.dim = mode;
        this.applyDim();
      },
    });
    if (auto) this.bar.root.classList.add('adt-auto');
    const root = this.bar.root;
    this.writer.push(() => document.body.append(root));
  }

  // -------------------------------------------------------------------------------------------
  // Abstract pages and HTML papers: one paper

  private async startSingle(kind: 'abs' | 'html'): Promise<void> {
    const route = this.d.route as { id: string; version?: number };
    const anchors: Partial<Record<TextField, Element>> = {};
    const texts: Partial<Record<TextField, string>> = {};
    let origin: 'meta' | 'page' = 'page';
    if (kind === 'abs') {
      const page = readAbsPage(document, route);
      if (!page) return;
      if (page.title) anchors.title = page.title;
      if (page.abstract) anchors.abstract = page.abstract;
      const fields = Object.keys(anchors) as TextField[];
      if (fields.every((f) => page.meta[f])) {
        origin = 'meta';
        for (const f of fields) texts[f] = page.meta[f]!;
      } else {
        for (const f of fields) texts[f] = page.meta[f] ?? sourceText(anchors[f]);
      }
    } else {
      const paper = readHtmlPaper(document, route);
      if (!paper.abstract || !paper.abstractAnchor) return;
      anchors.abstract = paper.abstractAnchor;
      texts.abstract = sourceText(paper.abstract, { skip: '.ltx_title_abstract' });
    }
    const fields = (Object.keys(anchors) as TextField[]).filter((f) => texts[f]);
    if (!fields.length) return;
    const item: TranslateItem = { id: route.id, fields, texts: clip(texts), origin };
    this.single = { item, anchors, blocks: {}, tries: 0 };
    this.addToolbar(null, true);
    await this.translateSingle();
  }

  private async translateSingle(service?: ServiceOption): Promise<void> {
    const s = this.single;
    if (!s || this.stopped) return;
    if (s.status) s.status.textContent = service ? `Translating with ${service.name}…` : '';
    const answer = await this.d.bg.translate({ items: [s.item], ...(service ? { service: service.id } : {}) });
    if (this.stopped || !answer) return;
    const r = answer.items.find((i) => i.id === s.item.id);
    if (!r) return;
    this.writer.push(() => this.renderSingle(r, service));
    if (r.pending?.length && s.tries++ < MAX_RETRIES) this.d.ctx.setTimeout(() => void this.translateSingle(service), RETRY_MS);
  }

  private renderSingle(r: ItemResult, service?: ServiceOption): void {
    const s = this.single!;
    const kind = this.d.route.kind;
    const failed: string[] = [];
    for (const field of s.item.fields) {
      const anchor = s.anchors[field];
      if (!anchor?.isConnected) continue;
      const got = r.fields[field];
      const error = r.errors?.[field];
      const old = s.blocks[field];
      if (got) {
        if (old) {
          setBlock(old.block, old.text, got);
          this.math.mark(old.text, got.text);
        } else {
          const made = this.block(field, got, `${kind}-${field}`, anchor, kind === 'abs');
          s.blocks[field] = made;
          const next = anchor.nextElementSibling;
          if (next?.getAttribute(OURS_ATTR) === `${field}-error`) next.remove();
          anchor.after(made.block);
        }
      } else if (error && !old) {
        const next = anchor.nextElementSibling;
        if (next?.getAttribute(OURS_ATTR) === `${field}-error`) next.remove();
        anchor.after(errorBlock(field, error, () => void this.translateSingle(service)));
      } else if (error) failed.push(error);
    }
    // The controls go under the abstract's translation (or the title's, when there is no abstract).
    const host = s.blocks.abstract?.block ?? s.blocks.title?.block;
    if (host && !host.querySelector('.adt-bar')) {
      const bar = controlBar({
        services: this.d.config.services,
        onOriginalOnly: () => this.setOriginalOnly(true),
        onRetranslate: (svc) => void this.translateSingle(svc),
      });
      s.status = bar.querySelector<HTMLElement>('.adt-status') ?? undefined;
      host.append(bar);
    }
    // Another service that failed leaves the translation shown as it was, and says why.
    if (s.status) s.status.textContent = failed.length ? `${service?.name ?? 'The service'}: ${failed[0]}` : '';
    this.math.flush();
  }

  private block(field: TextField, result: FieldResult, kind: string, source: Element, box: boolean) {
    const made = translationBlock({
      field,
      result,
      lang: this.d.config.lang,
      style: this.typo.of(kind, source),
      onHide: () => undefined,
    });
    if (box) Object.assign(made.block.style, this.typo.box(kind, source));
    this.math.mark(made.text, result.text);
    return made;
  }

  // -------------------------------------------------------------------------------------------
  // Listings and search results: many entries, lazily

  private heads(): Element[] {
    return this.d.route.kind === 'list' ? listingHeads(document) : searchHeads(document);
  }

  private readEntry(head: Element): PageEntry | null {
    return this.d.route.kind === 'list' ? readListingEntry(head) : readSearchResult(head);
  }

  private async startEntries(): Promise<void> {
    // The page's first frames lay out and paint the whole listing (hundreds of ms on a 2,000-entry
    // /new page): our changes wait until that is done instead of adding to it.
    await afterFirstPaint(this.d.ctx);
    if (this.stopped) return;
    const hasKeywords = this.compiled.keywords.length > 0;
    this.addToolbar(hasKeywords ? this.dim : null, false);
    const near = () => this.scheduleNear();
    this.d.ctx.addEventListener(window, 'scroll', near, { passive: true });
    this.d.ctx.addEventListener(window, 'resize', near, { passive: true });
    this.writer.afterFrame = near;
    this.writer.beforeFrame = () => {
      if (!this.nearDirty || this.stopped) return;
      this.nearDirty = false;
      this.updateNear();
    };
    void this.register(this.heads()).then(() => {
      if (this.stopped) return;
      this.watchForEntries();
    });
  }

  /**
   * Reads entries (in slices: 2,000 of them take longer than a frame) and watches each: entries are
   * translated and decorated (keyword highlights, dimming, seen marks) only when they come near the
   * viewport, so the page's DOM changes where the reader is, not 2,000 times at once.
   */
  private async register(heads: Element[]): Promise<void> {
    const fresh: EntryState[] = [];
    const known = new Set([...this.states.values()].map((s) => s.entry.head));
    await sliced(
      this.d.ctx,
      heads.filter((h) => !known.has(h)),
      (head) => {
        const entry = this.readEntry(head);
        if (!entry || this.states.has(entry.target)) return;
        const state: EntryState = { entry, near: false, requested: false, tries: 0, blocks: {}, shown: {} };
        this.states.set(entry.target, state);
        fresh.push(state);
      },
      6,
      'user-visible',
    );
    if (!fresh.length || this.stopped) return;
    this.order = [...this.states.values()].filter((s) => s.entry.target.isConnected);
    if (fresh.length < this.order.length) {
      // Entries added later: keep document order.
      this.order.sort((a, b) => (a.entry.target.compareDocumentPosition(b.entry.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    }
    this.scheduleNear();
    void this.lookupSeen(fresh);
    void this.matchKeywords(fresh);
  }

  /** The near entries are found again at the start of the next frame, before any write (layout is clean then). */
  private scheduleNear(): void {
    if (this.stopped) return;
    this.nearDirty = true;
    this.writer.poke();
  }

  /** The box of the entry at `i`, or of the nearest shown one (hidden entries have none). */
  private box(i: number, step: 1 | -1): { i: number; top: number; bottom: number } | null {
    for (let j = i; j >= 0 && j < this.order.length; j += step) {
      const t = this.order[j]!.entry.target;
      if (this.order[j]!.shown.dim === 'hide' || !t.isConnected) continue;
      const r = t.getBoundingClientRect();
      if (r.height === 0 && r.top === 0) continue;
      return { i: j, top: r.top, bottom: r.bottom };
    }
    return null;
  }

  /** Finds the entries near the viewport (binary search on their boxes), then translates and decorates the new ones. */
  private updateNear(): void {
    const h = window.innerHeight;
    const from = -h * NEAR_ABOVE;
    const to = h * (1 + NEAR_BELOW);
    let lo = 0;
    let hi = this.order.length - 1;
    let first = this.order.length;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.box(mid, 1) ?? this.box(mid, -1);
      if (!b) break;
      if (b.bottom >= from) {
        first = Math.min(first, b.i);
        hi = Math.min(mid, b.i) - 1;
      } else lo = Math.max(mid, b.i) + 1;
    }
    const now = new Set<EntryState>();
    for (let i = first; i < this.order.length; i++) {
      const s = this.order[i]!;
      if (s.shown.dim === 'hide') continue;
      const b = this.box(i, 1);
      if (!b || b.i !== i) continue;
      if (b.top > to) break;
      now.add(s);
    }
    for (const s of this.nearNow) if (!now.has(s)) s.near = false;
    for (const s of now) {
      if (this.nearNow.has(s)) continue;
      s.near = true;
      this.decorate(s);
      if (!s.requested) {
        s.requested = true;
        this.queue.push(s);
      }
    }
    this.nearNow = now;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.stopped || !this.queue.length) return;
    this.flushTimer = this.d.ctx.setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 30);
  }

  private flush(): void {
    while (!this.stopped && this.inflight < IN_FLIGHT && this.queue.length) {
      const batch = this.queue.splice(0, BATCH);
      this.inflight++;
      void this.translateBatch(batch).finally(() => {
        this.inflight--;
        this.flush();
      });
    }
  }

  private async translateBatch(batch: EntryState[]): Promise<void> {
    const items: TranslateItem[] = [];
    for (const s of batch) {
      const e = s.entry;
      const fields: TextField[] = ['title'];
      if (e.abstract) fields.push('abstract');
      const opts = e.skip ? { skip: e.skip } : {};
      const texts = clip({ title: sourceText(e.title, opts), ...(e.abstract ? { abstract: sourceText(e.abstract, opts) } : {}) });
      items.push({ id: e.id, fields: fields.filter((f) => texts[f]), texts, origin: 'page' });
    }
    const answer = await this.d.bg.translate({ items: items.filter((i) => i.fields.length) });
    if (this.stopped || !answer) return;
    const byId = new Map(answer.items.map((r) => [r.id, r]));
    for (const s of batch) {
      const r = byId.get(s.entry.id);
      if (!r) continue;
      this.writer.push(() => this.renderEntry(s, r), Object.keys(r.fields).length);
      if (r.pending?.length && s.tries++ < MAX_RETRIES) {
        this.d.ctx.setTimeout(() => {
          this.queue.push(s);
          this.scheduleFlush();
        }, RETRY_MS);
      }
    }
    this.writer.push(() => this.math.flush());
  }

  private renderEntry(s: EntryState, r: ItemResult): void {
    const e = s.entry;
    for (const field of ['title', 'abstract'] as const) {
      const got = r.fields[field];
      const anchor = field === 'title' ? e.titleAnchor : e.abstractAnchor;
      if (!got || !anchor?.isConnected) continue;
      const old = s.blocks[field];
      if (old) {
        setBlock(old.block, old.text, got);
        this.math.mark(old.text, got.text);
        continue;
      }
      const kind = `${this.d.route.kind}-${field}`;
      const made = this.block(field, got, kind, field === 'title' ? (e.title ?? anchor) : (e.abstract ?? anchor), false);
      s.blocks[field] = made;
      anchor.after(made.block);
    }
  }

  private async lookupSeen(states: EntryState[]): Promise<void> {
    const answer = await this.d.bg.ask('inline:lookup', { ids: [...new Set(states.map((s) => s.entry.id))] });
    if (this.stopped || !answer?.seen?.length) return;
    const seen = new Set(answer.seen);
    for (const s of states) {
      if (!seen.has(s.entry.id)) continue;
      s.seen = true;
      this.decorate(s);
    }
  }

  /** Keyword matching on the page's own text, in low-priority slices; near entries are decorated as their match is known. */
  private async matchKeywords(states: EntryState[]): Promise<void> {
    if (!this.compiled.keywords.length) return;
    await sliced(
      this.d.ctx,
      states,
      (s) => {
        const t = entryText(s.entry);
        s.match = matchPaper({ id: s.entry.id, version: 1, categories: [], links: { abs: '', pdf: '', html: '' }, ...t }, this.compiled);
        this.decorate(s);
      },
      6,
      'background',
    );
  }

  /** Brings a near entry's marks up to date (seen, keyword match and hits, dimmed or hidden), in one write. */
  private decorate(s: EntryState): void {
    if (this.stopped || (!s.near && !s.shown.dim)) return;
    const matched = !!s.match?.keywords.length;
    const dim = s.match && !matched ? this.dim : 'none';
    const todo = (s.seen && !s.shown.seen) || (matched && !s.shown.match) || (s.match !== undefined && (s.shown.dim ?? 'none') !== dim);
    if (!todo || s.pendingWrite) return;
    s.pendingWrite = true;
    this.writer.push(() => {
      s.pendingWrite = false;
      const e = s.entry;
      if (s.seen && !s.shown.seen) {
        e.head.classList.add('adt-seen');
        e.head.setAttribute('data-adt-seen', '');
        s.shown.seen = true;
      }
      if (matched && !s.shown.match) {
        this.highlight(s);
        s.shown.match = true;
      }
      const want = s.match && !s.match.keywords.length ? this.dim : 'none';
      if (s.match && (s.shown.dim ?? 'none') !== want) {
        for (const p of e.parts) {
          p.classList.toggle('adt-dim', want === 'dim');
          p.classList.toggle('adt-hidden', want === 'hide');
        }
        s.shown.dim = want;
        if (want === 'hide') this.hidden.add(s);
        else this.hidden.delete(s);
      }
    }, 1);
  }

  private highlight(s: EntryState): void {
    const e = s.entry;
    const m = s.match!;
    for (const p of e.parts) p.classList.add('adt-match');
    e.head.setAttribute('data-adt-keywords', m.keywords.join(' · '));
    const opts = e.skip ? { skip: e.skip } : {};
    const by = (field: 'title' | 'abstract') => m.hits.filter((h) => h.field === field).map((h) => ({ start: h.start, end: h.end, keyword: h.keyword }));
    if (e.title) highlightRanges(e.title, by('title'), opts);
    if (e.abstract) highlightRanges(e.abstract, by('abstract'), opts);
    // Author hits index into "A, B, C": mark the author links they touch.
    const authorHits = m.hits.filter((h) => h.field === 'authors');
    if (authorHits.length && e.authors) {
      const names = authorNames(e.authors);
      const links = Array.from(e.authors.querySelectorAll('a'));
      let at = 0;
      names.forEach((name, i) => {
        const [start, end] = [at, at + name.length];
        at = end + 2;
        if (authorHits.some((h) => h.start < end && start < h.end)) links[i]?.classList.add('adt-hit-author');
      });
    }
  }

  /** The toolbar changed what entries matching no keyword look like: near and hidden ones change now, the rest as they come near. */
  private applyDim(): void {
    const affected = [...this.states.values()].filter((s) => s.near || this.hidden.has(s));
    for (const s of affected) this.decorate(s);
  }

  /** Entries added later (the page, another extension): picked up as they come. */
  private watchForEntries(): void {
    const tags = new Set(['dl', 'dt', 'dd', 'ol', 'ul', 'li', 'div', 'section', 'main']);
    this.mo = new MutationObserver((records) => {
      let relevant = false;
      for (const rec of records) {
        for (const n of Array.from(rec.addedNodes)) {
          if (n.nodeType !== 1) continue;
          const e = n as Element;
          if (!tags.has(e.localName) || e.hasAttribute(OURS_ATTR)) continue;
          if (e.localName === 'dt' || e.matches('li.arxiv-result') || e.querySelector('dt, li.arxiv-result')) relevant = true;
        }
      }
      if (!relevant || this.rescanTimer !== undefined) return;
      this.rescanTimer = this.d.ctx.setTimeout(() => {
        this.rescanTimer = undefined;
        if (!this.stopped) void this.register(this.heads());
      }, 250);
    });
    this.mo.observe(document.body, { childList: true, subtree: true });
  }
}

/** Resolves once the page has rendered a frame (after the next animation frame, in a new task). */
function afterFirstPaint(ctx: ContentScriptContext): Promise<void> {
  return new Promise((resolve) => ctx.requestAnimationFrame(() => ctx.setTimeout(resolve, 0)));
}

/** Limits page texts to what the protocol accepts. */
function clip(texts: Partial<Record<TextField, string>>): Partial<Record<TextField, string>> {
  const out: Partial<Record<TextField, string>> = {};
  if (texts.title) out.title = texts.title.slice(0, 2000);
  if (texts.abstract) out.abstract = texts.abstract.slice(0, 12000);
  return out;
}

/** Set on `<html>` while a page has our additions (an updated script finds what an earlier one left). */
export const ACTIVE_ATTR = 'data-arxiv-daily-on';

/** Removes every node and class we added (also what an earlier instance of the script left). */
export function removeEverything(parts: Element[] = []): void {
  for (const n of Array.from(document.querySelectorAll(`[${OURS_ATTR}]`))) n.remove();
  removeHighlights(document);
  for (const n of Array.from(document.querySelectorAll('.adt-hit-author'))) n.classList.remove('adt-hit-author');
  const marked = new Set([...parts, ...Array.from(document.querySelectorAll(CLASSES.map((c) => `.${c}`).join(', ')))]);
  for (const p of marked) {
    p.classList.remove(...CLASSES);
    p.removeAttribute('data-adt-seen');
    p.removeAttribute('data-adt-keywords');
  }
  const html = document.documentElement;
  html.classList.remove('adt-original');
  html.removeAttribute('data-arxiv-daily-stale');
  html.removeAttribute(ACTIVE_ATTR);
}
