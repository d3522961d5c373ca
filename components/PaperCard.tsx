import { useState } from 'preact/hooks';
import type { HfMeta, PaperTextRow } from '@/lib/db/schema';
import type { ListingItem } from '@/lib/listing';
import type { TranslateField } from '@/lib/messages';
import { isCurrent } from '@/lib/translate/pipeline';
import { authorString } from '@/lib/match';
import { t, type MessageKey } from '@/lib/i18n';
import { Highlighted } from './Highlighted';
import { RichText } from './RichText';

const TYPE_LABEL: Record<Exclude<ListingItem['type'], 'new'>, MessageKey> = {
  cross: 'paper.type.cross',
  replace: 'paper.type.replace',
  'replace-cross': 'paper.type.replaceCross',
};
const MAX_AUTHORS = 8;

export interface TranslationView {
  row: PaperTextRow | undefined;
  /** BCP-47 tag of the translation language (for `lang` on translated text). */
  lang: string;
  /** Ask the background to translate (on demand, or retry after a failure). */
  request(id: string, fields: TranslateField[]): void;
  /** Fields being translated right now for this paper. */
  busy: ReadonlySet<TranslateField>;
}

/** A field's translation, or its failure with a retry button; nothing while none exists. */
function Translated({ tr, field, source, id, block }: { tr: TranslationView; field: TranslateField; source: string; id: string; block?: boolean }) {
  const current = isCurrent(tr.row, field, source) ? tr.row?.[field] : undefined;
  const error = tr.row?.errors?.[field];
  if (current) {
    return block ? (
      <p class={`tr tr-${field}`} lang={tr.lang} translate={false}>
        <RichText text={current.text} />
      </p>
    ) : (
      <span class={`tr tr-${field}`} lang={tr.lang} translate={false}>
        <RichText text={current.text} />
      </span>
    );
  }
  if (tr.busy.has(field)) return <span class="tr-pending">{t('paper.translating')}</span>;
  if (error) {
    return (
      <span class="tr-failed" role="note">
        {t('paper.trFailed', { error })}{' '}
        <button type="button" class="link" onClick={() => tr.request(id, [field])}>
          {t('paper.retry')}
        </button>
      </span>
    );
  }
  return null;
}

export interface PaperCardProps {
  item: ListingItem;
  tr?: TranslationView;
  selected?: boolean;
  /** Unseen when the reader opened. */
  isNew?: boolean;
  onSelect?(id: string): void;
  onStar?(id: string, starred: boolean): void;
  /** The user opened the paper (a link): it counts as read. */
  onOpen?(id: string): void;
  /** Hugging Face's data for a trending paper. */
  hf?: HfMeta;
}

export function PaperCard({ item, tr, selected, isNew, onSelect, onStar, onOpen, hf }: PaperCardProps) {
  const { paper, type, match, user } = item;
  const starred = !!user?.starredAt;
  const [expanded, setExpanded] = useState(false);
  const opened = () => onOpen?.(paper.id);
  const authors = authorString(paper);
  const shownAuthors =
    paper.authors.length > MAX_AUTHORS ? t('paper.etAl', { names: paper.authors.slice(0, MAX_AUTHORS).join(', '), n: paper.authors.length }) : authors;
  return (
    <article
      class={`paper${user?.readAt ? ' read' : ''}${selected ? ' selected' : ''}${isNew ? ' new' : ''}`}
      data-id={paper.id}
      aria-labelledby={`t-${paper.id}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect?.(paper.id)}
    >
      <h3 class="paper-title" id={`t-${paper.id}`}>
        {onStar && (
          <button
            type="button"
            class={`star${starred ? ' on' : ''}`}
            aria-label={t(starred ? 'paper.unstar' : 'paper.star')}
            aria-pressed={starred}
            onClick={(e) => {
              e.stopPropagation();
              onStar(paper.id, !starred);
            }}
          >
            {starred ? '★' : '☆'}
          </button>
        )}
        <a href={paper.links.abs} target="_blank" rel="noopener noreferrer" onClick={opened} lang="en">
          <RichText text={paper.title} hits={match.hits} field="title" />
        </a>
        {type !== 'new' && <span class={`tag tag-${type}`}>{t(TYPE_LABEL[type])}</span>}
      </h3>
      {tr && (
        <p class="tr-line">
          <Translated tr={tr} field="title" source={paper.title} id={paper.id} />
        </p>
      )}
      <p class="authors">
        {shownAuthors === authors ? <Highlighted text={authors} hits={match.hits} field="authors" /> : shownAuthors}
      </p>
      <p class="meta">
        <span class="cats">
          {paper.categories.map((c, i) => (
            <span key={c} class={i === 0 ? 'cat primary' : 'cat'} title={i === 0 ? t('paper.primaryCategory') : undefined}>
              {c}
            </span>
          ))}
        </span>
        <span class="links">
          <a href={paper.links.abs} target="_blank" rel="noopener noreferrer" onClick={opened}>abs</a>
          <a href={paper.links.pdf} target="_blank" rel="noopener noreferrer" onClick={opened}>pdf</a>
          <a href={paper.links.html} target="_blank" rel="noopener noreferrer" onClick={opened}>html</a>
          <span class="id">arXiv:{paper.id}v{paper.version}</span>
        </span>
      </p>
      {hf && (
        <p class="hf">
          <span class="upvotes" title={t('hf.upvotesTitle')}>▲ {hf.upvotes}</span>
          {hf.githubRepo && (
            <a href={hf.githubRepo} target="_blank" rel="noopener noreferrer">
              GitHub{hf.githubStars !== undefined ? ` ★ ${hf.githubStars}` : ''}
            </a>
          )}
          {hf.projectPage && (
            <a href={hf.projectPage} target="_blank" rel="noopener noreferrer">
              {t('hf.project')}
            </a>
          )}
          <a href={`https://huggingface.co/papers/${paper.id}`} target="_blank" rel="noopener noreferrer">
            Hugging Face
          </a>
          {hf.aiSummary && <span class="ai-summary">{t('hf.aiSummary')}: {hf.aiSummary}</span>}
        </p>
      )}
      {match.keywords.length > 0 && (
        <p class="kw">
          {match.keywords.map((k) => (
            <span key={k} class="kw-chip">{k}</span>
          ))}
        </p>
      )}
      <div class={`abstract${expanded ? ' expanded' : ''}`}>
        <p class="en" lang="en">
          <RichText text={paper.abstract} hits={match.hits} field="abstract" />
        </p>
        {tr && <Translated tr={tr} field="abstract" source={paper.abstract} id={paper.id} block />}
        <button
          type="button"
          class="link more"
          aria-expanded={expanded}
          onClick={(e) => {
            e.stopPropagation();
            const open = !expanded;
            setExpanded(open);
            // Abstracts translate on demand when the background did not already.
            if (open && tr && !isCurrent(tr.row, 'abstract', paper.abstract) && !tr.row?.errors?.abstract && !tr.busy.has('abstract')) {
              tr.request(paper.id, ['abstract']);
            }
          }}
        >
          {t(expanded ? 'paper.less' : 'paper.more')}
        </button>
      </div>
    </article>
  );
}
