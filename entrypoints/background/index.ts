import { browser } from 'wxt/browser';
import { isMessage, type Envelope } from '@/lib/messages';
import {
  handleMessage,
  onSettingsChanged,
  POLL_ALARM,
  refreshBadge,
  schedulePoll,
  SETTINGS_KEY,
  syncNow,
} from './sync-service';
import { resumeTranslations, translationPass } from './translation-service';
import { registerContentService } from './content-service';
import { HF_ALARM, hfFetchNow, onHfSettingsChanged, onHfStored, scheduleHf } from './hf-service';

export default defineBackground(() => {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // The welcome page is the options page, opened once with the defaults selected.
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  // Browser start: catch up on a listing missed while the browser was closed.
  browser.runtime.onStartup.addListener(() => void schedulePoll('startup', false));
  browser.runtime.onStartup.addListener(() => void scheduleHf('startup', false));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void syncNow('alarm');
    if (alarm.name === HF_ALARM) void hfFetchNow('alarm');
  });
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[SETTINGS_KEY];
    if (area === 'local' && change) onSettingsChanged(change.oldValue, change.newValue);
    if (area === 'local' && change) onHfSettingsChanged(change.oldValue, change.newValue);
    // New keys: a halted pipeline may run again.
    if (area === 'local' && changes.secrets) void translationPass('settings');
  });
  browser.runtime.onMessage.addListener((message: unknown, sender): Promise<Envelope<unknown>> | undefined => {
    // Only our own pages talk to the background this way; the arxiv.org content script has its own
    // protocol (content-service.ts), so a message from a web page's tab is never one of these.
    if (sender.id !== browser.runtime.id || !isMessage(message)) return undefined;
    if (sender.url && !sender.url.startsWith(browser.runtime.getURL('/'))) return undefined;
    return handleMessage(message).then(
      (value) => ({ ok: true, value }) as const,
      (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }) as const,
    );
  });
  // Content scripts on arxiv.org (inline translation): their own listener, sender and shape checks.
  registerContentService();
  // Every service-worker start: make sure a poll is planned (first run: sync now) and the badge is right.
  void schedulePoll('worker-start', true);
  // Hugging Face's daily papers: their own alarm (first run: fetch now); a new list refreshes the badge.
  onHfStored(refreshBadge);
  void scheduleHf('worker-start', true);
  void refreshBadge();
  void resumeTranslations();
});
