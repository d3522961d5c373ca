/**
 * The background side of inline translation on arxiv.org. Content scripts ask, by typed and
 * validated messages (lib/content-protocol), for a sanitized view of the settings, for the user's
 * marks, and for translations; all network and keys stay here.
 *
 * Source text, in this order: the paper in IndexedDB (translated through the persistent pipeline,
 * jobs at on-demand priority, so what the popup shows and the page shows are the same rows), the
 * page's citation meta tags, arXiv's API by id (through the one `arxivGate` shared with feed polling:
 * one request at a time, 3 s apart, ids batched), and only last the page's own text. Texts that are
 * not stored papers go through `translateTexts` with the IndexedDB cache. API papers are kept in
 * memory only: stored papers are the listings the user follows (retention prunes by listing day,
 * which an API paper has none of) and the reader's search covers them.
 */
import { browser } from 'wxt/browser';
import { parseFeed } from '@/lib/arxiv/feed';
import type { Paper } from '@/lib/arxiv/types';
import {
  inlineConfig,
  isArxivContentSender,
  isContentRequest,
  isExtensionPageSender,
  isInlineToggleRequest,
  serviceLabel,
  TOGGLE_COMMAND,
  type ContentProtocol,
  type ContentPush,
  type ContentRequest,
  type FieldResult,
  type ItemResult,
  type TextField,
  type TextOrigin,
  type TranslateItem,
} from '@/lib/content-protocol';
import { getDb, type ArxivDb } from '@/lib/db/schema';
import { userRows } from '@/lib/db/queries';
import { enqueueJobs, IdbTranslationCache, paperTexts, type NewJob } from '@/lib/db/translations';
import type { Envelope } from '@/lib/messages';
import { loadSecrets, loadSettings, saveSettings, SECRETS_KEY, SETTINGS_KEY, type Secrets, type TranslationSettings } from '@/lib/settings';
import { buildService, type BuiltService } from '@/lib/translate/factory';
import { isCurrent, PRIORITY } from '@/lib/translate/pipeline';
import { translateTexts } from '@/lib/translate/queue';
import type { ServiceChoice } from '@/lib/translate/types';
import { onDeviceTranslator } from './on-device';
import { arxivGate } from './sync-service';
import { translationPass } from './translation-service';

/** How long a request waits for the pipeline to translate stored papers before answering "pending". */
const PIPELINE_WAIT_MS = 25_000;
/** How long a request waits for arXiv's API before falling back to the page's text. */
const API_WAIT_MS = 12_000;
/** Ids per API request (arXiv's `id_list` with `max_results`). */
const API_BATCH = 50;
const API_URL = 'https://export.arxiv.org/api/query';

const area = () => browser.storage.local;

// ---------------------------------------------------------------------------------------------
// Services (one object per configuration, so its queue's rate limit is shared by every caller)

const built = new Map<string, BuiltService>();
function serviceFor(t: TranslationSettings, secrets: Secrets, override?: ServiceChoice): BuiltService {
  const settings = override ? { ...t, service: override } : t;
  const key = JSON.stringify([settings, secrets]);
  let b = built.get(key);
  if (!b) {
    if (built.size > 8) built.clear();
    b = buildService(settings, secrets, { fetch: (i, init) => fetch(i, init), translator: onDeviceTranslator() });
    built.set(key, b);
  }
  return b;
}

function answeredBy(b: BuiltService): string {
  return (b.service as { lastUsed?: string }).lastUsed ?? b.service.id;
}

// ---------------------------------------------------------------------------------------------
// arXiv's API, by id, batched, through the gate shared with the feed polling

type Waiter = (paper: Paper | null) => void;
const apiKnown = new Map<string, { paper: Paper | null; until: number }>();
const apiWaiting = new Map<string, Waiter[]>();
let apiFlush: ReturnType<typeof setTimeout> | undefined;
let apiRunning = false;

function remember(id: string, paper: Paper | null, ttlMs: number): void {
  if (apiKnown.size > 2000) apiKnown.delete(apiKnown.keys().next().value!);
  apiKnown.set(id, { paper, until: Date.now() + ttlMs });
}

