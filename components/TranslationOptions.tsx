/**
 * The "Translation" section of the options page: service, target language, what to translate,
 * per-service settings (DeepL key, OpenAI-compatible endpoint, Chrome's on-device language pack),
 * the user glossary and a Test button. Controlled: the form owns the values and saves them with
 * everything else; API keys travel separately (`secrets`) and are never rendered in clear unless the
 * user asks, nor logged.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sentenceGap, sentences, t, tParts, type MessageKey } from '@/lib/i18n';
import type { Protocol } from '@/lib/messages';
import type { Secrets, TranslateScope, TranslationSettings } from '@/lib/settings';
import {
  createChromeService,
  isChinese,
  isOllama,
  languageInfo,
  OPENAI_PRESETS,
  parseUserGlossary,
  TARGET_LANGUAGES,
  type OpenAIPresetId,
  type ServiceChoice,
  type TargetLang,
  type TranslatorAvailability,
  type TranslatorFactory,
} from '@/lib/translate';

export type TestReply = Protocol['translate-test']['response'];

export interface TranslationOptionsProps {
  value: TranslationSettings;
  onChange(next: TranslationSettings): void;
  secrets: Secrets;
  onSecretsChange(next: Secrets): void;
  /** Translates `sample` with the given (unsaved) settings and keys: the background's answer. */
  onTest(translation: TranslationSettings, secrets: Secrets, sample: string): Promise<TestReply>;
  /** Chrome's `Translator` global (default: the page's own; `null` = not supported). For tests. */
  translator?: TranslatorFactory | null;
  /** Optional host permissions (user-chosen LLM endpoints). Absent: not checked. */
  access?: HostAccess;
}

/** The browser's optional host permissions, as the section needs them. */
export interface HostAccess {
  has(pattern: string): Promise<boolean>;
  /** Asks the user; call it straight from a click (no await before it). */
  request(pattern: string): Promise<boolean>;
  /** Calls back when permissions change; returns the unsubscribe. */
  onChange(cb: () => void): () => void;
}

