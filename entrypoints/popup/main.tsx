import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Reader } from '@/components/Reader';
import '@/components/styles.css';
import './popup.css';
import { getDb } from '@/lib/db/schema';
import { loadListing, type ListingView } from '@/lib/listing';
import { request, type Status } from '@/lib/messages';
import { loadSettings } from '@/lib/settings';
import { describeListing, describeSync } from '@/lib/sync/describe';

const send = (m: unknown) => browser.runtime.sendMessage(m);

function App() {
  const [view, setView] = useState<ListingView>();
  const [status, setStatus] = useState<Status>();
  const [refreshing, setRefreshing] = useState(false);

  const load = useCallback(async () => {
    const [db, settings] = await Promise.all([getDb(), loadSettings(browser.storage.local)]);
    const v = await loadListing(db, settings);
    setView(v);
    setStatus(await request(send, 'get-status'));
    return v;
  }, []);

  useEffect(() => {
    void load().then((v) => {
      // What the popup showed counts as seen: the badge clears accordingly.
      const ids = v.relevant.filter((i) => !i.user?.seenAt).map((i) => i.paper.id);
      if (ids.length) void request(send, 'mark-seen', { ids });
    });
  }, [load]);

  // While a sync runs (ours or the background's), follow it.
  useEffect(() => {
    if (!status?.syncing) return;
    const t = setTimeout(() => void load(), 700);
    return () => clearTimeout(t);
  }, [status, load]);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await request(send, 'sync-now');
    } finally {
      setRefreshing(false);
      await load();
    }
  };

  const busy = refreshing || !!status?.syncing;
  const line = describeSync({ ...(status ?? { feeds: [] }), syncing: busy, now: Date.now() });
  return (
    <Reader
      view={view}
      heading={view?.day ? describeListing(view.day.day) : undefined}
      status={line}
      busy={busy}
      onRefresh={() => void refresh()}
      onOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}

if (new URLSearchParams(location.search).has('tab')) document.documentElement.classList.add('tab');
render(<App />, document.getElementById('app')!);
