import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/arxiv/feed';
import { openArxivDb } from '@/lib/db/schema';
import { ingestFeed, markSeen } from '@/lib/db/queries';
import { badgeText, inFollowedCategories, loadListing } from '@/lib/listing';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { singleFlight } from '@/lib/sync/single-flight';
import { describeListing, describeQuietDay, describeSync } from '@/lib/sync/describe';
import { dbName, fixture } from './helpers/fixtures';

const feed = parseFeed(fixture('rss/stat-2024-03-26.rss.xml'));
const stat: Settings = { ...DEFAULT_SETTINGS, categories: ['stat'] };

async function stored() {
  const db = await openArxivDb(dbName('listing'));
  await ingestFeed(db, feed, { url: 'u', categories: ['stat'] }, { announcedAt: '2024-03-26T00:00:00.000Z', fetchedAt: '' });
  return db;
}

describe('what a listing day means for the user', () => {
  it('counts new papers and cross-lists by default, each once; replacements only when asked', async () => {
    const db = await stored();
    expect((await loadListing(db, stat)).relevant).toHaveLength(35 + 27);
    expect((await loadListing(db, { ...stat, includeCross: false })).relevant).toHaveLength(35);
    expect((await loadListing(db, { ...stat, includeReplace: true })).relevant).toHaveLength(123);
    const view = await loadListing(db, { ...stat, includeReplace: true });
    expect(new Set(view.relevant.map((i) => i.paper.id)).size).toBe(123);
    // New first, then cross-lists, then replacements.
    const order = view.all.map((i) => i.type);
    expect(order.indexOf('cross')).toBe(35);
    expect(order.lastIndexOf('new')).toBe(34);
  });

  it('with keywords only matches count, grouped by keyword, a paper once in the total', async () => {
    const db = await stored();
    const view = await loadListing(db, { ...stat, keywords: ['conformal', 'conformal prediction'] });
    expect(view.groups.map((g) => g.keyword)).toEqual(['conformal', 'conformal prediction']);
    const inGroups = view.groups.flatMap((g) => g.items.map((i) => i.paper.id));
    expect(inGroups.length).toBeGreaterThan(view.relevant.length); // papers sit in both groups
    expect(new Set(inGroups).size).toBe(view.relevant.length); // but count once
    for (const i of view.relevant) expect(i.match.keywords.length).toBeGreaterThan(0);
  });

  it('the badge counts unseen relevant papers and clears as they are seen', async () => {
    const db = await stored();
    const before = await loadListing(db, stat);
    expect(before.unseen).toBe(62);
    await markSeen(db, before.relevant.slice(0, 60).map((i) => i.paper.id), 1);
    expect((await loadListing(db, stat)).unseen).toBe(2);
    expect(badgeText(0)).toBe('');
    expect(badgeText(62)).toBe('62');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(1000)).toBe('999+');
  });

  it('follows categories, whole archives included', () => {
    expect(inFollowedCategories(['stat.ML', 'cs.LG'], ['cs'])).toBe(true);
    expect(inFollowedCategories(['stat.ML'], ['cs'])).toBe(false);
    expect(inFollowedCategories(['csx.AB'], ['cs'])).toBe(false);
    expect(inFollowedCategories(['hep-th'], ['hep-th'])).toBe(true);
  });

  it('an empty database gives an empty listing, not an error', async () => {
    const db = await openArxivDb(dbName('empty'));
    const view = await loadListing(db, DEFAULT_SETTINGS);
    expect(view.day).toBeUndefined();
    expect(view.relevant).toEqual([]);
  });
});

describe('single flight', () => {
  it('two alarms, a manual refresh and a popup at once make one run with one result', async () => {
    let runs = 0;
    let release!: () => void;
    const task = singleFlight('t', async (why: string) => {
      runs++;
      await new Promise<void>((r) => (release = r));
      return `ran for ${why}`;
    }, undefined);
    const all = [task('alarm'), task('alarm'), task('manual'), task('popup')];
    expect(task.running()).toBe(true);
    release();
    expect(await Promise.all(all)).toEqual(Array(4).fill('ran for alarm'));
    expect(runs).toBe(1);
    expect(task.running()).toBe(false);
    const again = task('later');
    release();
    expect(await again).toBe('ran for later');
    expect(runs).toBe(2);
  });
});