/** The match pattern covering an endpoint (`https://api.deepseek.com/*`; any port), or undefined for a non-web address. */
export function originPattern(baseUrl: string): string | undefined {
  try {
    const u = new URL(baseUrl.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return `${u.protocol}//${u.hostname}/*`;
  } catch {
    return undefined;
  }
}

/** Asks for access to an OpenAI-compatible endpoint, answering in words when it is refused. */
export async function askAccess(access: HostAccess, baseUrl: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const pattern = originPattern(baseUrl);
  if (!pattern) return { ok: false, error: t('tr.notWebAddress', { url: baseUrl.trim() || t('tr.empty') }) };
  const host = new URL(baseUrl.trim()).host;
  try {
    if (await access.request(pattern)) return { ok: true };
    return { ok: false, error: t('tr.refused', { host }) };
  } catch {
    return { ok: false, error: t('tr.notAllowed', { host }) };
  }
}

/** The services in the order offered, each with its label and its note (message keys). */
const SERVICES: Record<ServiceChoice, { label: MessageKey; note: MessageKey }> = {
  auto: { label: 'tr.service.auto', note: 'tr.note.auto' },
  chrome: { label: 'tr.service.chrome', note: 'tr.note.chrome' },
  microsoft: { label: 'tr.service.microsoft', note: 'tr.note.microsoft' },
  google: { label: 'tr.service.google', note: 'tr.note.google' },
  deepl: { label: 'tr.service.deepl', note: 'tr.note.deepl' },
  openai: { label: 'tr.service.openai', note: 'tr.note.openai' },
};

/** A service's name in the picker ("Microsoft (free)"), in the interface language. */
export function serviceLabel(s: ServiceChoice): string {
  return t(SERVICES[s].label);
}

const SCOPES: Array<{ value: TranslateScope; label: MessageKey }> = [
  { value: 'matched', label: 'tr.scope.matched' },
  { value: 'all', label: 'tr.scope.all' },
  { value: 'on-demand', label: 'tr.scope.onDemand' },
];

/** The glossary parser's messages (lib/translate/glossary.ts), in the interface language. */
const GLOSSARY_ERRORS: Record<string, MessageKey> = { 'missing term before "=>"': 'tr.glossary.missingTerm' };

/** Names for the `service` a test reply names (an id, or already a display name). */
const ANSWERED_BY: Record<string, MessageKey> = {
  chrome: 'tr.answeredBy.chrome',
  microsoft: 'tr.answeredBy.microsoft',
  google: 'tr.answeredBy.google',
  deepl: 'tr.answeredBy.deepl',
  openai: 'tr.answeredBy.openai',
};

export const TEST_SAMPLE = 'Diffusion policies learn robot manipulation skills from a few human demonstrations.';

/** The download of a language pack stops when it makes no progress for this long. */
const DOWNLOAD_STALL_MS = 60_000;

type Download =
  | { state: 'idle' }
  | { state: 'running'; loaded: number }
  | { state: 'done' }
  | { state: 'failed'; message: string };

type TestState = { state: 'idle' } | { state: 'asking'; host: string } | { state: 'running' } | { state: 'done'; reply: TestReply };

function KeyField(props: { id: string; value: string; onInput(v: string): void; describedBy?: string; placeholder?: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div class="key-row">
      <input
        id={props.id}
        class="key"
        {...(shown ? { type: 'text' as const } : { type: 'password' as const })}
        value={props.value}
        autoComplete="off"
        spellcheck={false}
        placeholder={props.placeholder}
        aria-describedby={props.describedBy}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      <label class="inline">
        <input type="checkbox" checked={shown} aria-controls={props.id} onChange={(e) => setShown((e.target as HTMLInputElement).checked)} /> {t('tr.showKey')}
      </label>
    </div>
  );
}

/** A failed download in words (the underlying browser error, not the generic "not available"). */
function describeError(e: unknown): string {
  if (e && typeof e === 'object') {
    const err = e as { name?: string; message?: string; params?: { detail?: string } };
    if (err.name === 'TimeoutError') return sentences(t('tr.stalled', { s: DOWNLOAD_STALL_MS / 1000 }), t('tr.retryAdvice'));
    if (err.name === 'NotAllowedError') return t('tr.needsClick');
    const detail = err.params?.detail?.replace(/^\w*(Error|Exception): /, '').trim();
    const text = (detail || err.message || '').trim();
    // (the browser's own words, in English; then the advice in the interface language)
    if (text) return `${text.replace(/[.!]?$/, '.')} ${t('tr.retryAdvice')}`;
  }
  return t('tr.retryAdvice');
}

function OnDevice({ target, translator }: { target: TargetLang; translator: TranslatorFactory | null | undefined }) {
  const chrome = useMemo(() => createChromeService(translator === undefined ? {} : { translator }), [translator]);
  const present =
    translator === undefined ? typeof (globalThis as { Translator?: unknown }).Translator !== 'undefined' : translator !== null;
  const [avail, setAvail] = useState<TranslatorAvailability | 'checking'>('checking');
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const [check, setCheck] = useState(0);
  const name = languageInfo(target)?.nativeName ?? target;

  useEffect(() => {
    if (!present) return;
    let live = true;
    setAvail('checking');
    // Never blocks the page: the answer fills in when it comes (the service times out after 8 s).
    void chrome.availability('en', target).then((a) => live && setAvail(a));
    return () => {
      live = false;
    };
  }, [chrome, present, target, check]);

  useEffect(() => setDownload({ state: 'idle' }), [target]);

  const start = () => {
    // Called straight from the click: `create()` needs the user gesture, so nothing is awaited first.
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ctrl.abort(new DOMException('The download stalled', 'TimeoutError')), DOWNLOAD_STALL_MS);
    };
    stalled();
    setDownload({ state: 'running', loaded: 0 });
    const done = chrome.downloadModel('en', target, (loaded) => {
      stalled();
      setDownload({ state: 'running', loaded: Math.max(0, Math.min(1, loaded)) });
    }, ctrl.signal);
    // An implementation that ignores the signal must not leave the button spinning forever.
    const aborted = new Promise<never>((_, reject) => ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason)));
    Promise.race([done, aborted])
      .then(
        () => {
          setDownload({ state: 'done' });
          setCheck((n) => n + 1);
        },
        (e: unknown) => setDownload({ state: 'failed', message: describeError(e) }),
      )
      .finally(() => clearTimeout(timer));
  };

  let key: MessageKey;
  if (download.state === 'running') key = 'tr.od.downloading';
  else if (!present) key = 'tr.od.unsupported';
  else if (avail === 'checking') key = 'tr.od.checking';
  else if (avail === 'available') key = 'tr.od.ready';
  else if (avail === 'downloadable') key = 'tr.od.downloadable';
  else if (avail === 'downloading') key = 'tr.od.downloading';
  else key = 'tr.od.unavailable';
  const text = t(key, { lang: name });

  const canDownload = present && (avail === 'downloadable' || avail === 'downloading') && download.state !== 'running';
  return (
    <div class="on-device">
      <p id="on-device-status">
        <strong>{t('tr.onDevice')}</strong> <span>{text}</span>
      </p>
      {canDownload && (
        <button type="button" onClick={start} aria-describedby="on-device-status">
          {t('tr.od.download')}
        </button>
      )}
      {download.state === 'running' && (
        <p class="download">
          <label for="pack-progress">{t(download.loaded >= 1 ? 'tr.od.installing' : 'tr.od.downloadingPack')}</label>{' '}
          <progress id="pack-progress" max={1} value={download.loaded} /> <span class="muted">{Math.round(download.loaded * 100)}%</span>
        </p>
      )}
      {download.state === 'done' && <p class="ok" role="status">{t('tr.od.installed')}</p>}
      {download.state === 'failed' && (
        <p class="error" role="alert">
          {t('tr.od.failed', { message: download.message })}
        </p>
      )}
    </div>
  );
}

