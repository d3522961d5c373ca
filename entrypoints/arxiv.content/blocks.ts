/**
 * What the content script adds to arXiv's pages, built with the DOM (text only, never HTML strings):
 * translation blocks in the page's own typography, marked as machine translations with the service's
 * name; the abstract page's controls; the small fixed toolbar. Every node we add carries
 * `data-arxiv-daily` (so it is never read back as page text, and is removed as a whole) and
 * `translate="no"` (a page translator must not translate a translation again).
 */
import type { FieldResult, ServiceOption, TextField } from '@/lib/content-protocol';

export const OURS_ATTR = 'data-arxiv-daily';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  e.setAttribute('translate', 'no');
  if (text !== undefined) e.textContent = text;
  return e;
}

const TYPOGRAPHY = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'lineHeight', 'letterSpacing', 'color'] as const;
const BOX = ['marginLeft', 'marginRight'] as const;

/** The look of the page's own elements, read once per kind of element (a style read, no layout). */
export class Typography {
  private cache = new Map<string, Partial<CSSStyleDeclaration>>();

  private read(key: string, source: Element | null, props: readonly (keyof CSSStyleDeclaration)[]): Partial<CSSStyleDeclaration> {
    let style = this.cache.get(key);
    if (!style && source) {
      const cs = getComputedStyle(source);
      style = {};
      for (const p of props) (style as Record<string, unknown>)[p as string] = cs[p];
      this.cache.set(key, style);
    }
    return style ?? {};
  }

  /** Font, size, weight, line height and colour of `source` (arXiv's typography for the translation's text). */
  of(kind: string, source: Element | null): Partial<CSSStyleDeclaration> {
    return this.read(`t:${kind}`, source, TYPOGRAPHY);
  }

  /** Side margins of `source` (a block that lines up with the title or the abstract's quote). */
  box(kind: string, source: Element | null): Partial<CSSStyleDeclaration> {
    return this.read(`b:${kind}`, source, BOX);
  }
}

export interface BlockOptions {
  field: TextField;
  result: FieldResult;
  /** BCP-47 tag of the translation's language. */
  lang: string;
  style: Partial<CSSStyleDeclaration>;
  /** Per-block "hide" switch. */
  onHide?: (block: HTMLElement, hidden: boolean) => void;
}

/** A translation block: the text (MathJax typesets it when it has math), then a small label naming the service. */
export function translationBlock(o: BlockOptions): { block: HTMLElement; text: HTMLElement } {
  const block = el('div', `adt-tr adt-tr-${o.field}`);
  block.setAttribute(OURS_ATTR, o.field);
  block.lang = o.lang;
  // `mathjax`: the class arXiv's MathJax configuration processes (its own typeset pass picks these up too).
  const text = el('span', 'adt-text mathjax');
  Object.assign(text.style, o.style);
  text.lang = o.lang;
  block.append(text, label(o));
  setBlock(block, text, o.result);
  return { block, text };
}

function label(o: BlockOptions): HTMLElement {
  const wrap = el('span', 'adt-meta');
  wrap.lang = 'en';
  const tag = el('span', 'adt-label');
  wrap.append(tag);
  if (o.onHide) {
    const hide = el('button', 'adt-btn adt-hide', 'Hide');
    hide.type = 'button';
    hide.addEventListener('click', () => {
      const block = wrap.closest<HTMLElement>('.adt-tr');
      if (!block) return;
      const hidden = !block.classList.contains('adt-collapsed');
      block.classList.toggle('adt-collapsed', hidden);
      hide.textContent = hidden ? 'Show translation' : 'Hide';
      o.onHide!(block, hidden);
    });
    wrap.append(hide);
  }
  return wrap;
}

/** Puts a (new) translation into a block: text, service name, origin. */
export function setBlock(block: HTMLElement, text: HTMLElement, r: FieldResult): void {
  text.textContent = r.text;
  block.dataset.service = r.service;
  block.dataset.origin = r.origin;
  const tag = block.querySelector('.adt-label');
  if (tag) {
    tag.textContent = `Translated · ${r.service}`;
    (tag as HTMLElement).title = `Machine translation by ${r.service} (arXiv Daily). Source: ${ORIGINS[r.origin] ?? r.origin}.`;
  }
}

