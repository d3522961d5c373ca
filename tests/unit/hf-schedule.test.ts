/**
 * Hugging Face's own schedule (once a day after the UTC day ends, spread; catch-up; retries) and what the
 * trending list means for the badge (opt-in keyword matches) and the translation pipeline.
 */
import { describe, expect, it } from 'vitest';
import { storeDailyPapers } from '@/lib/db/hf';
import { markSeen } from '@/lib/db/queries';
import { openArxivDb } from '@/lib/db/schema';
import { enqueueJobs, nextJobs } from '@/lib/db/translations';
import { parseDailyPapers } from '@/lib/hf/parse';
import { dueHfDate, hfRetryDelay, hfSlot, planNextHfFetch } from '@/lib/hf/schedule';
import { loadTrending, trendingAsListing, trendingBadgeCount, trendingBadgeCountFor } from '@/lib/hf/view';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { jobsForListing } from '@/lib/translate/pipeline';
import { dbName, fixture } from './helpers/fixtures';

const BODY = fixture('hf/daily_papers-2026-06-12.json');
const DAY = '2026-06-12';
const at = (iso: string) => new Date(iso);

describe('Hugging Face schedule', () => {
  it('a day\'s list is due from 00:30 UTC the next day', () => {
    expect(dueHfDate(at('2026-06-13T00:20:00Z'))).toBe('2026-06-11');
    expect(dueHfDate(at('2026-06-13T00:30:00Z'))).toBe('2026-06-12');
    expect(dueHfDate(at('2026-06-13T23:59:00Z'))).toBe('2026-06-12');
  });

  it('the slot is 00:30–02:30 UTC the next day, spread at random', () => {
    expect(hfSlot(DAY, () => 0)).toEqual(at('2026-06-13T00:30:00Z'));
    expect(hfSlot(DAY, () => 0.5)).toEqual(at('2026-06-13T01:30:00Z'));
    expect(hfSlot(DAY, () => 0.9999).getTime()).toBeLessThan(Date.parse('2026-06-13T02:30:00Z'));
  });

  it('first run: at once, for the day due', () => {
    const now = at('2026-06-14T09:00:00Z');
    expect(planNextHfFetch(now, { consecutiveErrors: 0 }, () => 0.5)).toEqual({ at: now, date: '2026-06-13', reason: 'first-run' });
  });

  it('after the day due was fetched (also empty or unchanged): tomorrow\'s slot for today\'s list', () => {
    const now = at('2026-06-14T09:00:00Z');
    expect(planNextHfFetch(now, { consecutiveErrors: 0, lastDate: '2026-06-13', lastOutcome: 'empty' }, () => 0.25)).toEqual({
      at: at('2026-06-15T01:00:00Z'),
      date: '2026-06-14',
      reason: 'daily',
    });
  });

  it('a browser closed over the slot catches up within a minute of starting', () => {
    const now = at('2026-06-16T12:00:00Z');
    const plan = planNextHfFetch(now, { consecutiveErrors: 0, lastDate: '2026-06-13', lastOutcome: 'new' }, () => 0.5);
    expect(plan).toEqual({ at: new Date(now.getTime() + 30_000), date: '2026-06-15', reason: 'catch-up' });
  });

  it('after an error: at the retry time; once it has passed, at once', () => {
    const state = { consecutiveErrors: 1, lastDate: '2026-06-12', lastOutcome: 'error' as const, retryAt: '2026-06-14T02:00:00Z' };
    expect(planNextHfFetch(at('2026-06-14T01:00:00Z'), state)).toEqual({ at: at('2026-06-14T02:00:00Z'), date: '2026-06-13', reason: 'retry' });
    expect(planNextHfFetch(at('2026-06-14T03:00:00Z'), state, () => 0).reason).toBe('catch-up');
  });

  it('retry delays: Retry-After within 1 min – 24 h, else 30 min doubling to 6 h', () => {
    expect(hfRetryDelay(1, 120_000)).toBe(120_000);
    expect(hfRetryDelay(1, 1000)).toBe(60_000);
    expect(hfRetryDelay(1, 3 * 86_400_000)).toBe(86_400_000);
    expect([1, 2, 3, 4, 5, 9].map((n) => hfRetryDelay(n) / 60_000)).toEqual([30, 60, 120, 240, 360, 360]);
  });
});

