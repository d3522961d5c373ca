import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsForm } from '@/components/OptionsForm';
import '@/components/styles.css';
import './options.css';
import { getDb } from '@/lib/db/schema';
import { latestDay, papersOfDay, type ListedPaper } from '@/lib/db/queries';
import { request } from '@/lib/messages';
import { loadSettings, saveSettings, type Settings } from '@/lib/settings';

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

async function main() {
  const root = document.getElementById('app')!;
  let settings = await loadSettings(browser.storage.local);
  const welcome = new URLSearchParams(location.search).has('welcome') || !(await browser.storage.local.get('welcomed')).welcomed;
  if (welcome) await browser.storage.local.set({ welcomed: true });
  const show = (latest: ListedPaper[] | undefined) =>
    render(<OptionsForm initial={settings} welcome={welcome} latest={latest} onSave={save} />, root);
  async function save(next: Pick<Settings, 'categories' | 'keywords' | 'includeCross' | 'includeReplace'>) {
    const categoriesChanged = JSON.stringify(next.categories) !== JSON.stringify(settings.categories);
    settings = await saveSettings(browser.storage.local, next);
    // New categories: wait for the fetch the background starts (joining it), then preview with its papers.
    if (categoriesChanged) await request(send, 'sync-now').catch(() => undefined);
    show(await loadLatest());
  }
  show(await loadLatest());
}

void main();
