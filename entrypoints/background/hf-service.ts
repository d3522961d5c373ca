/**
 * The background's Hugging Face service: the daily fetch of the trending papers on its own alarm and
 * its own rate limit (separate from arXiv's), translations of the trending titles and abstracts through
 * the shared pipeline, and the answers for the reader's Trending tab. Decisions live in lib/hf.
 */
import { browser } from 'wxt/browser';
import { RequestGate } from '@/lib/arxiv/gate';
import { getHfState, hfDayList, pruneHf, trendingPapers, type HfFetchState } from '@/lib/db/hf';
import { getMeta, setMeta } from '@/lib/db/queries';
import { getDb, type ArxivDb } from '@/lib/db/schema';
import { countJobs } from '@/lib/db/translations';
import { dueHfDate, planNextHfFetch, utcDate } from '@/lib/hf/schedule';
import { runHfFetch, type HfFetchReport } from '@/lib/hf/sync';
import { loadTrending, trendingAsListing } from '@/lib/hf/view';
import type { TrendingReply } from '@/lib/messages';
import { loadSettings } from '@/lib/settings';
import { singleFlight } from '@/lib/sync/single-flight';
import { enqueueListing } from '@/lib/translate/pipeline';
import { translationPass } from './translation-service';

export const HF_ALARM = 'hf-poll';
const NEXT_KEY = 'hfNext';

/** Every request to Hugging Face from this context passes this gate (one at a time, 2 s apart). */
export const hfGate = new RequestGate(2000);

let afterStore: () => unknown = () => undefined;
/** What to do after a new list was stored (the badge); set once by the background's entry point. */
export function onHfStored(fn: () => unknown): void {
  afterStore = fn;
}

/** Fetches the list of `date` (default: the day due) unless trending is off, then plans the next fetch. */
export const hfFetchNow = singleFlight('arxiv-daily-hf', async (reason: string, date?: string): Promise<HfFetchReport> => {
  const db = await getDb();
  const settings = await loadSettings(browser.storage.local);
  const target = date ?? dueHfDate(Date.now());
  if (!settings.trending.enabled) {
    const at = new Date().toISOString();
    return { startedAt: at, finishedAt: at, date: target, outcome: 'disabled', requests: 0 };
  }
  const report = await runHfFetch(
    { db, fetch: (input, init) => fetch(input, init), gate: hfGate, now: () => Date.now() },
    // A scheduled fetch that finds an empty day with nothing stored looks back (first run on a Monday).
    { date: target, lookBack: date ? 0 : 3 },
  );
  await planNext(db, reason);
  if (report.outcome === 'new') {
    try {
      await pruneHf(db, utcDate(Date.now()), settings.retentionDays);
    } catch (e) {
      console.warn('arXiv Daily: pruning trending papers failed', e);
    }
    void afterStore();
    void translateTrending('hf');
  }
  return report;
});

async function planNext(db: ArxivDb, why: string): Promise<void> {
  const plan = planNextHfFetch(new Date(), await getHfState(db));
  await setMeta(db, NEXT_KEY, { at: plan.at.toISOString(), date: plan.date, reason: `${why}:${plan.reason}` });
  await browser.alarms.create(HF_ALARM, { when: Math.max(plan.at.getTime(), Date.now() + 1000) });
}

/**
 * Plans from stored state: fetches at once when a list is due (first run, a browser closed over the
 * slot), else sets the alarm. With `onlyIfMissing` (every worker start) an existing alarm is left alone.
 */
export async function scheduleHf(why: string, onlyIfMissing: boolean): Promise<void> {
  const settings = await loadSettings(browser.storage.local);
  if (!settings.trending.enabled) {
    await browser.alarms.clear(HF_ALARM);
    return;
  }
  if (onlyIfMissing && (await browser.alarms.get(HF_ALARM))) return;
  const db = await getDb();
  const now = new Date();
  const plan = planNextHfFetch(now, await getHfState(db));
  if (plan.at.getTime() <= now.getTime()) void hfFetchNow(`${why}:${plan.reason}`);
  else {
    await setMeta(db, NEXT_KEY, { at: plan.at.toISOString(), date: plan.date, reason: `${why}:${plan.reason}` });
    await browser.alarms.create(HF_ALARM, { when: plan.at.getTime() });
  }
}

/** Queues the newest trending list's titles (and abstracts per the translation scope) and runs the pipeline. */
export async function translateTrending(_reason: string): Promise<void> {
  const db = await getDb();
  const settings = await loadSettings(browser.storage.local);
  const t = settings.translation;
  if (!t.enabled || !settings.trending.enabled) return;
  const view = await loadTrending(db, settings);
  if (!view.items.length) return;
  const added = await enqueueListing(db, trendingAsListing(view), t.scope, t.target, Date.now());
  if (!added) return;
  // Joins a pass under way (which may already be past its queue), then one more for what is left.
  await translationPass('resume');
  if ((await countJobs(db)) > 0) await translationPass('resume');
}

/** The Trending tab's data: a stored list (default: the newest), the days stored, how fetching goes. */
export async function trendingReply(date?: string): Promise<TrendingReply> {
  const db = await getDb();
  const [days, state, next] = await Promise.all([hfDayList(db), getHfState(db), getMeta<HfFetchState['next']>(db, NEXT_KEY)]);
  const day = date ?? days[0]?.date;
  const items = day ? await trendingPapers(db, day) : [];
  return { date: day, items, days, state: next ? { ...state, next } : state, fetching: hfFetchNow.running() };
}

/** Settings changed: trending switched on or off, or new keywords / language for the trending translations. */
export function onHfSettingsChanged(oldValue: unknown, newValue: unknown): void {
  const part = (v: unknown, k: string) => JSON.stringify((v as Record<string, unknown> | undefined)?.[k] ?? null);
  if (part(oldValue, 'trending') !== part(newValue, 'trending')) void scheduleHf('settings', false);
  if (part(oldValue, 'keywords') !== part(newValue, 'keywords') || part(oldValue, 'translation') !== part(newValue, 'translation')) {
    void translateTrending('settings');
  }
}
