import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsForm } from '@/components/OptionsForm';
import '@/components/styles.css';
import './options.css';
import { getDb } from '@/lib/db/schema';
import { loadListing, type ListingView } from '@/lib/listing';
import { compileKeywords, matchPaper } from '@/lib/match';
import { loadSettings, saveSettings } from '@/lib/settings';

async function main() {
  const settings = await loadSettings(browser.storage.local);
  let listing: ListingView | undefined;
  try {
    listing = await loadListing(await getDb(), { ...settings, keywords: [] });
  } catch {
    listing = undefined;
  }
  const preview = (keywords: string[]) => {
    if (!listing?.day) return undefined;
    const compiled = compileKeywords(keywords);
    const counts = new Map<string, number>();
    const errors = new Map(compiled.errors.map((e) => [e.label, e.message]));
    let total = 0;
    for (const item of listing.all) {
      const m = matchPaper(item.paper, compiled);
      if (m.keywords.length) total++;
      for (const k of m.keywords) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return { counts, errors, total };
  };
  const welcome = new URLSearchParams(location.search).has('welcome') || !(await browser.storage.local.get('welcomed')).welcomed;
  if (welcome) await browser.storage.local.set({ welcomed: true });
  render(
    <OptionsForm
      initial={settings}
      welcome={welcome}
      preview={preview}
      onSave={async (next) => {
        await saveSettings(browser.storage.local, next);
      }}
    />,
    document.getElementById('app')!,
  );
}

void main();
