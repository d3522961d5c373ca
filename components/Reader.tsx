import { useEffect, useState } from 'preact/hooks';
import type { HfMeta, PaperTextRow } from '@/lib/db/schema';
import type { ListingItem, ListingView } from '@/lib/listing';
import type { TranslateField } from '@/lib/messages';
import type { Theme } from '@/lib/settings';
import type { StatusLine } from '@/lib/sync/describe';
import { t, tn, type MessageKey } from '@/lib/i18n';
import { ExportMenu, type ExportMenuProps } from './ExportMenu';
import { PaperCard, type TranslationView } from './PaperCard';

export type ReaderTab = 'keywords' | 'all' | 'starred' | 'trending';

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
  /** Inline translation on arxiv.org (the popup's switch for it). */
  inlineEnabled?: boolean;
  /** Hugging Face data of the papers in the Trending tab (absent: no Trending tab). */
  hfMeta?: ReadonlyMap<string, HfMeta>;
  /** The last Hugging Face fetch failed (the stored list is kept): in words. */
  hfProblem?: string;
  onToggleInline?: () => void;
}

const NO_FIELDS: ReadonlySet<TranslateField> = new Set();
const THEMES: Theme[] = ['system', 'light', 'dark'];
const THEME_LABEL: Record<Theme, MessageKey> = { system: 'reader.theme.system', light: 'reader.theme.light', dark: 'reader.theme.dark' };

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

