import { useEffect, useState } from 'preact/hooks';
import type { PaperTextRow } from '@/lib/db/schema';
import type { ListingItem, ListingView } from '@/lib/listing';
import type { TranslateField } from '@/lib/messages';
import type { Theme } from '@/lib/settings';
import type { StatusLine } from '@/lib/sync/describe';
import { ExportMenu, type ExportMenuProps } from './ExportMenu';
import { PaperCard, type TranslationView } from './PaperCard';

export type ReaderTab = 'keywords' | 'all' | 'starred';

export interface ReaderTranslations {
  rows: ReadonlyMap<string, PaperTextRow>;
  lang: string;
  request(id: string, fields: TranslateField[]): void;
  busy: ReadonlyMap<string, ReadonlySet<TranslateField>>;
  /** Translation trouble in words (service failing, halted), shown under the sync line. */
  problem?: string;
}

export interface ReaderProps {
  view: ListingView | undefined;
  /** "New listings for … · announced …". */
  heading: string | undefined;
  /** Neighbouring stored listing days. */
  prevDay?: string;
  nextDay?: string;
  onDay(day: string): void;
  tab: ReaderTab;
  onTab(tab: ReaderTab): void;
  query: string;
  onQuery(q: string): void;
  /** Search results (when a query is typed) or the starred papers (starred tab). */
  list: ListingItem[] | undefined;
  status: StatusLine;
  /** Weekend / holiday note. */
  notice?: string;
  busy: boolean;
  onRefresh(): void;
  onOptions(): void;
  onOpenTab?: () => void;
  theme: Theme;
  onTheme(next: Theme): void;
  translations?: ReaderTranslations;
  showTranslations: boolean;
  onToggleTranslations(): void;
  selectedId?: string;
  onSelect(id: string): void;
  onStar(id: string, starred: boolean): void;
  onOpen(id: string): void;
  /** Papers that were unseen when the reader opened. */
  newIds: ReadonlySet<string>;
  exporter?: ExportMenuProps;
}

const NO_FIELDS: ReadonlySet<TranslateField> = new Set();
const THEMES: Theme[] = ['system', 'light', 'dark'];
const THEME_LABEL: Record<Theme, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

/**
 * How many cards to render: the first screenful at once, the rest in idle chunks, so a 2,000-paper
 * listing paints its first cards as fast as a short one. `needed` (the keyboard's selection) forces more.
 */
