import type { DimOthers, InlineSettings } from '@/lib/settings';

export interface InlineOptionsProps {
  value: InlineSettings;
  onChange(next: InlineSettings): void;
  /** There are keywords (dimming or hiding the other entries applies only then). */
  hasKeywords?: boolean;
  /** Translation itself is switched off (translations on arxiv.org need it on). */
  translationOff?: boolean;
  /** The keyboard shortcut as the browser has it (`browser.commands.getAll()`); empty when the user removed it. */
  shortcut?: string;
}

/** Translations inline on arxiv.org: on or off, and what listing entries that match no keyword look like. */
export function InlineOptions({ value, onChange, hasKeywords = true, translationOff = false, shortcut }: InlineOptionsProps) {
  const set = (patch: Partial<InlineSettings>) => onChange({ ...value, ...patch });
  return (
    <fieldset class="inline-translation">
      <legend>Translations on arxiv.org</legend>
      <div class="row">
        <label>
          <input type="checkbox" id="inline-enabled" checked={value.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} />{' '}
          Show translations on arxiv.org: abstract pages, listings, search results and HTML papers
        </label>
      </div>
      {translationOff && value.enabled && <p class="muted">Translation is switched off above: turn it on to see translations on arxiv.org.</p>}
      <div class="row">
        <label for="inline-dim">In arXiv's listings, entries that match none of my keywords</label>
        <select id="inline-dim" value={value.dimOthers} disabled={!value.enabled} onChange={(e) => set({ dimOthers: (e.target as HTMLSelectElement).value as DimOthers })}>
          <option value="none">are shown as they are</option>
          <option value="dim">are dimmed</option>
          <option value="hide">are hidden</option>
        </select>
        {!hasKeywords && <span class="muted"> Applies once you have keywords.</span>}
      </div>
      <p class="muted">
        Matching entries are highlighted, with their keyword hits; entries you have already seen here are marked.{' '}
        {shortcut === '' ? 'No keyboard shortcut is set' : `${shortcut ?? 'Alt+Shift+T'} turns translations on arxiv.org on or off`} (change it
        in the browser's extension shortcuts).
      </p>
    </fieldset>
  );
}
