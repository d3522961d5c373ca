import { useMemo, useState } from 'preact/hooks';
import type { ListedPaper } from '@/lib/db/queries';
import { buildListing } from '@/lib/listing';
import { compileKeywords } from '@/lib/match';
import type { Secrets, Settings } from '@/lib/settings';
import { CategoryPicker } from './CategoryPicker';
import { GeneralOptions, type GeneralValues } from './GeneralOptions';
import { askAccess, TranslationOptions, type HostAccess, type TestReply } from './TranslationOptions';

/** What the form saves: every setting it edits (the version is the store's business). */
export type FormSettings = Pick<
  Settings,
  'categories' | 'keywords' | 'includeCross' | 'includeReplace' | 'translation' | 'reader' | 'notifications' | 'badgeMode' | 'retentionDays'
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
  const [general, setGeneral] = useState<GeneralValues>({
    reader: initial.reader,
    notifications: initial.notifications,
    badgeMode: initial.badgeMode,
    retentionDays: initial.retentionDays,
  });
  const [secrets, setSecrets] = useState<Secrets>(initialSecrets);
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | string>('idle');

  const keywords = keywordText.split('\n').map((k) => k.trim()).filter(Boolean);
  const form: Settings = { ...initial, categories, keywords, includeCross, includeReplace, translation };
  // The preview depends on the listing fields only (not on translation settings).
  const formKey = JSON.stringify([categories, keywords, includeCross, includeReplace]);
  const live = useMemo(() => (latest?.length ? keywordPreview(latest, form) : undefined), [latest, formKey]);


  const save = async (e: Event) => {
    e.preventDefault();
    if (!categories.length) return setSaved('Follow at least one category.');
    // An OpenAI-compatible endpoint needs the user's permission: asked from this click, not awaited
    // (the answer may take a while; the section shows the outcome).
    if (access && translation.enabled && translation.service === 'openai') void askAccess(access, translation.openai.baseUrl);
    setSaved('saving');
    try {
      await onSave(
        { categories, keywords, includeCross, includeReplace, translation, ...general },
        { deeplKey: (secrets.deeplKey ?? '').trim(), openaiKey: (secrets.openaiKey ?? '').trim() },
      );
      setSaved('saved');
    } catch (err) {
      setSaved(`Could not save: ${(err as Error).message}`);
    }
  };

  return (
    <form class="options" onSubmit={save}>
      <h1>arXiv Daily</h1>
      {welcome && (
        <p class="welcome" role="note">
          Welcome! arXiv Daily is already fetching today's listing for the categories below. Change them, add keywords,
          and the toolbar badge will count the new papers that matter to you.
        </p>
      )}
      <fieldset>
        <legend>Categories</legend>
        <CategoryPicker value={categories} onChange={setCategories} />
      </fieldset>
      <fieldset>
        <legend>Listing</legend>
        <label>
          <input type="checkbox" checked={includeCross} onChange={(e) => setIncludeCross((e.target as HTMLInputElement).checked)} />{' '}
          Include cross-lists from other categories
        </label>
        <br />
        <label>
          <input type="checkbox" checked={includeReplace} onChange={(e) => setIncludeReplace((e.target as HTMLInputElement).checked)} />{' '}
          Include replacements (new versions of older papers)
        </label>
      </fieldset>
      <fieldset>
        <legend>Keywords</legend>
        <label for="keywords">One keyword per line; papers are grouped by keyword and only matches are counted.</label>
        <textarea id="keywords" rows={6} value={keywordText} onInput={(e) => setKeywordText((e.target as HTMLTextAreaElement).value)} />
        <details class="syntax">
          <summary>Keyword syntax</summary>
          <ul>
            <li><code>reinforcement learning</code>: a phrase, in the title or abstract, any case, whole words; plurals and hyphens match too (<code>diffusion policy</code> finds “diffusion policies”, “diffusion-policy”).</li>
            <li><code>"world model"</code>: a quoted phrase.</li>
            <li><code>LLM -survey</code>: exclude papers that also mention a word or <code>-"quoted phrase"</code>.</li>
            <li><code>/\bRL(HF)?\b/</code>: a regular expression.</li>
            <li><code>au:Levine</code> or <code>au:"Sergey Levine"</code>: papers by an author (accents optional).</li>
            <li>Several parts in one line must all match.</li>
          </ul>
        </details>
        {live && keywords.length > 0 && (
          <ul class="preview" aria-label="Matches in the latest listing">
            {keywords.map((k) => (
              <li key={k}>
                <code>{k}</code>:{' '}
                {live.errors.has(k) ? <span class="error">{live.errors.get(k)}</span> : `${live.counts.get(k) ?? 0} papers in the latest listing`}
              </li>
            ))}
            <li>
              <strong>{live.total}</strong> papers in all (each counted once)
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
      <GeneralOptions value={general} onChange={setGeneral} askNotifications={askNotifications} />
      {(onExport || onImport) && <BackupOptions onExport={onExport} onImport={onImport} />}
      <p class="save-row">
        <button type="submit" class="primary">Save</button>{' '}
        <span role="status" class={saved.startsWith('Could') || saved.startsWith('Follow') ? 'error' : 'muted'}>
          {saved === 'saved' ? 'Saved.' : saved === 'saving' ? 'Saving…' : saved === 'idle' ? '' : saved}
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
      <legend>Backup</legend>
      <p class="muted">Settings and starred papers as a JSON file (API keys are never included).</p>
      {onExport && (
        <button type="button" onClick={() => void onExport().then(() => setMessage('Exported.'), (e: Error) => setMessage(`Export failed: ${e.message}`))}>
          Export settings and starred papers
        </button>
      )}{' '}
      {onImport && (
        <label class="import">
          Import from a file{' '}
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = (e.target as HTMLInputElement).files?.[0];
              if (file) void onImport(file).then(setMessage, (err: Error) => setMessage(`Import failed: ${err.message}`));
            }}
          />
        </label>
      )}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
