import type { ListingItem } from '@/lib/listing';
import { authorString } from '@/lib/match';
import { Highlighted } from './Highlighted';

const TYPE_LABEL = { new: '', cross: 'cross-list', replace: 'replaced', 'replace-cross': 'replaced cross-list' } as const;
const MAX_AUTHORS = 8;

export function PaperCard({ item }: { item: ListingItem }) {
  const { paper, type, match, user } = item;
  const authors = authorString(paper);
  const shownAuthors =
    paper.authors.length > MAX_AUTHORS ? `${paper.authors.slice(0, MAX_AUTHORS).join(', ')} et al. (${paper.authors.length})` : authors;
  return (
    <article class={`paper${user?.seenAt ? ' seen' : ''}`} data-id={paper.id} aria-labelledby={`t-${paper.id}`}>
      <h3 class="paper-title" id={`t-${paper.id}`}>
        <a href={paper.links.abs} target="_blank" rel="noopener noreferrer">
          <Highlighted text={paper.title} hits={match.hits} field="title" />
        </a>
        {type !== 'new' && <span class={`tag tag-${type}`}>{TYPE_LABEL[type]}</span>}
      </h3>
      <p class="authors">
        {shownAuthors === authors ? <Highlighted text={authors} hits={match.hits} field="authors" /> : shownAuthors}
      </p>
      <p class="meta">
        <span class="cats">
          {paper.categories.map((c, i) => (
            <span key={c} class={i === 0 ? 'cat primary' : 'cat'} title={i === 0 ? 'primary category' : undefined}>
              {c}
            </span>
          ))}
        </span>
        <span class="links">
          <a href={paper.links.abs} target="_blank" rel="noopener noreferrer">abs</a>
          <a href={paper.links.pdf} target="_blank" rel="noopener noreferrer">pdf</a>
          <a href={paper.links.html} target="_blank" rel="noopener noreferrer">html</a>
          <span class="id">arXiv:{paper.id}v{paper.version}</span>
        </span>
      </p>
      {match.keywords.length > 0 && (
        <p class="kw">
          {match.keywords.map((k) => (
            <span key={k} class="kw-chip">{k}</span>
          ))}
        </p>
      )}
      <details class="abstract">
        <summary>Abstract</summary>
        <p>
          <Highlighted text={paper.abstract} hits={match.hits} field="abstract" />
        </p>
      </details>
    </article>
  );
}