const ORIGINS: Record<string, string> = {
  db: 'the paper as stored by arXiv Daily',
  meta: "the page's citation data",
  api: "arXiv's API",
  page: "the page's text",
};

/** A failed translation, in words, with a retry (abstract and HTML pages only: listings stay quiet). */
export function errorBlock(field: TextField, message: string, onRetry: () => void): HTMLElement {
  const block = el('div', `adt-tr adt-error adt-tr-${field}`);
  block.setAttribute(OURS_ATTR, `${field}-error`);
  block.lang = 'en';
  block.append(el('span', 'adt-label', `Translation failed: ${message}`));
  const retry = el('button', 'adt-btn', 'Retry');
  retry.type = 'button';
  retry.addEventListener('click', onRetry);
  block.append(retry);
  return block;
}

export interface BarOptions {
  services: ServiceOption[];
  onOriginalOnly(): void;
  onRetranslate(service: ServiceOption): void;
}

/** The abstract page's controls: original only (every translation on the page), re-translate with another service. */
export function controlBar(o: BarOptions): HTMLElement {
  const bar = el('div', 'adt-bar');
  bar.setAttribute(OURS_ATTR, 'bar');
  bar.lang = 'en';
  const original = el('button', 'adt-btn adt-original-only', 'Original only');
  original.type = 'button';
  original.addEventListener('click', () => o.onOriginalOnly());
  bar.append(original);
  if (o.services.length) {
    const select = el('select', 'adt-select');
    select.setAttribute('aria-label', 'Re-translate with another service');
    select.append(new Option('Re-translate with…', ''));
    for (const s of o.services) select.append(new Option(s.name, s.id));
    select.addEventListener('change', () => {
      const s = o.services.find((x) => x.id === select.value);
      select.value = '';
      if (s) o.onRetranslate(s);
    });
    bar.append(select);
  }
  const status = el('span', 'adt-status');
  status.setAttribute('role', 'status');
  bar.append(status);
  return bar;
}

export interface ToolbarOptions {
  /** Offer the dim/hide choice (listings and search results with keywords). */
  dimChoice: 'none' | 'dim' | 'hide' | null;
  onOriginalOnly(on: boolean): void;
  onDim(mode: 'none' | 'dim' | 'hide'): void;
}

/** A small fixed toolbar (no layout effect on the page): original only / show translations, and what non-matching entries look like. */
export function toolbar(o: ToolbarOptions): { root: HTMLElement; setOriginal(on: boolean): void } {
  const root = el('div', 'adt-toolbar');
  root.setAttribute(OURS_ATTR, 'toolbar');
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', 'arXiv Daily');
  root.lang = 'en';
  root.append(el('span', 'adt-brand', 'arXiv Daily'));
  const toggle = el('button', 'adt-btn adt-toggle', 'Original only');
  toggle.type = 'button';
  let original = false;
  toggle.addEventListener('click', () => {
    original = !original;
    set(original);
    o.onOriginalOnly(original);
  });
  root.append(toggle);
  if (o.dimChoice) {
    const select = el('select', 'adt-select adt-dim-choice');
    select.setAttribute('aria-label', 'Entries matching no keyword');
    select.append(new Option('Other entries: shown', 'none'), new Option('Other entries: dimmed', 'dim'), new Option('Other entries: hidden', 'hide'));
    select.value = o.dimChoice;
    select.addEventListener('change', () => o.onDim(select.value as 'none' | 'dim' | 'hide'));
    root.append(select);
  }
  const set = (on: boolean) => {
    original = on;
    toggle.textContent = on ? 'Show translations' : 'Original only';
    toggle.setAttribute('aria-pressed', String(on));
  };
  return { root, setOriginal: set };
}