export function Reader(p: ReaderProps) {
  const { view, translations } = p;
  const searching = p.query.trim().length > 0;
  const hasKeywords = !!view && view.groups.length + view.keywordErrors.length > 0;
  // Cards render in order across sections; `budget` counts down as sections take their share.
  const listed = searching || p.tab === 'starred' || p.tab === 'trending';
  const listKey = listed ? p.list : view && `${view.day?.day}|${p.tab}`;
  const ordered = listed ? (p.list ?? []) : !view ? [] : p.tab === 'all' || !hasKeywords ? view.all : view.groups.flatMap((g) => g.items);
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
      hf={p.tab === 'trending' && !searching ? p.hfMeta?.get(i.paper.id) : undefined}
    />
  );
  const count = view?.relevant.length ?? 0;

  let body;
  if (searching) {
    body = (
      <section class="group" aria-label={t('reader.searchResults')}>
        <h2>{p.list ? tn('reader.results', p.list.length, { query: p.query.trim() }) : t('reader.searching')}</h2>
        {p.list && take(p.list).map(card)}
      </section>
    );
  } else if (p.tab === 'trending') {
    body = (
      <section class="group" aria-label={t('reader.trending')}>
        {p.hfProblem && <p class="sync sync-error hf-problem">{p.hfProblem}</p>}
        {p.list && p.list.length === 0 ? <p class="empty">{t('reader.noTrending')}</p> : p.list && take(p.list).map(card)}
      </section>
    );
  } else if (p.tab === 'starred') {
    body = (
      <section class="group" aria-label={t('reader.starredPapers')}>
        {p.list && p.list.length === 0 ? <p class="empty">{t('reader.noStarred')}</p> : p.list && take(p.list).map(card)}
      </section>
    );
  } else if (!view) {
    // Still reading the database: no empty-state flash before the listing appears.
    body = <p class="loading" aria-busy="true" />;
  } else if (!view.day) {
    body = (
      <p class="empty">
        {t(p.status.tone === 'error' ? 'reader.noListingError' : p.status.tone === 'busy' ? 'reader.noListingBusy' : 'reader.noListingYet')}
      </p>
    );
  } else if (p.tab === 'all' || !hasKeywords) {
    body = (
      <section class="group" aria-label={t('reader.allPapers')}>
        {view.all.length === 0 ? <p class="empty">{t('reader.noPaperInCategories')}</p> : take(view.all).map(card)}
      </section>
    );
  } else if (count === 0) {
    body = <p class="empty">{t('reader.noMatch')}</p>;
  } else {
    body = view.groups.map((g) => (
      <section key={g.keyword} class="group" aria-label={t('reader.keywordGroup', { keyword: g.keyword })}>
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
          <h1>{t('app.name')}</h1>
          <div class="actions">
            <button type="button" class="refresh" onClick={p.onRefresh} disabled={p.busy} aria-busy={p.busy}>
              {t(p.busy ? 'reader.fetching' : 'reader.refresh')}
            </button>
            {p.onOpenTab && (
              <button type="button" onClick={p.onOpenTab} title={t('reader.openInTabTitle')}>
                {t('reader.openInTab')}
              </button>
            )}
            <button
              type="button"
              aria-label={t(THEME_LABEL[p.theme])}
              title={t(THEME_LABEL[p.theme])}
              onClick={() => p.onTheme(THEMES[(THEMES.indexOf(p.theme) + 1) % THEMES.length]!)}
            >
              {p.theme === 'dark' ? '☾' : p.theme === 'light' ? '☀' : '◐'}
            </button>
            {p.exporter && view?.day && <ExportMenu {...p.exporter} />}
            <button type="button" class="options-link" onClick={p.onOptions}>
              {t('reader.options')}
            </button>
          </div>
        </div>
        {p.heading && (
          <div class="listing-row">
            <button type="button" class="nav" aria-label={t('reader.prevListing')} title={t('reader.prevListing')} disabled={!p.prevDay} onClick={() => p.prevDay && p.onDay(p.prevDay)}>
              ‹
            </button>
            <p class="listing">{p.heading}</p>
            <button type="button" class="nav" aria-label={t('reader.nextListing')} title={t('reader.nextListing')} disabled={!p.nextDay} onClick={() => p.nextDay && p.onDay(p.nextDay)}>
              ›
            </button>
          </div>
        )}
        {view?.day && (
          <p class="count" role="status">
            {hasKeywords ? tn('reader.countRelevant', count, { total: view.all.length }) : tn('reader.countNew', count)}
          </p>
        )}
        <p class={`sync sync-${p.status.tone}`} aria-live="polite">
          {p.status.text}
        </p>
        {p.notice && <p class="sync notice">{p.notice}</p>}
        {translations?.problem && <p class="sync sync-error tr-problem">{translations.problem}</p>}
        {view && view.keywordErrors.length > 0 && (
          <p class="sync sync-error">{view.keywordErrors.map((e) => t('reader.keywordError', { label: e.label, message: e.message })).join(' · ')}</p>
        )}
        <div class="toolbar">
          <div role="tablist" aria-label={t('reader.views')}>
            {hasKeywords && (
              <button type="button" role="tab" aria-selected={p.tab === 'keywords'} onClick={() => p.onTab('keywords')}>
                {t('reader.tab.keywords')}
              </button>
            )}
            <button type="button" role="tab" aria-selected={p.tab === 'all' || (!hasKeywords && p.tab === 'keywords')} onClick={() => p.onTab('all')}>
              {t('reader.tab.all')}
            </button>
            <button type="button" role="tab" aria-selected={p.tab === 'starred'} onClick={() => p.onTab('starred')}>
              {t('reader.tab.starred')}
            </button>
            {p.hfMeta && (
              <button type="button" role="tab" aria-selected={p.tab === 'trending'} onClick={() => p.onTab('trending')}>
                {t('reader.trending')}
              </button>
            )}
          </div>
          {translations && (
            <label class="tr-toggle">
              <input type="checkbox" checked={p.showTranslations} onChange={p.onToggleTranslations} /> {t('reader.translations')}
            </label>
          )}
          {p.onToggleInline && (
            <label class="tr-toggle" title={t('reader.inlineToggleTitle')}>
              <input type="checkbox" checked={!!p.inlineEnabled} onChange={p.onToggleInline} /> {t('reader.inlineToggle')}
            </label>
          )}
          <input
            type="search"
            class="search"
            aria-label={t('reader.searchLabel')}
            placeholder={t('reader.searchPlaceholder')}
            value={p.query}
            onInput={(e) => p.onQuery((e.target as HTMLInputElement).value)}
          />
        </div>
      </header>
      <main>{body}</main>
    </div>
  );
}
