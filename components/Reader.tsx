import type { ListingView } from '@/lib/listing';
import type { StatusLine } from '@/lib/sync/describe';
import type { PaperTextRow } from '@/lib/db/schema';
import type { TranslateField } from '@/lib/messages';
import { PaperCard, type TranslationView } from './PaperCard';

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
  heading: string | undefined;
  status: StatusLine;
  busy: boolean;
  onRefresh(): void;
  onOptions(): void;
  translations?: ReaderTranslations;
}

const NO_FIELDS: ReadonlySet<TranslateField> = new Set();

/** The day's listing: header with the listing, the count and the fetch state; papers grouped by keyword. */
export function Reader({ view, heading, status, busy, onRefresh, onOptions, translations }: ReaderProps) {
  const trFor = (id: string): TranslationView | undefined =>
    translations && {
      row: translations.rows.get(id),
      lang: translations.lang,
      request: translations.request,
      busy: translations.busy.get(id) ?? NO_FIELDS,
    };
  const count = view?.relevant.length ?? 0;
  const hasKeywords = (view?.groups.length ?? 0) > 0 || (view ? view.relevant.length !== view.all.length : false);
  return (
    <div class="reader">
      <header class="top">
        <div class="top-row">
          <h1>arXiv Daily</h1>
          <div class="actions">
            <button type="button" class="refresh" onClick={onRefresh} disabled={busy} aria-busy={busy}>
              {busy ? 'Fetching…' : 'Refresh'}
            </button>
            <button type="button" class="options-link" onClick={onOptions}>
              Options
            </button>
          </div>
        </div>
        {heading && <p class="listing">{heading}</p>}
        <p class="count" role="status">
          {view?.day
            ? hasKeywords
              ? `${count} relevant paper${count === 1 ? '' : 's'} today (of ${view.all.length})`
              : `${count} new paper${count === 1 ? '' : 's'} today`
            : ''}
        </p>
        <p class={`sync sync-${status.tone}`} aria-live="polite">
          {status.text}
        </p>
        {translations?.problem && <p class="sync sync-error tr-problem">{translations.problem}</p>}
        {view && view.keywordErrors.length > 0 && (
          <p class="sync sync-error">
            {view.keywordErrors.map((e) => `Keyword "${e.label}": ${e.message}`).join(' · ')}
          </p>
        )}
      </header>
      <main>
        {!view?.day ? (
          <p class="empty">
            {status.tone === 'error'
              ? 'No listing could be fetched yet.'
              : 'No listing stored yet. The first fetch runs right after installation.'}
          </p>
        ) : count === 0 ? (
          <p class="empty">No paper in this listing matches your keywords.</p>
        ) : view.groups.length > 0 ? (
          view.groups.map((g) => (
            <section key={g.keyword} class="group" aria-label={`Keyword: ${g.keyword}`}>
              <h2>
                {g.keyword} <span class="n">{g.items.length}</span>
              </h2>
              {g.items.map((i) => (
                <PaperCard key={i.paper.id} item={i} tr={trFor(i.paper.id)} />
              ))}
            </section>
          ))
        ) : (
          <section class="group" aria-label="All papers">
            {view.relevant.map((i) => (
              <PaperCard key={i.paper.id} item={i} tr={trFor(i.paper.id)} />
            ))}
          </section>
        )}
      </main>
    </div>
  );
}