function useProgressiveLimit(key: unknown, total: number, needed: number): number {
  const FIRST = 40;
  const [limit, setLimit] = useState(FIRST);
  useEffect(() => setLimit(FIRST), [key]);
  useEffect(() => {
    if (limit >= total) return;
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 16));
    const handle = idle(() => setLimit((l) => l + 150));
    return () => ((globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback ?? clearTimeout)(handle as never);
  }, [limit, total]);
  return Math.max(limit, needed);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function Reader(p: ReaderProps) {
  const { view, translations } = p;
  const searching = p.query.trim().length > 0;
  const hasKeywords = !!view && view.groups.length + view.keywordErrors.length > 0;
  // Cards render in order across sections; `budget` counts down as sections take their share.
  const listKey = searching || p.tab === 'starred' ? p.list : view && `${view.day?.day}|${p.tab}`;
  const ordered = searching || p.tab === 'starred' ? (p.list ?? []) : !view ? [] : p.tab === 'all' || !hasKeywords ? view.all : view.groups.flatMap((g) => g.items);
  const selectedIndex = p.selectedId ? ordered.findIndex((i) => i.paper.id === p.selectedId) : -1;
  let budget = useProgressiveLimit(listKey, ordered.length, selectedIndex + 20);
  const take = (items: ListingItem[]) => {
    const shown = items.slice(0, Math.max(0, budget));
    budget -= shown.length;
    return shown;
  };
  const trFor = (id: string): TranslationView | undefined =>
    translations && p.showTranslations
      ? { row: translations.rows.get(id), lang: translations.lang, request: translations.request, busy: translations.busy.get(id) ?? NO_FIELDS }
      : undefined;
  const card = (i: ListingItem) => (
    <PaperCard
      key={i.paper.id}
      item={i}
      tr={trFor(i.paper.id)}
      selected={p.selectedId === i.paper.id}
      isNew={p.newIds.has(i.paper.id)}
      onSelect={p.onSelect}
      onStar={p.onStar}
      onOpen={p.onOpen}
    />
  );
  const count = view?.relevant.length ?? 0;

  let body;
  if (searching) {
    body = (
      <section class="group" aria-label="Search results">
        <h2>{p.list ? `${plural(p.list.length, 'result')} for “${p.query.trim()}”` : 'Searching…'}</h2>
        {p.list && take(p.list).map(card)}
      </section>
    );
  } else if (p.tab === 'starred') {
    body = (
      <section class="group" aria-label="Starred papers">
        {p.list && p.list.length === 0 ? <p class="empty">No starred papers yet. Press ☆ (or s) on a paper to keep it here.</p> : p.list && take(p.list).map(card)}
      </section>
    );
  } else if (!view?.day) {
    body = (
      <p class="empty">
        {p.status.tone === 'error' ? 'No listing could be fetched yet.' : p.status.tone === 'busy' ? 'Fetching the latest listing…' : 'No listing stored yet. The first fetch runs right after installation.'}
      </p>
    );
  } else if (p.tab === 'all' || !hasKeywords) {
    body = (
      <section class="group" aria-label="All papers">
        {view.all.length === 0 ? <p class="empty">This listing has no paper in your categories.</p> : take(view.all).map(card)}
      </section>
    );
  } else if (count === 0) {
    body = <p class="empty">No paper in this listing matches your keywords. See “All papers”.</p>;
  } else {
    body = view.groups.map((g) => (
      <section key={g.keyword} class="group" aria-label={`Keyword: ${g.keyword}`}>
        <h2>
          {g.keyword} <span class="n">{g.items.length}</span>
        </h2>
        {take(g.items).map(card)}
      </section>
    ));
  }

  return (
    <div class="reader">
      <header class="top">
        <div class="top-row">
          <h1>arXiv Daily</h1>
          <div class="actions">
            <button type="button" class="refresh" onClick={p.onRefresh} disabled={p.busy} aria-busy={p.busy}>
              {p.busy ? 'Fetching…' : 'Refresh'}
            </button>
            {p.onOpenTab && (
              <button type="button" onClick={p.onOpenTab} title="Open the reader in a tab">
                Open in tab
              </button>
            )}
            <button
              type="button"
              aria-label={THEME_LABEL[p.theme]}
              title={THEME_LABEL[p.theme]}
              onClick={() => p.onTheme(THEMES[(THEMES.indexOf(p.theme) + 1) % THEMES.length]!)}
            >
              {p.theme === 'dark' ? '☾' : p.theme === 'light' ? '☀' : '◐'}
            </button>
            {p.exporter && view?.day && <ExportMenu {...p.exporter} />}
            <button type="button" class="options-link" onClick={p.onOptions}>
              Options
            </button>
          </div>
        </div>
        {p.heading && (
          <div class="listing-row">
            <button type="button" class="nav" aria-label="Previous listing" disabled={!p.prevDay} onClick={() => p.prevDay && p.onDay(p.prevDay)}>
              ‹
            </button>
            <p class="listing">{p.heading}</p>
            <button type="button" class="nav" aria-label="Next listing" disabled={!p.nextDay} onClick={() => p.nextDay && p.onDay(p.nextDay)}>
              ›
            </button>
          </div>
        )}
        {view?.day && (
          <p class="count" role="status">
            {hasKeywords ? `${plural(count, 'relevant paper')} today (of ${view.all.length})` : `${plural(count, 'new paper')} today`}
          </p>
        )}
        <p class={`sync sync-${p.status.tone}`} aria-live="polite">
          {p.status.text}
        </p>
        {p.notice && <p class="sync notice">{p.notice}</p>}
        {translations?.problem && <p class="sync sync-error tr-problem">{translations.problem}</p>}
        {view && view.keywordErrors.length > 0 && (
          <p class="sync sync-error">{view.keywordErrors.map((e) => `Keyword "${e.label}": ${e.message}`).join(' · ')}</p>
        )}
        <div class="toolbar">
          <div role="tablist" aria-label="Views">
            {hasKeywords && (
              <button type="button" role="tab" aria-selected={p.tab === 'keywords'} onClick={() => p.onTab('keywords')}>
                By keyword
              </button>
            )}
            <button type="button" role="tab" aria-selected={p.tab === 'all' || (!hasKeywords && p.tab === 'keywords')} onClick={() => p.onTab('all')}>
              All papers
            </button>
            <button type="button" role="tab" aria-selected={p.tab === 'starred'} onClick={() => p.onTab('starred')}>
              Starred
            </button>
          </div>
          {translations && (
            <label class="tr-toggle">
              <input type="checkbox" checked={p.showTranslations} onChange={p.onToggleTranslations} /> Translations
            </label>
          )}
          <input
            type="search"
            class="search"
            aria-label="Search all stored papers"
            placeholder="Search all papers (/)"
            value={p.query}
            onInput={(e) => p.onQuery((e.target as HTMLInputElement).value)}
          />
        </div>
      </header>
      <main>{body}</main>
    </div>
  );
}
