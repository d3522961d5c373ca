import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Reader, type ReaderTranslations } from '@/components/Reader';
import '@/components/styles.css';
import './popup.css';
import { getDb, type PaperTextRow } from '@/lib/db/schema';
import { paperTexts } from '@/lib/db/translations';
import { loadListing, type ListingView } from '@/lib/listing';
import { request, type Status, type TranslateField } from '@/lib/messages';
import { loadSettings, type Settings } from '@/lib/settings';
import { describeListing, describeSync } from '@/lib/sync/describe';
import { languageInfo } from '@/lib/translate/languages';

const send = (m: unknown) => browser.runtime.sendMessage(m);

function App() {
  const [view, setView] = useState<ListingView>();
  const [settings, setSettings] = useState<Settings>();
  const [status, setStatus] = useState<Status>();
  const [rows, setRows] = useState<ReadonlyMap<string, PaperTextRow>>(new Map());
  const [busy, setBusy] = useState<ReadonlyMap<string, ReadonlySet<TranslateField>>>(new Map());
  const [refreshing, setRefreshing] = useState(false);
  const viewRef = useRef<ListingView | undefined>(undefined);

  const loadTranslations = useCallback(async (v: ListingView | undefined, s: Settings) => {
    if (!v || !s.translation.enabled) return;
    setRows(await paperTexts(await getDb(), v.all.map((i) => i.paper.id), s.translation.target));
  }, []);

  const load = useCallback(async () => {
    const [db, s] = await Promise.all([getDb(), loadSettings(browser.storage.local)]);
    const v = await loadListing(db, s);
    viewRef.current = v;
    setView(v);
    setSettings(s);
    await loadTranslations(v, s);
    setStatus(await request(send, 'get-status'));
    return v;
  }, [loadTranslations]);

  useEffect(() => {
    void load().then((v) => {
      // What the popup showed counts as seen: the badge clears accordingly.
      const ids = v.relevant.filter((i) => !i.user?.seenAt).map((i) => i.paper.id);
      if (ids.length) void request(send, 'mark-seen', { ids });
    });
  }, [load]);

  // While a sync or the translation queue runs in the background, follow it.
  const working = !!status?.syncing || !!status?.translation.running || (status?.translation.pending ?? 0) > 0;
  useEffect(() => {
    if (!working || status?.translation.halted) return;
    const t = setTimeout(() => void load(), 800);
    return () => clearTimeout(t);
  }, [status, working, load]);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await request(send, 'sync-now');
    } finally {
      setRefreshing(false);
      await load();
    }
  };

  const requestTranslation = (id: string, fields: TranslateField[]) => {
    setBusy((b) => new Map(b).set(id, new Set([...(b.get(id) ?? []), ...fields])));
    void request(send, 'translate-papers', { ids: [id], fields })
      .catch(() => undefined)
      .finally(async () => {
        setBusy((b) => {
          const next = new Map(b);
          next.delete(id);
          return next;
        });
        if (settings) await loadTranslations(viewRef.current, settings);
        setStatus(await request(send, 'get-status'));
      });
  };

  const syncing = refreshing || !!status?.syncing;
  const line = describeSync({ ...(status ?? { feeds: [] }), syncing, now: Date.now() });
  const t = status?.translation;
  const problem = t?.halted
    ? `Translation stopped: ${t.halted.message}`
    : t?.lastErrors[0] && !t.running && t.pending > 0
      ? `Translation trouble: ${t.lastErrors[0].message}`
      : undefined;
  const translations: ReaderTranslations | undefined = settings?.translation.enabled
    ? { rows, lang: languageInfo(settings.translation.target)?.bcp47 ?? settings.translation.target, request: requestTranslation, busy, problem }
    : undefined;
  return (
    <Reader
      view={view}
      heading={view?.day ? describeListing(view.day.day) : undefined}
      status={line}
      busy={syncing}
      onRefresh={() => void refresh()}
      onOptions={() => void browser.runtime.openOptionsPage()}
      translations={translations}
    />
  );
}

if (new URLSearchParams(location.search).has('tab')) document.documentElement.classList.add('tab');
render(<App />, document.getElementById('app')!);