async function runApi(): Promise<void> {
  if (apiRunning) return;
  apiRunning = true;
  try {
    while (apiWaiting.size) {
      const ids = [...apiWaiting.keys()].slice(0, API_BATCH);
      const url = `${API_URL}?id_list=${ids.map(encodeURIComponent).join(',')}&max_results=${ids.length}`;
      let papers: Paper[] = [];
      let ok = false;
      try {
        papers = await arxivGate.run(async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 20_000);
          try {
            const res = await fetch(url, { signal: controller.signal });
            if (!res.ok) throw new Error(`arXiv's API answered ${res.status}`);
            return parseFeed(await res.text()).papers;
          } finally {
            clearTimeout(timer);
          }
        });
        ok = true;
      } catch (e) {
        console.warn('arXiv Daily: API lookup failed', e);
      }
      const byId = new Map(papers.map((p) => [p.id, p]));
      for (const id of ids) {
        const paper = byId.get(id) ?? null;
        // A failed request is not an answer: try again in a minute, not for the next hour.
        remember(id, paper, ok ? 3600_000 : 60_000);
        for (const w of apiWaiting.get(id) ?? []) w(paper);
        apiWaiting.delete(id);
      }
    }
  } finally {
    apiRunning = false;
  }
}

/** Papers from arXiv's API by id; ids not answered within `waitMs` are missing from the map (asked for still). */
export function apiPapers(ids: readonly string[], waitMs = API_WAIT_MS): Promise<Map<string, Paper>> {
  const out = new Map<string, Paper>();
  const missing: string[] = [];
  for (const id of ids) {
    const k = apiKnown.get(id);
    if (k && k.until > Date.now()) {
      if (k.paper) out.set(id, k.paper);
    } else missing.push(id);
  }
  if (!missing.length) return Promise.resolve(out);
  return new Promise((resolve) => {
    let left = missing.length;
    const timer = setTimeout(() => resolve(out), waitMs);
    for (const id of missing) {
      const list = apiWaiting.get(id) ?? [];
      list.push((paper) => {
        if (paper) out.set(id, paper);
        if (--left === 0) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      apiWaiting.set(id, list);
    }
    // Ids asked for within a short while share one request.
    clearTimeout(apiFlush);
    apiFlush = setTimeout(() => void runApi(), 150);
  });
}

// ---------------------------------------------------------------------------------------------
// Translations

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function storedPapers(db: ArxivDb, ids: readonly string[]): Promise<Map<string, Paper>> {
  const tx = db.transaction('papers');
  const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
  return new Map(rows.filter((p): p is Paper => !!p).map((p) => [p.id, p]));
}

function result(out: Map<string, ItemResult>, id: string): ItemResult {
  let r = out.get(id);
  if (!r) out.set(id, (r = { id, fields: {} }));
  return r;
}

/**
 * Stored papers: their rows in `paperText` when current; otherwise on-demand jobs in the persistent
 * queue and a pipeline pass, waiting (up to PIPELINE_WAIT_MS) for the rows to appear.
 */
async function viaPipeline(db: ArxivDb, lang: string, wanted: Array<{ paper: Paper; fields: TextField[] }>, out: Map<string, ItemResult>): Promise<void> {
  let open = wanted.flatMap(({ paper, fields }) => fields.filter((f) => paper[f].trim() !== '').map((field) => ({ paper, field })));
  const settle = async (final: boolean) => {
    const rows = await paperTexts(db, [...new Set(open.map((o) => o.paper.id))], lang);
    const still: typeof open = [];
    for (const o of open) {
      const row = rows.get(o.paper.id);
      const t = row?.[o.field];
      if (t && isCurrent(row, o.field, o.paper[o.field])) {
        result(out, o.paper.id).fields[o.field] = { text: t.text, service: serviceLabel(t.service), origin: 'db' };
      } else if (row?.errors?.[o.field]) {
        const r = result(out, o.paper.id);
        r.errors = { ...r.errors, [o.field]: row.errors[o.field] };
      } else if (final) {
        const r = result(out, o.paper.id);
        const job = await db.get('translateJobs', [lang, o.paper.id, o.field]);
        if (job?.error) r.errors = { ...r.errors, [o.field]: job.error.message };
        else r.pending = [...(r.pending ?? []), o.field];
      } else still.push(o);
    }
    open = still;
  };
  await settle(false);
  if (!open.length) return;
  const jobs: NewJob[] = open.map((o) => ({ lang, id: o.paper.id, field: o.field, priority: PRIORITY.onDemand }));
  await enqueueJobs(db, jobs, Date.now());
  const deadline = Date.now() + PIPELINE_WAIT_MS;
  // A pass under way picks the on-demand jobs up at its next batch; otherwise this starts one.
  let pass = translationPass('on-demand').then(() => true, () => true);
  let passes = 1;
  while (open.length && Date.now() < deadline) {
    const ended = await Promise.race([pass, sleep(300).then(() => false)]);
    await settle(false);
    if (ended && open.length) {
      // The pass ended before reaching our jobs (it was finishing when they came) or they wait after a failure.
      if (passes++ >= 3) break;
      pass = translationPass('on-demand').then(() => true, () => true);
    }
  }
  if (open.length) await settle(true);
}

/** Texts that are not stored papers (or another service than the settings' one): the cache, then the service. */
async function viaTexts(
  db: ArxivDb,
  b: BuiltService,
  lang: string,
  texts: Array<{ id: string; field: TextField; text: string; origin: TextOrigin }>,
  out: Map<string, ItemResult>,
): Promise<void> {
  if (!texts.length) return;
  const answers = await translateTexts(
    texts.map((t) => t.text),
    { service: b.service, to: lang, cache: new IdbTranslationCache(db), keepTerms: b.keepTerms },
  );
  const fresh = answeredBy(b);
  texts.forEach((t, i) => {
    const a = answers[i]!;
    const r = result(out, t.id);
    if (a.failed) r.errors = { ...r.errors, [t.field]: a.reason ?? a.error?.message ?? 'Translation failed' };
    else r.fields[t.field] = { text: a.text, service: serviceLabel(a.cached ? b.service.id : fresh), origin: t.origin } satisfies FieldResult;
  });
}

export async function translateItems(items: readonly TranslateItem[], override?: ServiceChoice): Promise<ContentProtocol['inline:translate']['response']> {
  const [settings, secrets] = await Promise.all([loadSettings(area()), loadSecrets(area())]);
  const config = inlineConfig(settings, secrets);
  if (!config.enabled) return { items: [] };
  const lang = settings.translation.target;
  const db = await getDb();
  const stored = await storedPapers(db, items.map((i) => i.id));
  const out = new Map<string, ItemResult>();
  const sources: Array<{ id: string; field: TextField; text: string; origin: TextOrigin }> = [];

  // Stored papers with the settings' service: the pipeline (the popup's rows).
  const pipelined = override ? [] : items.filter((i) => stored.has(i.id));
  const rest = override ? [...items] : items.filter((i) => !stored.has(i.id));
  // The others: stored text, then the page's meta tags, then the API, then the page's text.
  const needApi = rest.filter((i) => !stored.has(i.id) && !(i.origin === 'meta' && i.fields.every((f) => i.texts?.[f])));
  const [api] = await Promise.all([
    needApi.length ? apiPapers(needApi.map((i) => i.id)) : Promise.resolve(new Map<string, Paper>()),
    viaPipeline(db, lang, pipelined.map((i) => ({ paper: stored.get(i.id)!, fields: i.fields })), out),
  ]);
  for (const item of rest) {
    for (const field of item.fields) {
      const paper = stored.get(item.id);
      const fromMeta = item.origin === 'meta' ? item.texts?.[field] : undefined;
      const fromApi = api.get(item.id)?.[field];
      const fromPage = item.origin === 'page' ? item.texts?.[field] : undefined;
      const pick: [string | undefined, TextOrigin][] = [
        [paper?.[field], 'db'],
        [fromMeta, 'meta'],
        [fromApi, 'api'],
        [fromPage, 'page'],
      ];
      const found = pick.find(([t]) => t && t.trim());
      if (found) sources.push({ id: item.id, field, text: found[0]!.trim(), origin: found[1] });
      else result(out, item.id).errors = { ...result(out, item.id).errors, [field]: 'No text to translate' };
    }
  }
  await viaTexts(db, serviceFor(settings.translation, secrets, override), lang, sources, out);
  return { items: items.map((i) => out.get(i.id) ?? { id: i.id, fields: {} }) };
}

async function lookup(ids: readonly string[]): Promise<ContentProtocol['inline:lookup']['response']> {
  const rows = await userRows(await getDb(), ids);
  return { seen: [...rows.values()].filter((r) => r.seenAt).map((r) => r.id) };
}

async function handle(m: ContentRequest): Promise<unknown> {
  switch (m.type) {
    case 'inline:config': {
      const [settings, secrets] = await Promise.all([loadSettings(area()), loadSecrets(area())]);
      return inlineConfig(settings, secrets);
    }
    case 'inline:translate':
      return translateItems(m.items, m.service);
    case 'inline:lookup':
      return lookup(m.ids);
  }
}

// ---------------------------------------------------------------------------------------------
// The toggle (popup, keyboard shortcut) and telling open tabs

/** Turns inline translation on or off (`undefined`: flips it). Open arxiv.org tabs hear of it through the settings change. */
export async function setInlineEnabled(enabled?: boolean): Promise<{ enabled: boolean }> {
  const s = await loadSettings(area());
  const next = enabled ?? !s.inline.enabled;
  await saveSettings(area(), { inline: { ...s.inline, enabled: next } });
  return { enabled: next };
}

async function tellTabs(): Promise<void> {
  const push: ContentPush = { type: 'inline:changed' };
  const tabs = await browser.tabs.query({ url: ['https://arxiv.org/*'] });
  await Promise.all(tabs.map((t) => (t.id === undefined ? undefined : browser.tabs.sendMessage(t.id, push).catch(() => undefined))));
}

function envelope(p: Promise<unknown>): Promise<Envelope<unknown>> {
  return p.then(
    (value) => ({ ok: true, value }) as const,
    (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }) as const,
  );
}

/**
 * Listens to content scripts on arxiv.org (and the popup's toggle), apart from the extension pages'
 * listener. Messages of other shapes or from other senders are left to the other listeners.
 */
export function registerContentService(): void {
  restrictStorage();
  browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Envelope<unknown>> | undefined => {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !type.startsWith('inline:')) return undefined;
    if (isInlineToggleRequest(message) && isExtensionPageSender(sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      return envelope(setInlineEnabled(message.enabled));
    }
    if (!isArxivContentSender(sender, browser.runtime.id)) return undefined;
    if (!isContentRequest(message)) return Promise.resolve({ ok: false, error: 'Malformed request' });
    return envelope(handle(message));
  });
  browser.storage.onChanged.addListener((changes, areaName) => {
    if (areaName !== 'local' || !(changes[SETTINGS_KEY] || changes[SECRETS_KEY])) return;
    const before = changes[SETTINGS_KEY]?.oldValue;
    const after = changes[SETTINGS_KEY]?.newValue;
    // Only changes a page can see (the sanitized view) are told; keys change which services can be offered.
    if (!changes[SECRETS_KEY] && JSON.stringify(pageView(before)) === JSON.stringify(pageView(after))) return;
    void tellTabs().catch(() => undefined);
  });
  browser.commands?.onCommand.addListener((command) => {
    if (command === TOGGLE_COMMAND) void setInlineEnabled().catch((e: unknown) => console.warn('arXiv Daily: toggle failed', e));
  });
}

type AccessLevelArea = { setAccessLevel?: (o: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> | void };

/**
 * Content scripts may read `storage.local` (where the keys are) unless the browser is told otherwise.
 * Ours never does; where the browser can restrict it (Chrome), only the extension's own pages and
 * worker may. Elsewhere (Firefox supports this for `storage.session` only) the call is skipped.
 */
function restrictStorage(): void {
  const local = (globalThis as { chrome?: { storage?: { local?: AccessLevelArea } } }).chrome?.storage?.local;
  try {
    void Promise.resolve(local?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })).catch(() => undefined);
  } catch {
    // not supported for this storage area
  }
}

function pageView(raw: unknown): unknown {
  const s = (raw ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const t = s.translation ?? {};
  return [s.inline, s.keywords, t.enabled, t.service, t.target, (t.openai as Record<string, unknown> | undefined)?.preset];
}
