import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/arxiv/feed';
import { openArxivDb } from '@/lib/db/schema';
import { ingestFeed, latestDay, listDays, setStarred } from '@/lib/db/queries';
import { pruneOldListings, pruneTranslationCache } from '@/lib/db/retention';
import { completeJobs, IdbTranslationCache, paperTexts } from '@/lib/db/translations';
import { dbName, fixture } from './helpers/fixtures';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
/** Day n after the real listing, derived from it with fresh ids; day 0 is the real feed. */
function dayFeed(n: number) {
  const d = new Date(Date.UTC(2024, 2, 26 + n)).toUTCString().slice(0, 16);
  const xml = STAT.replace('Tue, 26 Mar 2024 00:00:00 -0400', `${d} 00:00:00 -0400`).replace(/2403\.1(\d{4})/g, (_m, x: string) => `2403.${n + 4}${x}`);
  return parseFeed(n === 0 ? STAT : xml);
}

describe('retention', () => {
  it('prunes days past the limit with their papers, keeps starred papers and their translations', async () => {
    const db = await openArxivDb(dbName('retention'));
    for (const n of [0, 1, 2]) await ingestFeed(db, dayFeed(n), { url: `u${n}`, categories: [] }, { announcedAt: '', fetchedAt: '' });
    expect((await listDays(db)).map((d) => d.day)).toEqual(['2024-03-28', '2024-03-27', '2024-03-26']);
    const keep = '2403.15999';
    await setStarred(db, keep, true, 1);
    await completeJobs(db, [
      { job: { lang: 'zh-CN', id: keep, field: 'title', priority: 1, enqueuedAt: 0, attempts: 0 }, translation: { text: '保留', sourceHash: 'x', service: 's', at: 1 } },
      { job: { lang: 'zh-CN', id: '2403.15527', field: 'title', priority: 1, enqueuedAt: 0, attempts: 0 }, translation: { text: '删除', sourceHash: 'x', service: 's', at: 1 } },
    ]);
    const before = await db.count('papers');
    // Papers listed only on 26 Mar (ids the derived days did not rename stay listed later), minus the starred one.
    const later = new Set([...dayFeed(1).papers, ...dayFeed(2).papers].map((p) => p.id));
    const onlyFirst = dayFeed(0).papers.filter((p) => !later.has(p.id) && p.id !== keep).length;
    expect(onlyFirst).toBeGreaterThan(50);
    // Keep one day back from 28 Mar: 26 Mar goes.
    const r = await pruneOldListings(db, '2024-03-28', 1);
    expect(r.days).toBe(1);
    expect(r.papers).toBe(onlyFirst);
    expect(await db.count('papers')).toBe(before - onlyFirst);
    expect((await listDays(db)).map((d) => d.day)).toEqual(['2024-03-28', '2024-03-27']);
    expect(await db.get('papers', keep)).toBeDefined();
    expect((await paperTexts(db, [keep, '2403.15527'], 'zh-CN')).size).toBe(1);
    expect(await db.get('papers', '2403.15527')).toBeUndefined();
    expect((await latestDay(db))!.day).toBe('2024-03-28');
    // Nothing more to do the second time.
    expect(await pruneOldListings(db, '2024-03-28', 1)).toEqual({ days: 0, papers: 0 });
  });

  it('drops translation cache entries not used for the retention period', async () => {
    const db = await openArxivDb(dbName('cache-prune'));
    const cache = new IdbTranslationCache(db);
    await cache.put([['a', 'A']]);
    await db.put('translations', { key: 'old', text: 'O', at: 0 });
    expect(await pruneTranslationCache(db, Date.now(), 30)).toBe(1);
    expect([...(await cache.get(['a', 'old'])).keys()]).toEqual(['a']);
  });
});
