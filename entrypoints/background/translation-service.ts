/**
 * The background's translation service: builds the chosen service from settings and keys, runs the
 * persistent job queue after every sync and at worker start, answers on-demand requests and the
 * options page's Test button. Decisions live in lib/translate (pipeline, factory, queue).
 */
import { browser } from 'wxt/browser';
import { getDb } from '@/lib/db/schema';
import { countJobs, enqueueJobs, IdbTranslationCache, paperTexts } from '@/lib/db/translations';
import { loadListing } from '@/lib/listing';
import type { Protocol, TranslateField, TranslationStatus } from '@/lib/messages';
import { loadSecrets, loadSettings, type Secrets, type TranslationSettings } from '@/lib/settings';
import { singleFlight } from '@/lib/sync/single-flight';
import { buildService, type BuiltService } from '@/lib/translate/factory';
import { enqueueListing, PRIORITY, runJobs } from '@/lib/translate/pipeline';
import { MemoryCache, translateTexts } from '@/lib/translate/queue';
import { TranslateError } from '@/lib/translate/types';
import { onDeviceTranslator } from './on-device';

const status: TranslationStatus = { pending: 0, running: false, lastErrors: [] };

/** One service object per configuration, so its queue (rate limit, backoff) is shared by every caller. */
let current: { key: string; built: BuiltService } | undefined;
function serviceFor(t: TranslationSettings, secrets: Secrets): BuiltService {
  const key = JSON.stringify([t, secrets]);
  if (current?.key !== key) {
    current = { key, built: buildService(t, secrets, { fetch: (i, init) => fetch(i, init), translator: onDeviceTranslator() }) };
    status.halted = undefined; // new settings or keys: try again
  }
  return current.built;
}

function remember(errors: readonly TranslateError[], service: string): void {
  const at = new Date().toISOString();
  for (const e of errors.slice(-3)) status.lastErrors.unshift({ service, message: e.message, kind: e.kind, at });
  status.lastErrors = status.lastErrors.slice(0, 5);
}

/** Enqueues what the latest listing needs (unless `onlyQueued`) and works through the queue. */
export const translationPass = singleFlight('arxiv-daily-translate', async (reason: string) => {
  const db = await getDb();
  const settings = await loadSettings(browser.storage.local);
  const t = settings.translation;
  if (!t.enabled) return;
  const built = serviceFor(t, await loadSecrets(browser.storage.local));
  if (status.halted && reason !== 'on-demand') return;
  status.running = true;
  try {
    if (reason !== 'resume' && reason !== 'on-demand') {
      await enqueueListing(db, await loadListing(db, settings), t.scope, t.target, Date.now());
    }
    status.pending = await countJobs(db);
    const fallbacks: TranslateError[] = [];
    const svc = built.service as { lastFallbacks?: ReadonlyArray<{ service: string; error: TranslateError }> };
    const r = await runJobs({ db, built, lang: t.target, cache: new IdbTranslationCache(db), now: () => Date.now() });
    for (const f of svc.lastFallbacks ?? []) if (f.error.kind !== 'unavailable') fallbacks.push(f.error);
    remember([...fallbacks, ...r.errors], built.service.name);
    if (r.lastService) status.lastService = r.lastService;
    if (r.halted) status.halted = { service: built.service.name, message: r.halted.message };
  } finally {
    status.running = false;
    status.pending = await countJobs(db);
  }
});

export async function translationStatus(): Promise<TranslationStatus> {
  return { ...status, pending: await countJobs(await getDb()), running: translationPass.running() };
}

/** On demand (an abstract opened, a retry): these fields first, then answer how they went. */
export async function translatePapers(ids: string[], fields: TranslateField[]): Promise<Protocol['translate-papers']['response']> {
  const db = await getDb();
  const { target } = (await loadSettings(browser.storage.local)).translation;
  const jobs = ids.flatMap((id) => fields.map((field) => ({ lang: target, id, field, priority: PRIORITY.onDemand })));
  await enqueueJobs(db, jobs, Date.now());
  // A pass under way picks the new jobs up first; otherwise start one.
  await translationPass(translationPass.running() ? 'resume' : 'on-demand');
  if (translationPass.running()) await translationPass('resume');
  const texts = await paperTexts(db, ids, target);
  let translated = 0;
  for (const id of ids) for (const f of fields) if (texts.get(id)?.[f]) translated++;
  return { translated, failed: ids.length * fields.length - translated };
}

/** The options page's Test button: the given (unsaved) settings and keys, no cache, the error in words. */
export async function testTranslation(req: Protocol['translate-test']['request']): Promise<Protocol['translate-test']['response']> {
  const built = buildService(req.translation, req.secrets, { fetch: (i, init) => fetch(i, init), translator: onDeviceTranslator(), onDeviceTimeoutMs: 4000 });
  const started = Date.now();
  const [r] = await translateTexts([req.sample], { service: built.service, to: req.translation.target, cache: new MemoryCache(), keepTerms: built.keepTerms });
  if (!r || r.failed) {
    const fallbacks = (built.service as { lastFallbacks?: ReadonlyArray<{ service: string; error: TranslateError }> }).lastFallbacks ?? [];
    const why = [r?.reason, ...fallbacks.map((f) => f.error.message)].filter(Boolean);
    return { ok: false, error: [...new Set(why)].join(' · ') || 'Translation failed', kind: r?.error?.kind ?? 'bad-response' };
  }
  const used = (built.service as { lastUsed?: string }).lastUsed ?? built.service.id;
  return { ok: true, text: r.text, service: used, ms: Date.now() - started };
}

/** Worker start: finish what a stopped worker left in the queue. */
export async function resumeTranslations(): Promise<void> {
  if ((await countJobs(await getDb())) > 0) void translationPass('resume');
}
