import { render } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Reader, type ReaderTab, type ReaderTranslations } from '@/components/Reader';
import '@/components/styles.css';
import './popup.css';
import { getDb, type DayRow, type HfMeta, type PaperTextRow } from '@/lib/db/schema';
import { loadTrending } from '@/lib/hf/view';
import { getHfState } from '@/lib/db/hf';
import { listDays, starredPapers, type ListedPaper } from '@/lib/db/queries';
import { paperTexts } from '@/lib/db/translations';
import { loadListing, withMatches, type ListingItem, type ListingView } from '@/lib/listing';
import { compileKeywords } from '@/lib/match';
import { request, type Status, type TranslateField } from '@/lib/messages';
import { loadSearchIndex, searchResults, type SearchIndex } from '@/lib/search';
import { loadSettings, migrateSettings, saveSettings, SETTINGS_KEY, type Settings, type Theme } from '@/lib/settings';
import { describeListing, describeQuietDay, describeSync } from '@/lib/sync/describe';
import { languageInfo } from '@/lib/translate/languages';
import { isCurrent } from '@/lib/translate/pipeline';
import { formatDigestMarkdown, formatDigestText, toBibtex, type DigestInput } from '@/lib/digest';
import { applyTheme } from '@/components/theme';
import { setInlineEnabled } from '@/lib/content-protocol';
import { applyCachedUiLanguage, applyUiLanguage, subscribe, t as tr } from '@/lib/i18n';
import { useLanguage } from '@/lib/i18n/preact';

const send = (m: unknown) => browser.runtime.sendMessage(m);

/** The stored translations that still match each paper's English (for the digest). */
function currentTranslations(rows: ReadonlyMap<string, PaperTextRow>, view: ListingView): Map<string, { title?: string; abstract?: string }> {
  const out = new Map<string, { title?: string; abstract?: string }>();
  for (const { paper } of view.all) {
    const row = rows.get(paper.id);
    const title = isCurrent(row, 'title', paper.title) ? row?.title?.text : undefined;
    const abstract = isCurrent(row, 'abstract', paper.abstract) ? row?.abstract?.text : undefined;
    if (title || abstract) out.set(paper.id, { title, abstract });
  }
  return out;
}
const inTab = new URLSearchParams(location.search).has('tab');

