import { useMemo, useState } from 'preact/hooks';
import type { ListedPaper } from '@/lib/db/queries';
import { buildListing } from '@/lib/listing';
import { compileKeywords } from '@/lib/match';
import { t, tn, tParts } from '@/lib/i18n';
import type { Secrets, Settings } from '@/lib/settings';
import { CategoryPicker } from './CategoryPicker';
import { GeneralOptions, type GeneralValues } from './GeneralOptions';
import { InlineOptions } from './InlineOptions';
import { askAccess, TranslationOptions, type HostAccess, type TestReply } from './TranslationOptions';

/** What the form saves: every setting it edits (the version is the store's business). */
export type FormSettings = Pick<
  Settings,
  'categories' | 'keywords' | 'includeCross' | 'includeReplace' | 'translation' | 'reader' | 'notifications' | 'badgeMode' | 'retentionDays' | 'inline' | 'trending'
>;

export interface OptionsFormProps {
  initial: Settings;
  /** API keys as stored (shown masked). */
  initialSecrets: Secrets;
  welcome: boolean;
  /** The latest stored listing (for the live keyword preview), or undefined before the first fetch. */
  latest: readonly ListedPaper[] | undefined;
  /** Saves settings and keys together (one Save button). */
  onSave(next: FormSettings, secrets: Secrets): Promise<void>;
  /** The translation "Test" button: translate a sample with the form's current (unsaved) values. */
  onTest(translation: Settings['translation'], secrets: Secrets, sample: string): Promise<TestReply>;
  /** Optional host permissions (a user-chosen LLM endpoint is asked for from the Save click). */
  access?: HostAccess;
  /** Notifications are an optional permission, asked for when the box is ticked. */
  askNotifications?: () => Promise<boolean>;
  /** Export / import of settings and starred papers. */
  onExport?: () => Promise<void>;
  onImport?: (file: File) => Promise<string>;
}

/** How many papers of the latest listing each keyword matches, with the form's current settings. */
function keywordPreview(latest: readonly ListedPaper[], settings: Settings) {
  const compiled = compileKeywords(settings.keywords);
  const view = buildListing(latest, settings, undefined, compiled);
  const counts = new Map(view.groups.map((g) => [g.keyword, g.items.length]));
  const errors = new Map(compiled.errors.map((e) => [e.label, e.message]));
  return { counts, errors, total: view.relevant.length };
}

