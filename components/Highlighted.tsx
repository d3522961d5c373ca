import type { Hit, HitField } from '@/lib/match';

/** Text with keyword hits marked. Always rendered as text nodes, never as HTML. */
export function Highlighted({ text, hits, field }: { text: string; hits: readonly Hit[]; field: HitField }) {
  const ranges = hits.filter((h) => h.field === field);
  if (!ranges.length) return <>{text}</>;
  const out = [];
  let pos = 0;
  for (const h of ranges) {
    if (h.start > pos) out.push(text.slice(pos, h.start));
    out.push(
      <mark key={h.start} title={h.keyword}>
        {text.slice(h.start, h.end)}
      </mark>,
    );
    pos = h.end;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return <>{out}</>;
}