/** Papers of the fixture whose title or abstract says "sparse attention" or "diffusion" (read by hand). */
const MATCHED = ['2606.13392', '2606.06113', '2606.12575', '2606.08788'];

async function storedDb(label: string) {
  const db = await openArxivDb(dbName(label));
  await storeDailyPapers(db, DAY, parseDailyPapers(BODY), { fetchedAt: '2026-06-13T01:00:00.000Z' });
  return db;
}

const withKeywords = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, keywords: ['sparse attention', 'diffusion'], ...over });

describe('trending keyword matches', () => {
  it('match with the same rules as arXiv papers, highlights included', async () => {
    const db = await storedDb('hf-view');
    const view = await loadTrending(db, withKeywords());
    expect(view.date).toBe(DAY);
    expect(view.items).toHaveLength(30);
    expect(view.matched.map((i) => i.paper.id).sort()).toEqual([...MATCHED].sort());
    const msa = view.items.find((i) => i.paper.id === '2606.13392')!;
    expect(msa.match.keywords).toEqual(['sparse attention']);
    expect(msa.match.hits[0]).toMatchObject({ field: 'title', start: 8, end: 24 });
  });

  it('count on the badge only when the user opted in, unseen, and not already counted by arXiv', async () => {
    const db = await storedDb('hf-badge');
    const view = await loadTrending(db, withKeywords());
    const none = new Set<string>();
    expect(trendingBadgeCount(view, withKeywords(), none)).toBe(0);
    const optIn = withKeywords({ trending: { enabled: true, countOnBadge: true } });
    expect(trendingBadgeCount(view, optIn, none)).toBe(4);
    expect(trendingBadgeCount(view, optIn, new Set(['2606.13392']))).toBe(3);
    expect(trendingBadgeCount(view, { ...optIn, badgeMode: 'off' }, none)).toBe(0);
    expect(trendingBadgeCount(view, { ...optIn, trending: { enabled: false, countOnBadge: true } }, none)).toBe(0);
    await markSeen(db, ['2606.06113'], 1);
    expect(await trendingBadgeCountFor(db, optIn, none)).toBe(3);
    // No keywords: nothing matches, nothing counts.
    expect(await trendingBadgeCountFor(db, { ...optIn, keywords: [] }, none)).toBe(0);
  });
});

describe('trending translations go through the existing pipeline', () => {
  it('every title, abstracts of keyword matches (scope "matched"); all abstracts without keywords; titles only on demand', async () => {
    const db = await storedDb('hf-jobs');
    const view = await loadTrending(db, withKeywords());
    const jobs = jobsForListing(trendingAsListing(view), 'matched', 'zh-CN', new Map());
    expect(jobs.filter((j) => j.field === 'title')).toHaveLength(30);
    expect(jobs.filter((j) => j.field === 'abstract').map((j) => j.id).sort()).toEqual([...MATCHED].sort());
    const plain = await loadTrending(db, DEFAULT_SETTINGS);
    expect(jobsForListing(trendingAsListing(plain), 'matched', 'zh-CN', new Map())).toHaveLength(60);
    expect(jobsForListing(trendingAsListing(plain), 'on-demand', 'zh-CN', new Map())).toHaveLength(30);
    // Queued in the shared queue: titles (priority 1) before abstracts (priority 2).
    await enqueueJobs(db, jobs, 1);
    const next = await nextJobs(db, 3, 2);
    expect(next.map((j) => j.field)).toEqual(['title', 'title', 'title']);
  });
});