function TestResult({ test, target }: { test: TestState; target: TargetLang }) {
  if (test.state === 'idle') return null;
  if (test.state === 'running') return <p class="muted">{t('tr.test.running')}</p>;
  if (test.state === 'asking') return <p class="muted">{t('tr.test.asking', { host: test.host })}</p>;
  const r = test.reply;
  if (!r.ok) return <p class="error">{r.error}</p>;
  return (
    <>
      <p class="test-text" lang={languageInfo(target)?.bcp47 ?? target}>
        {r.text}
      </p>
      <p class="muted">
        {t('tr.test.answered', {
          service: ANSWERED_BY[r.service] ? t(ANSWERED_BY[r.service]!) : r.service,
          time: r.ms < 1000 ? t('tr.ms', { n: Math.round(r.ms) }) : t('tr.s', { n: (r.ms / 1000).toFixed(1) }),
        })}
      </p>
    </>
  );
}

function Access({ access, baseUrl }: { access: HostAccess; baseUrl: string }) {
  const pattern = originPattern(baseUrl);
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  const [refused, setRefused] = useState('');
  const [check, setCheck] = useState(0);
  useEffect(() => access.onChange(() => setCheck((n) => n + 1)), [access]);
  useEffect(() => {
    setRefused('');
    if (!pattern) return setAllowed(undefined);
    let live = true;
    access.has(pattern).then(
      (a) => live && setAllowed(a),
      () => live && setAllowed(false),
    );
    return () => {
      live = false;
    };
  }, [access, pattern, check]);
  if (!pattern) return <p class="note error">{t('tr.access.badUrl')}</p>;
  const host = new URL(baseUrl.trim()).host;
  if (allowed === undefined) return null;
  if (allowed) return <p class="note access ok">{t('tr.access.ok', { host })}</p>;
  return (
    <div class="access">
      <p class="note">
        {t('tr.access.needed', { host })}{' '}
        <button
          type="button"
          class="link"
          onClick={() => void askAccess(access, baseUrl).then((r) => setRefused(r.ok ? '' : r.error))}
        >
          {t('tr.access.allow', { host })}
        </button>
      </p>
      {refused && <p class="note error">{refused}</p>}
    </div>
  );
}