function App() {
  // Re-renders on a change of interface language (set from the settings below).
  useLanguage();
  const [settings, setSettings] = useState<Settings>();
  const [days, setDays] = useState<DayRow[]>([]);
  const [day, setDay] = useState<string>();
  const [view, setView] = useState<ListingView>();
  const [status, setStatus] = useState<Status>();
  const [rows, setRows] = useState<ReadonlyMap<string, PaperTextRow>>(new Map());
  const [busy, setBusy] = useState<ReadonlyMap<string, ReadonlySet<TranslateField>>>(new Map());
  const [refreshing, setRefreshing] = useState(false);
  const [tab, setTab] = useState<ReaderTab>('keywords');
  const [query, setQuery] = useState('');
  const [list, setListState] = useState<ListingItem[]>();
  const listRef = useRef<ListingItem[] | undefined>(undefined);
  const setList = (next: ListingItem[] | undefined | ((old: ListingItem[] | undefined) => ListingItem[] | undefined)) =>
    setListState((old) => {
      const value = typeof next === 'function' ? next(old) : next;
      listRef.current = value;
      return value;
    });
  const [selectedId, setSelectedState] = useState<string>();
  // The key handler reads the selection from a ref: two quick presses must not both see the old one.
  const selectedRef = useRef<string | undefined>(undefined);
  const setSelectedId = (id: string | undefined) => {
    selectedRef.current = id;
    setSelectedState(id);
  };
  const [hfMeta, setHfMeta] = useState<ReadonlyMap<string, HfMeta>>(new Map());
  const [hfProblem, setHfProblem] = useState<string>();
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(new Set());
  const searchIndex = useRef<Promise<SearchIndex> | undefined>(undefined);
  const viewRef = useRef<ListingView | undefined>(undefined);
  const settingsSeen = useRef(false);

  useEffect(() => {
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes[SETTINGS_KEY];
      if (area !== 'local' || !change) return;
      const next = migrateSettings(change.newValue);
      applyUiLanguage(next.reader.uiLanguage);
      setSettings(next);
      applyTheme(next.reader.theme);
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);

  const compiled = useMemo(() => compileKeywords(settings?.keywords ?? []), [settings?.keywords]);

  const loadTranslations = useCallback(async (ids: string[], s: Settings) => {
    if (!s.translation.enabled || !ids.length) return;
    const fresh = await paperTexts(await getDb(), ids, s.translation.target);
    setRows((old) => new Map([...old, ...fresh]));
  }, []);

  /** Loads settings, the listing of `which` (default: latest), the day list and the status. */
  const loadSeq = useRef(0);
  const load = useCallback(
    async (which?: string) => {
      // Only the most recently started load may show its result: a slow background reload of the old
      // day must not overwrite the listing a refresh or a day change has just shown.
      const seq = ++loadSeq.current;
      const [db, s] = await Promise.all([getDb(), loadSettings(browser.storage.local)]);
      const [v, ds] = await Promise.all([loadListing(db, s, which), listDays(db)]);
      if (seq !== loadSeq.current) return v;
      viewRef.current = v;
      // Settings change only through storage events after the first load (a reload racing a save must not undo it).
      setSettings((old) => old ?? s);
      if (!settingsSeen.current) {
        applyTheme(s.reader.theme);
        applyUiLanguage(s.reader.uiLanguage);
      }
      settingsSeen.current = true;
      setView(v);
      setDays(ds);
      setDay(v.day?.day);
      // The listing's translations, and those of the list on screen (search, starred, trending).
      await loadTranslations([...v.all.map((i) => i.paper.id), ...(listRef.current ?? []).map((i) => i.paper.id)], s);
      setStatus(await request(send, 'get-status'));
      return v;
    },
    [loadTranslations],
  );

  useEffect(() => {
    void load().then((v) => {
      // What the reader shows counts as seen: the badge clears accordingly.
      const unseen = v.relevant.filter((i) => !i.user?.seenAt).map((i) => i.paper.id);
      setNewIds(new Set(unseen));
      if (unseen.length) void request(send, 'mark-seen', { ids: unseen });
    });
  }, [load]);

  // While a sync or the translation queue runs in the background, follow it.
  const working = !!status?.syncing || !!status?.translation.running || (status?.translation.pending ?? 0) > 0;
  useEffect(() => {
    if (!working || status?.translation.halted) return;
    const t = setTimeout(() => void load(day), 900);
    return () => clearTimeout(t);
  }, [status, working, load, day]);

  // Search results, or the starred list.
  useEffect(() => {
    if (!settings) return;
    let cancelled = false;
    const q = query.trim();
    void (async () => {
      const db = await getDb();
      let listed: ListedPaper[] | undefined;
      if (q) {
        searchIndex.current ??= loadSearchIndex(db, settings.translation.target);
        listed = await searchResults(db, await searchIndex.current, q);
      } else if (tab === 'starred') {
        listed = await starredPapers(db);
      } else if (tab === 'trending') {
        const [trending, state] = await Promise.all([loadTrending(db, settings), getHfState(db)]);
        setHfMeta(new Map(trending.items.map((i) => [i.paper.id, i.hf])));
        setHfProblem(state.error ? tr('hf.error', { message: state.error.message.replace(/[.\s]+$/, '') }) : undefined);
        listed = trending.items.map((i) => ({ paper: i.paper, type: i.paper.announceType ?? ('new' as const), user: i.user }));
      }
      if (cancelled) return;
      const items = listed && withMatches(listed, compiled);
      setList(items);
      if (items) await loadTranslations(items.map((i) => i.paper.id), settings);
    })();
    return () => {
      cancelled = true;
    };
  }, [query, tab, settings, compiled, loadTranslations]);

  const saveReader = async (patch: Partial<Settings['reader']>) => {
    if (!settings) return;
    // The storage event updates the page (and any other open reader).
    await saveSettings(browser.storage.local, { reader: { ...settings.reader, ...patch } });
  };

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
        if (settings) await loadTranslations([id], settings);
        setStatus(await request(send, 'get-status'));
      });
  };

  /** Applies a user-mark change to what is on screen without reloading everything. */
  const patchUser = (id: string, change: (u: NonNullable<ListedPaper['user']>) => NonNullable<ListedPaper['user']>) => {
    const fix = (i: ListingItem) => (i.paper.id === id ? { ...i, user: change(i.user ?? { id }) } : i);
    setView((v) => v && { ...v, all: v.all.map(fix), relevant: v.relevant.map(fix), groups: v.groups.map((g) => ({ ...g, items: g.items.map(fix) })) });
    setList((l) => l?.map(fix));
  };

  const star = (id: string, starred: boolean) => {
    patchUser(id, (u) => ({ ...u, starredAt: starred ? Date.now() : undefined }));
    void request(send, 'set-starred', { id, starred });
  };
  const open = (id: string) => {
    patchUser(id, (u) => ({ ...u, readAt: u.readAt ?? Date.now() }));
    void request(send, 'set-read', { id, read: true });
  };

  // The items on screen, in order, for keyboard navigation.
  const visible = useMemo<ListingItem[]>(() => {
    if (query.trim() || tab === 'starred' || tab === 'trending') return list ?? [];
    if (!view) return [];
    if (tab === 'all' || view.groups.length === 0) return view.all;
    const seen = new Set<string>();
    return view.groups.flatMap((g) => g.items).filter((i) => !seen.has(i.paper.id) && !!seen.add(i.paper.id));
  }, [view, list, tab, query]);

  // The key handler is registered once and reads the current state here (assigned at every render, so a
  // key pressed right after a repaint never acts on the state before it).
  const live = useRef({ visible, settings, open, star, saveReader });
  live.current = { visible, settings, open, star, saveReader };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { visible, settings, open, star, saveReader } = live.current;
      const target = e.target as HTMLElement;
      if (target.matches('input, textarea, select') || e.metaKey || e.ctrlKey || e.altKey) {
        if (e.key === 'Escape') (target as HTMLInputElement).blur();
        return;
      }
      const idx = visible.findIndex((i) => i.paper.id === selectedRef.current);
      const move = (d: number) => {
        const next = visible[Math.max(0, Math.min(visible.length - 1, idx + d))];
        if (!next) return;
        setSelectedId(next.paper.id);
        document.querySelector(`article[data-id="${CSS.escape(next.paper.id)}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      const current = visible[idx];
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          move(-1);
          break;
        case 'o':
        case 'Enter':
          if (!current) return;
          open(current.paper.id);
          void browser.tabs.create({ url: current.paper.links.abs, active: !e.shiftKey });
          break;
        case 's':
          if (current) star(current.paper.id, !current.user?.starredAt);
          break;
        case 't':
          void saveReader({ showTranslations: !settings?.reader.showTranslations });
          break;
        case '/':
          document.querySelector<HTMLInputElement>('input.search')?.focus();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const syncing = refreshing || !!status?.syncing;
  const line = describeSync({ ...(status ?? { feeds: [] }), syncing, now: Date.now() });
  const t = status?.translation;
  const problem = t?.halted
    ? tr('reader.trStopped', { message: t.halted.message })
    : t?.lastErrors[0] && !t.running && t.pending > 0
      ? tr('reader.trTrouble', { message: t.lastErrors[0].message })
      : undefined;
  const translations: ReaderTranslations | undefined = settings?.translation.enabled
    ? { rows, lang: languageInfo(settings.translation.target)?.bcp47 ?? settings.translation.target, request: requestTranslation, busy, problem }
    : undefined;
  const dayIndex = days.findIndex((d) => d.day === day);
  return (
    <Reader
      view={view}
      heading={view?.day ? describeListing(view.day.day) : undefined}
      prevDay={dayIndex >= 0 ? days[dayIndex + 1]?.day : undefined}
      nextDay={dayIndex > 0 ? days[dayIndex - 1]?.day : undefined}
      onDay={(d) => void load(d)}
      tab={tab}
      onTab={(next) => {
        setTab(next);
        setQuery('');
      }}
      query={query}
      onQuery={setQuery}
      list={list}
      status={line}
      notice={describeQuietDay(Date.now())}
      busy={syncing}
      onRefresh={() => void refresh()}
      onOptions={() => void browser.runtime.openOptionsPage()}
      onOpenTab={inTab ? undefined : () => void browser.tabs.create({ url: browser.runtime.getURL('/popup.html?tab=1') })}
      theme={settings?.reader.theme ?? 'system'}
      onTheme={(theme: Theme) => void saveReader({ theme })}
      translations={translations}
      showTranslations={settings?.reader.showTranslations ?? true}
      onToggleTranslations={() => void saveReader({ showTranslations: !settings?.reader.showTranslations })}
      selectedId={selectedId}
      onSelect={setSelectedId}
      onStar={star}
      onOpen={open}
      newIds={newIds}
      hfMeta={settings?.trending.enabled ? hfMeta : undefined}
      hfProblem={hfProblem}
      inlineEnabled={settings?.inline.enabled}
      onToggleInline={() => void setInlineEnabled((m) => browser.runtime.sendMessage(m), !settings?.inline.enabled)}
      exporter={
        view?.day && settings
          ? {
              fileStem: `arxiv-daily-${view.day.day}`,
              digest: (format) => {
                const input: DigestInput = {
                  listingDay: view.day!.day,
                  view,
                  translations: currentTranslations(rows, view),
                  generatedAt: new Date(),
                  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                  targetLang: settings.translation.enabled ? settings.translation.target : null,
                };
                return format === 'text' ? formatDigestText(input) : formatDigestMarkdown(input);
              },
              bibtex: async () => {
                const starred = await starredPapers(await getDb());
                return starred.length ? toBibtex(starred.map((s) => s.paper)) : '';
              },
            }
          : undefined
      }
    />
  );
}

if (inTab) document.documentElement.classList.add('tab');
// The first paint is in the language last chosen (remembered by this page's origin); the settings confirm it.
applyCachedUiLanguage();
document.title = tr('app.name');
subscribe(() => (document.title = tr('app.name')));
render(<App />, document.getElementById('app')!);
