import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsForm, type FormSettings } from '@/components/OptionsForm';
import type { HostAccess } from '@/components/TranslationOptions';
import '@/components/styles.css';
import './options.css';
import { applyTheme } from '@/components/theme';
import { exportData, importStarred, parseImport } from '@/lib/backup';
import { getDb } from '@/lib/db/schema';
import { latestDay, papersOfDay, type ListedPaper } from '@/lib/db/queries';
import { applyCachedUiLanguage, applyUiLanguage, t, tn } from '@/lib/i18n';
import { request } from '@/lib/messages';
import { loadSecrets, loadSettings, saveSecrets, saveSettings, type Secrets, type Settings } from '@/lib/settings';

const send = (m: unknown) => browser.runtime.sendMessage(m);

async function loadLatest(): Promise<ListedPaper[] | undefined> {
  try {
    const db = await getDb();
    const day = await latestDay(db);
    return day ? await papersOfDay(db, day.day) : undefined;
  } catch {
    return undefined;
  }
}

/** The page in the interface language of these settings. */
function applyLanguage(settings: Settings) {
  applyUiLanguage(settings.reader.uiLanguage);
  document.title = t('app.optionsTitle');
}

async function main() {
  const root = document.getElementById('app')!;
  applyCachedUiLanguage();
  let settings = await loadSettings(browser.storage.local);
  let secrets = await loadSecrets(browser.storage.local);
  applyTheme(settings.reader.theme);
  applyLanguage(settings);
  const welcome = new URLSearchParams(location.search).has('welcome') || !(await browser.storage.local.get('welcomed')).welcomed;
  if (welcome) await browser.storage.local.set({ welcomed: true });
  const show = (latest: ListedPaper[] | undefined) =>
    render(
      <OptionsForm
        initial={settings}
        initialSecrets={secrets}
        welcome={welcome}
        latest={latest}
        onSave={save}
        onTest={test}
        access={access}
        askNotifications={() => browser.permissions.request({ permissions: ['notifications'] })}
        onExport={exportFile}
        onImport={importFile}
      />,
      root,
    );
  async function save(next: FormSettings, nextSecrets: Secrets) {
    const categoriesChanged = JSON.stringify(next.categories) !== JSON.stringify(settings.categories);
    // Keys first: a background reacting to the new settings finds the keys that go with them.
    await saveSecrets(browser.storage.local, { deeplKey: nextSecrets.deeplKey ?? '', openaiKey: nextSecrets.openaiKey ?? '' });
    secrets = await loadSecrets(browser.storage.local);
    settings = await saveSettings(browser.storage.local, next);
    applyTheme(settings.reader.theme);
    // A new interface language applies from the Save (the form re-renders below, in it).
    applyLanguage(settings);
    // New categories: wait for the fetch the background starts (joining it), then preview with its papers.
    if (categoriesChanged) await request(send, 'sync-now').catch(() => undefined);
    show(await loadLatest());
  }
  show(await loadLatest());
}

/** Optional host permissions for user-chosen LLM endpoints (see `optional_host_permissions`). */
const access: HostAccess = {
  has: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  request: (pattern) => browser.permissions.request({ origins: [pattern] }),
  onChange(cb) {
    browser.permissions.onAdded.addListener(cb);
    browser.permissions.onRemoved.addListener(cb);
    return () => {
      browser.permissions.onAdded.removeListener(cb);
      browser.permissions.onRemoved.removeListener(cb);
    };
  },
};

/** Downloads settings and starred papers as JSON (never the keys). */
async function exportFile(): Promise<void> {
  const data = await exportData(await getDb(), await loadSettings(browser.storage.local));
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `arxiv-daily-${data.exportedAt.slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Imports an export file: settings replace the current ones, stars are merged. */
async function importFile(file: File): Promise<string> {
  const plan = parseImport(await file.text());
  if (plan.settings) await saveSettings(browser.storage.local, plan.settings);
  const n = await importStarred(await getDb(), plan.starred);
  setTimeout(() => location.reload(), 1500);
  const skipped = plan.skipped ? t('backup.skipped', { n: plan.skipped }) : '';
  return tn(plan.settings ? 'backup.importedWithSettings' : 'backup.imported', n, { skipped });
}

/** The "Test" button: the background translates with these (possibly unsaved) values. */
function test(translation: Settings['translation'], secrets: Secrets, sample: string) {
  return request(send, 'translate-test', { translation, secrets, sample });
}

void main();
