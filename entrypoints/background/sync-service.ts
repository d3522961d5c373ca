/**
 * The background's sync service: one sync at a time, its poll alarm and the toolbar badge.
 * Wiring only; the decisions live in lib/sync and lib/arxiv/schedule.
 */
import { browser } from 'wxt/browser';
import { RequestGate } from '@/lib/arxiv/gate';
import { getDb } from '@/lib/db/schema';
import { getFeedStates, getMeta, latestDay, markRead, markSeen, setMeta, setStarred } from '@/lib/db/queries';
import { pruneOldListings, pruneTranslationCache } from '@/lib/db/retention';
import { describeListing } from '@/lib/sync/describe';
import { BADGE_COLOR, badgeText, loadListing } from '@/lib/listing';
import type { Message, Reply, Status } from '@/lib/messages';
import { loadSettings, SETTINGS_KEY, type Settings } from '@/lib/settings';
import { getPollState, planAfterSync, planFromState } from '@/lib/sync/poller';
import { singleFlight } from '@/lib/sync/single-flight';
import { LAST_SYNC_KEY, runSync, type SyncReport } from '@/lib/sync/sync';
import { testTranslation, translatePapers, translationPass, translationStatus } from './translation-service';
import { trendingBadgeCountFor } from '@/lib/hf/view';
import { hfFetchNow, trendingReply } from './hf-service';

export const POLL_ALARM = 'arxiv-poll';

/** Every request to arXiv from this context passes this gate (one at a time, 3 s apart). */
export const arxivGate = new RequestGate(3000);

export const syncNow = singleFlight('arxiv-daily-sync', async (reason: string): Promise<SyncReport> => {
  const db = await getDb();
  const settings = await loadSettings(browser.storage.local);
  const report = await runSync(
    { db, settings, gate: arxivGate, fetch: (input, init) => fetch(input, init), now: () => Date.now() },
    reason,
  );
  const plan = await planAfterSync(db, report);
  await browser.alarms.create(POLL_ALARM, { when: plan.at.getTime() });
  await refreshBadge();
  if (report.outcome === 'new') await afterNewListing(settings);
  // Translate the new listing in the background; the sync's answer does not wait for it.
  if (report.outcome === 'new' || reason === 'manual') void translationPass('sync');
  return report;
});

/** A new listing: prune what is past the retention limit, and notify once for the day if the user asked. */
async function afterNewListing(settings: Settings): Promise<void> {
  const db = await getDb();
  const latest = await latestDay(db);
  if (!latest) return;
  try {
    await pruneOldListings(db, latest.day, settings.retentionDays);
    await pruneTranslationCache(db, Date.now(), settings.retentionDays);
  } catch (e) {
    console.warn('arXiv Daily: pruning failed', e);
  }
  const notifications = (browser as { notifications?: typeof browser.notifications }).notifications;
  if (!settings.notifications || !notifications || (await getMeta<string>(db, NOTIFIED_KEY)) === latest.day) return;
  const view = await loadListing(db, settings);
  await setMeta(db, NOTIFIED_KEY, latest.day);
  if (!view.relevant.length) return;
  await notifications.create(`listing-${latest.day}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: 'arXiv Daily',
    message: `${view.relevant.length} ${view.groups.length ? 'relevant' : 'new'} paper${view.relevant.length === 1 ? '' : 's'} in ${describeListing(latest.day).replace(/ · .*/, '')}`,
  });
}

const NOTIFIED_KEY = 'notifiedDay';

/** Recomputes the badge from the database: unseen relevant papers of the latest listing. */
export async function refreshBadge(): Promise<string> {
  const db = await getDb();
  const settings = await loadSettings(browser.storage.local);
  const view = await loadListing(db, settings);
  const count =
    (settings.badgeMode === 'off' ? 0 : settings.badgeMode === 'all' ? view.all.filter((i) => !i.user?.seenAt).length : view.unseen) +
    (await trendingBadgeCountFor(db, settings, new Set(view.all.map((i) => i.paper.id)))); // only with trending.countOnBadge
  const text = badgeText(count);
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  await browser.action.setBadgeText({ text });
  return text;
}

/**
 * Plans from stored state and either syncs at once (first run) or sets the alarm. With `onlyIfMissing`
 * (every service-worker start) an existing alarm is left alone.
 */
export async function schedulePoll(why: string, onlyIfMissing: boolean): Promise<void> {
  if (onlyIfMissing && (await browser.alarms.get(POLL_ALARM))) return;
  const now = new Date();
  const plan = await planFromState(await getDb(), now);
  if (plan.at.getTime() <= now.getTime()) void syncNow(`${why}:${plan.reason}`);
  else await browser.alarms.create(POLL_ALARM, { when: plan.at.getTime() });
}

export async function getStatus(): Promise<Status> {
  const db = await getDb();
  const [lastSync, poll, feeds, badge, translation] = await Promise.all([
    getMeta<SyncReport>(db, LAST_SYNC_KEY),
    getPollState(db),
    getFeedStates(db),
    browser.action.getBadgeText({}),
    translationStatus(),
  ]);
  return { syncing: syncNow.running(), lastSync, nextPollAt: poll.next?.at, nextPollReason: poll.next?.reason, feeds, badge, translation };
}

/** Answers one validated message from an extension page. */
export async function handleMessage(m: Message): Promise<Reply<Message['type']>> {
  const db = await getDb();
  switch (m.type) {
    case 'sync-now':
      return syncNow('manual');
    case 'get-status':
      return getStatus();
    case 'mark-seen':
      await markSeen(db, m.ids, Date.now());
      return { badge: await refreshBadge() };
    case 'set-read':
      await markRead(db, m.id, m.read, Date.now());
      return { badge: await refreshBadge() };
    case 'set-starred':
      await setStarred(db, m.id, m.starred, Date.now());
      return null;
    case 'translate-papers':
      return translatePapers(m.ids, m.fields);
    case 'translate-test':
      return testTranslation(m);
    case 'trending':
      return trendingReply(m.date);
    case 'trending-refresh':
      return hfFetchNow('manual', m.date);
  }
}

/** Reacts to settings changes: new categories need a fetch, new keywords a new badge. */
export function onSettingsChanged(oldValue: unknown, newValue: unknown): void {
  const part = (v: unknown, k: string) => JSON.stringify((v as Record<string, unknown> | undefined)?.[k] ?? null);
  if (part(oldValue, 'categories') !== part(newValue, 'categories')) void syncNow('settings');
  else {
    void refreshBadge();
    // New keywords, language or service: translate what the listing now needs.
    void translationPass('settings');
  }
}

export { SETTINGS_KEY };
