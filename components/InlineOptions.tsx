import { t } from '@/lib/i18n';
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
      <legend>{t('inline.legend')}</legend>
      <div class="row">
        <label>
          <input type="checkbox" id="inline-enabled" checked={value.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} />{' '}
          {t('inline.enabled')}
        </label>
      </div>
      {translationOff && value.enabled && <p class="muted">{t('inline.translationOff')}</p>}
      <div class="row">
        <label for="inline-dim">{t('inline.dimLabel')}</label>
        <select id="inline-dim" value={value.dimOthers} disabled={!value.enabled} onChange={(e) => set({ dimOthers: (e.target as HTMLSelectElement).value as DimOthers })}>
          <option value="none">{t('inline.dimNone')}</option>
          <option value="dim">{t('inline.dimDim')}</option>
          <option value="hide">{t('inline.dimHide')}</option>
        </select>
        {!hasKeywords && <span class="muted"> {t('inline.needsKeywords')}</span>}
      </div>
      <p class="muted">
        {t('inline.note')}{' '}
        {shortcut === '' ? t('inline.noShortcut') : t('inline.shortcut', { shortcut: shortcut ?? 'Alt+Shift+T' })}
      </p>
    </fieldset>
  );
}