export function TranslationOptions({ value, onChange, secrets, onSecretsChange, onTest, translator, access }: TranslationOptionsProps) {
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const testSeq = useRef(0);
  const set = (patch: Partial<TranslationSettings>) => onChange({ ...value, ...patch });
  const setOpenAI = (patch: Partial<TranslationSettings['openai']>) => set({ openai: { ...value.openai, ...patch } });
  const glossary = useMemo(() => parseUserGlossary(value.glossary), [value.glossary]);
  const { service, openai } = value;
  const ollama = isOllama({ baseUrl: openai.baseUrl, preset: openai.preset === 'custom' ? undefined : openai.preset });
  const deeplKey = secrets.deeplKey ?? '';

  // A test answer belongs to the settings it was asked with: changing them clears it.
  const testKey = JSON.stringify([value, secrets]);
  useEffect(() => {
    testSeq.current++;
    setTest({ state: 'idle' });
  }, [testKey]);

  const runTest = async () => {
    const seq = ++testSeq.current;
    let reply: TestReply | undefined;
    // A user-chosen endpoint needs the user's permission, asked from this click (before any await).
    if (value.enabled && service === 'openai' && access) {
      const pattern = originPattern(openai.baseUrl);
      if (pattern) setTest({ state: 'asking', host: new URL(openai.baseUrl.trim()).host });
      const granted = await askAccess(access, openai.baseUrl);
      if (!granted.ok) reply = { ok: false, error: granted.error, kind: 'auth' };
    }
    if (reply) {
      if (seq === testSeq.current) setTest({ state: 'done', reply });
      return;
    }
    setTest({ state: 'running' });
    try {
      const r = await onTest(value, { deeplKey: deeplKey.trim(), openaiKey: (secrets.openaiKey ?? '').trim() }, TEST_SAMPLE);
      reply =
        r && typeof r === 'object' && typeof r.ok === 'boolean'
          ? r
          : { ok: false, error: t('tr.test.noAnswer'), kind: 'unavailable' };
    } catch (e) {
      reply = { ok: false, error: t('tr.test.failed', { message: (e as Error).message }), kind: 'unavailable' };
    }
    if (seq === testSeq.current) setTest({ state: 'done', reply });
  };

  const pickPreset = (preset: OpenAIPresetId | 'custom') => {
    if (preset === 'custom') return setOpenAI({ preset });
    const p = OPENAI_PRESETS[preset];
    setOpenAI({ preset, baseUrl: p.baseUrl, model: p.model });
  };

  return (
    <fieldset class="translation">
      <legend>{t('tr.legend')}</legend>
      <label>
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })} />{' '}
        {t('tr.show')}
      </label>
      <p class="note">{t('tr.showNote')}</p>

      <div class="tr-body" hidden={!value.enabled}>
        <div class="field">
          <label for="tr-service">{t('tr.service')}</label>
          <div>
            <select id="tr-service" value={service} aria-describedby="tr-service-note" onChange={(e) => set({ service: (e.target as HTMLSelectElement).value as ServiceChoice })}>
              {(Object.keys(SERVICES) as ServiceChoice[]).map((s) => (
                <option key={s} value={s}>
                  {serviceLabel(s)}
                </option>
              ))}
            </select>
            <p class="note" id="tr-service-note">
              {t(SERVICES[service].note)}
            </p>
          </div>
        </div>

        <div class="field">
          <label for="tr-target">{t('tr.target')}</label>
          <div>
            <select id="tr-target" value={value.target} onChange={(e) => set({ target: (e.target as HTMLSelectElement).value as TargetLang })}>
              {TARGET_LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.bcp47}>
                  {l.nativeName}
                </option>
              ))}
            </select>
          </div>
        </div>

        <fieldset class="radios">
          <legend>{t('tr.scope')}</legend>
          {SCOPES.map((s) => (
            <label key={s.value}>
              <input type="radio" name="tr-scope" value={s.value} checked={value.scope === s.value} onChange={() => set({ scope: s.value })} /> {t(s.label)}
            </label>
          ))}
        </fieldset>

        {(service === 'chrome' || service === 'auto') && <OnDevice target={value.target} translator={translator} />}

        {service === 'deepl' && (
          <div class="service-box">
            <div class="field">
              <label for="deepl-key">{t('tr.deeplKey')}</label>
              <div>
                <KeyField
                  id="deepl-key"
                  value={deeplKey}
                  describedBy="deepl-key-note"
                  placeholder="xxxxxxxx-xxxx-…:fx"
                  onInput={(v) => onSecretsChange({ ...secrets, deeplKey: v })}
                />
                <p class="note" id="deepl-key-note">
                  {tParts('tr.deeplKeyNote', { fx: <code>:fx</code> })}
                  {deeplKey.trim() && sentenceGap() + t(deeplKey.trim().endsWith(':fx') ? 'tr.deeplFree' : 'tr.deeplPro')}
                  {sentenceGap() + t('tr.keysKept')}
                </p>
              </div>
            </div>
          </div>
        )}

        {service === 'openai' && (
          <div class="service-box">
            <div class="field">
              <label for="openai-preset">{t('tr.provider')}</label>
              <div>
                <select id="openai-preset" value={openai.preset} onChange={(e) => pickPreset((e.target as HTMLSelectElement).value as OpenAIPresetId | 'custom')}>
                  {(Object.keys(OPENAI_PRESETS) as OpenAIPresetId[]).map((id) => (
                    <option key={id} value={id}>
                      {OPENAI_PRESETS[id].name}
                    </option>
                  ))}
                  <option value="custom">{t('tr.custom')}</option>
                </select>
                <p class="note">{t('tr.providerNote')}</p>
              </div>
            </div>
            <div class="field">
              <label for="openai-base">{t('tr.baseUrl')}</label>
              <div>
                <input
                  id="openai-base"
                  type="url"
                  value={openai.baseUrl}
                  spellcheck={false}
                  placeholder="https://…/v1"
                  aria-describedby="openai-access"
                  onInput={(e) => {
                    const baseUrl = (e.target as HTMLInputElement).value;
                    // Another address is another server: the preset no longer describes it.
                    const keep = openai.preset !== 'custom' && OPENAI_PRESETS[openai.preset].baseUrl === baseUrl.trim();
                    setOpenAI({ baseUrl, ...(keep || openai.preset === 'custom' ? {} : { preset: 'custom' as const }) });
                  }}
                />
                <div id="openai-access">{access && <Access access={access} baseUrl={openai.baseUrl} />}</div>
              </div>
            </div>
            <div class="field">
              <label for="openai-model">{t('tr.model')}</label>
              <div>
                <input id="openai-model" value={openai.model} spellcheck={false} onInput={(e) => setOpenAI({ model: (e.target as HTMLInputElement).value })} />
              </div>
            </div>
            {ollama ? (
              <div class="field">
                <span />
                <p class="note" role="note">
                  {tParts('tr.ollama', { env: <code>OLLAMA_ORIGINS=chrome-extension://*</code> })}
                </p>
              </div>
            ) : (
              <div class="field">
                <label for="openai-key">{t('tr.apiKey')}</label>
                <div>
                  <KeyField
                    id="openai-key"
                    value={secrets.openaiKey ?? ''}
                    describedBy="openai-key-note"
                    placeholder={openai.preset === 'custom' ? t('tr.keyOptional') : 'sk-…'}
                    onInput={(v) => onSecretsChange({ ...secrets, openaiKey: v })}
                  />
                  <p class="note" id="openai-key-note">
                    {sentences(t('tr.sentOnly'), t('tr.keysKept'))}
                  </p>
                </div>
              </div>
            )}
          </div>
        )}

        <div class="field">
          <label for="tr-glossary">{t('tr.glossary')}</label>
          <div>
            <textarea
              id="tr-glossary"
              rows={4}
              value={value.glossary}
              spellcheck={false}
              placeholder={'diffusion policy => 扩散策略\nLoRA'}
              aria-describedby="tr-glossary-note tr-glossary-errors"
              aria-invalid={glossary.errors.length > 0}
              onInput={(e) => set({ glossary: (e.target as HTMLTextAreaElement).value })}
            />
            <p class="note" id="tr-glossary-note">
              {tParts('tr.glossary.note', { rule: <code>{t('tr.glossary.rule')}</code>, hash: <code>#</code> })}
              {sentenceGap() + t(isChinese(value.target) ? 'tr.glossary.zh' : 'tr.glossary.notZh')}
            </p>
            <div id="tr-glossary-errors" aria-live="polite">
              {glossary.errors.length > 0 && (
                <ul class="error glossary-errors">
                  {glossary.errors.map((e) => (
                    <li key={e.line}>
                      {t('tr.glossary.line', { n: e.line, message: GLOSSARY_ERRORS[e.message] ? t(GLOSSARY_ERRORS[e.message]!) : e.message })}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>

        <div class="test-row">
          <div class="test-line">
            <button type="button" onClick={() => void runTest()} disabled={test.state === 'running' || test.state === 'asking'} aria-describedby="tr-test-sample">
              {t('tr.test')}
            </button>
            <span class="note" id="tr-test-sample">
              {t('tr.test.note', { sample: TEST_SAMPLE })}
            </span>
          </div>
          <div class="test-result" role="status" aria-label={t('tr.test.result')}>
            <TestResult test={test} target={value.target} />
          </div>
        </div>
      </div>
    </fieldset>
  );
}