describe('status in words', () => {
  const base = { startedAt: '2026-05-29T12:01:00Z', finishedAt: '2026-05-29T12:01:02Z', reason: 'alarm', listingDay: '2026-05-29', added: 0 };
  it('says when arXiv failed and when we retry', () => {
    const line = describeSync({
      syncing: false,
      feeds: [],
      now: Date.parse('2026-05-29T12:05:00Z'),
      timeZone: 'UTC',
      nextPollAt: '2026-05-29T12:31:02Z',
      lastSync: { ...base, outcome: 'error', feeds: [{ url: 'u', outcome: 'error', error: { kind: 'rate-limited', message: 'arXiv answered 503 (busy)', status: 503 } }] },
    });
    expect(line).toEqual({ tone: 'error', text: 'arXiv answered 503 (busy) at 12:01, retrying at 12:31. Stored papers are kept.' });
  });
  it('says what a good fetch stored', () => {
    const line = describeSync({
      syncing: false,
      feeds: [],
      now: Date.parse('2026-05-29T12:05:00Z'),
      timeZone: 'UTC',
      lastSync: { ...base, outcome: 'new', added: 120, feeds: [{ url: 'u', outcome: 'new', listed: 123, added: 120 }] },
    });
    expect(line.text).toBe('Fetched at 12:01 · new listing stored: 123 papers, 120 of them new to you');
    expect(describeSync({ syncing: true, feeds: [], now: 0 }).tone).toBe('busy');
    expect(describeSync({ syncing: false, feeds: [], now: 0 }).text).toBe('Not fetched yet');
  });
  it('labels a listing with its real announcement, in ET and the reader\'s zone', () => {
    expect(describeListing('2026-05-29', { timeZone: 'Asia/Shanghai' })).toBe(
      'New listings for Fri, 29 May 2026 · announced Thu 28 May 20:00 EDT (Fri 08:00 UTC+8)',
    );
    expect(describeListing('2026-03-09', { timeZone: 'America/New_York' })).toBe('New listings for Mon, 9 Mar 2026 · announced Sun 8 Mar 20:00 EDT');
    expect(describeListing('2026-11-02', { timeZone: 'Asia/Shanghai' })).toBe(
      'New listings for Mon, 2 Nov 2026 · announced Sun 1 Nov 20:00 EST (Mon 09:00 UTC+8)',
    );
  });

  describe('in Simplified Chinese', () => {
    const lang = 'zh-CN' as const;
    it('says what a fetch did, with times in the Chinese way', () => {
      const ok = describeSync({
        lang,
        syncing: false,
        feeds: [],
        now: Date.parse('2026-05-29T12:05:00Z'),
        timeZone: 'UTC',
        nextPollAt: '2026-05-29T13:01:00Z',
        lastSync: { ...base, outcome: 'new', added: 120, feeds: [{ url: 'u', outcome: 'new', listed: 123, added: 120 }] },
      });
      expect(ok.text).toBe('12:01 已获取 · 已保存新一期：123 篇论文，其中 120 篇为新增 · 下次检查 13:01');
      expect(describeSync({ lang, syncing: true, feeds: [], now: 0 }).text).toBe('正在获取 arXiv…');
      expect(describeSync({ lang, syncing: false, feeds: [], now: 0 }).text).toBe('尚未获取');
      const quiet = describeSync({
        lang,
        syncing: false,
        feeds: [],
        now: Date.parse('2026-05-30T12:05:00Z'),
        timeZone: 'UTC',
        lastSync: { ...base, outcome: 'unchanged', feeds: [{ url: 'u', outcome: 'unchanged' }] },
      });
      // Another day: the weekday and date come with the time.
      expect(quiet.text).toBe('5月29日周五 12:01 已获取 · 暂无新一期');
    });
    it('says why a fetch failed in Chinese, arXiv\'s status kept', () => {
      const failed = (error: { kind: string; message: string; status?: number }, more = 0) =>
        describeSync({
          lang,
          syncing: false,
          feeds: [],
          now: Date.parse('2026-05-29T12:05:00Z'),
          timeZone: 'UTC',
          nextPollAt: '2026-05-29T12:31:02Z',
          lastSync: {
            ...base,
            outcome: 'error',
            feeds: Array.from({ length: more + 1 }, () => ({ url: 'u', outcome: 'error' as const, error })),
          },
        });
      expect(failed({ kind: 'rate-limited', message: 'arXiv answered 503 (busy)', status: 503 })).toEqual({
        tone: 'error',
        text: '12:01 获取失败：arXiv 服务繁忙（HTTP 503），将于 12:31 重试。已保存的论文不受影响。',
      });
      expect(failed({ kind: 'truncated', message: 'The feed from arXiv arrived incomplete (the download was cut off)' }, 2).text).toBe(
        '12:01 获取失败：arXiv 的订阅源没有完整下载（另有 2 个订阅源失败），将于 12:31 重试。已保存的论文不受影响。',
      );
      expect(failed({ kind: 'error-feed', message: 'arXiv rejected the request: Invalid category', status: 400 }).text).toContain(
        'arXiv 拒绝了请求：Invalid category，',
      );
      expect(failed({ kind: 'network', message: 'Could not reach arXiv (x)' }).text).toContain('无法连接 arXiv');
    });
    it('labels a listing with its announcement in ET and the reader\'s zone', () => {
      expect(describeListing('2026-05-29', { timeZone: 'Asia/Shanghai', lang })).toBe(
        '2026年5月29日周五的新论文 · 发布于美东时间 5月28日周四 20:00 EDT（本地时间 周五 08:00 UTC+8）',
      );
      expect(describeListing('2026-03-09', { timeZone: 'America/New_York', lang })).toBe('2026年3月9日周一的新论文 · 发布于美东时间 3月8日周日 20:00 EDT');
    });
    it('says when the next listing comes on a quiet day', () => {
      // Saturday 30 May 2026, 12:00 UTC: the next announcement is Sunday 20:00 EDT (Monday 00:00 UTC), 36 h away.
      const sat = Date.parse('2026-05-30T12:00:00Z');
      expect(describeQuietDay(sat, 'en')).toBe('arXiv announces Sun–Thu at 20:00 ET; next listing in 36 h.');
      expect(describeQuietDay(sat, lang)).toBe('arXiv 于美东时间周日至周四 20:00 发布；距下一期还有 36 小时。');
    });
  });
});