export function OptionsForm({ initial, initialSecrets, welcome, latest, onSave, onTest, access, askNotifications, onExport, onImport }: OptionsFormProps) {
  const [categories, setCategories] = useState(initial.categories);
  const [keywordText, setKeywordText] = useState(initial.keywords.join('\n'));
  const [includeCross, setIncludeCross] = useState(initial.includeCross);
  const [includeReplace, setIncludeReplace] = useState(initial.includeReplace);
  const [translation, setTranslation] = useState(initial.translation);
  const [inline, setInline] = useState(initial.inline);
  const [general, setGeneral] = useState<GeneralValues>({
    reader: initial.reader,
    notifications: initial.notifications,
    trending: initial.trending,
    badgeMode: initial.badgeMode,
    retentionDays: initial.retentionDays,
  });
  const [secrets, setSecrets] = useState<Secrets>(initialSecrets);
  const [saved, setSaved] = useState<{ state: 'idle' | 'saving' | 'saved' } | { state: 'error'; message: string }>({ state: 'idle' });

  const keywords = keywordText.split('\n').map((k) => k.trim()).filter(Boolean);
  const form: Settings = { ...initial, categories, keywords, includeCross, includeReplace, translation };
  // The preview depends on the listing fields only (not on translation settings).
  const formKey = JSON.stringify([categories, keywords, includeCross, includeReplace]);
  const live = useMemo(() => (latest?.length ? keywordPreview(latest, form) : undefined), [latest, formKey]);


  const save = async (e: Event) => {
    e.preventDefault();
    if (!categories.length) return setSaved({ state: 'error', message: t('options.needCategory') });
    // An OpenAI-compatible endpoint needs the user's permission: asked from this click, not awaited
    // (the answer may take a while; the section shows the outcome).
    if (access && translation.enabled && translation.service === 'openai') void askAccess(access, translation.openai.baseUrl);
    setSaved({ state: 'saving' });
    try {
      await onSave(
        { categories, keywords, includeCross, includeReplace, translation, inline, ...general },
        { deeplKey: (secrets.deeplKey ?? '').trim(), openaiKey: (secrets.openaiKey ?? '').trim() },
      );
      setSaved({ state: 'saved' });
    } catch (err) {
      setSaved({ state: 'error', message: t('options.saveFailed', { message: (err as Error).message }) });
    }
  };

  return (
    <form class="options" onSubmit={save}>
      <h1>{t('app.name')}</h1>
      {welcome && (
        <p class="welcome" role="note">
          {t('options.welcome')}
        </p>
      )}
      <fieldset>
        <legend>{t('options.categories')}</legend>
        <CategoryPicker value={categories} onChange={setCategories} />
      </fieldset>
      <fieldset>
        <legend>{t('options.listing')}</legend>
        <label>
          <input type="checkbox" checked={includeCross} onChange={(e) => setIncludeCross((e.target as HTMLInputElement).checked)} />{' '}
          {t('options.includeCross')}
        </label>
        <br />
        <label>
          <input type="checkbox" checked={includeReplace} onChange={(e) => setIncludeReplace((e.target as HTMLInputElement).checked)} />{' '}
          {t('options.includeReplace')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('options.keywords')}</legend>
        <label for="keywords">{t('options.keywordsHelp')}</label>
        <textarea id="keywords" rows={6} value={keywordText} onInput={(e) => setKeywordText((e.target as HTMLTextAreaElement).value)} />
        <details class="syntax">
          <summary>{t('options.syntax')}</summary>
          <ul>
            <li>{tParts('options.syntax.phrase', { a: <code>reinforcement learning</code>, b: <code>diffusion policy</code> })}</li>
            <li>{tParts('options.syntax.quoted', { a: <code>"world model"</code> })}</li>
            <li>{tParts('options.syntax.exclude', { a: <code>LLM -survey</code>, b: <code>-"quoted phrase"</code> })}</li>
            <li>{tParts('options.syntax.regex', { a: <code>/\bRL(HF)?\b/</code> })}</li>
            <li>{tParts('options.syntax.author', { a: <code>au:Levine</code>, b: <code>au:"Sergey Levine"</code> })}</li>
            <li>{t('options.syntax.all')}</li>
          </ul>
        </details>
        {live && keywords.length > 0 && (
          <ul class="preview" aria-label={t('options.previewLabel')}>
            {keywords.map((k) => (
              <li key={k}>
                {tParts('options.previewLine', {
                  keyword: <code>{k}</code>,
                  result: live.errors.has(k) ? <span class="error">{live.errors.get(k)}</span> : tn('options.previewCount', live.counts.get(k) ?? 0),
                })}
              </li>
            ))}
            <li>
              {tParts('options.previewTotal', { total: <strong>{live.total}</strong> })}
            </li>
          </ul>
        )}
      </fieldset>
      <TranslationOptions
        value={translation}
        onChange={setTranslation}
        secrets={secrets}
        onSecretsChange={setSecrets}
        onTest={onTest}
        access={access}
      />
      <InlineOptions value={inline} onChange={setInline} hasKeywords={keywords.length > 0} translationOff={!translation.enabled} shortcut="Alt+Shift+T" />
      <GeneralOptions value={general} onChange={setGeneral} askNotifications={askNotifications} />
      {(onExport || onImport) && <BackupOptions onExport={onExport} onImport={onImport} />}
      <p class="save-row">
        <button type="submit" class="primary">{t('options.save')}</button>{' '}
        <span role="status" class={saved.state === 'error' ? 'error' : 'muted'}>
          {saved.state === 'error' ? saved.message : saved.state === 'saved' ? t('options.saved') : saved.state === 'saving' ? t('options.saving') : ''}
        </span>
      </p>
    </form>
  );
}

/** Export / import of settings and starred papers (JSON). Applies at once; not part of Save. */
function BackupOptions({ onExport, onImport }: Pick<OptionsFormProps, 'onExport' | 'onImport'>) {
  const [message, setMessage] = useState('');
  return (
    <fieldset>
      <legend>{t('backup.legend')}</legend>
      <p class="muted">{t('backup.help')}</p>
      {onExport && (
        <button type="button" onClick={() => void onExport().then(() => setMessage(t('backup.exported')), (e: Error) => setMessage(t('backup.exportFailed', { message: e.message })))}>
          {t('backup.export')}
        </button>
      )}{' '}
      {onImport && (
        // A button-like label over a hidden file input: the browser's own "Choose File" would speak the
        // browser's language, not the interface's.
        <label class="import file-button">
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              input.value = ''; // the same file can be chosen again
              if (file) void onImport(file).then(setMessage, (err: Error) => setMessage(t('backup.importFailed', { message: err.message })));
            }}
          />
          {t('backup.import')}
        </label>
      )}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
