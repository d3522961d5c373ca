import { describe, expect, it } from 'vitest';
import {
  HOLIDAYS_KNOWN_THROUGH,
  SKIPPED_ANNOUNCEMENTS,
  SKIPPED_LISTING_DAYS,
  UNVERIFIED_SKIPPED_ANNOUNCEMENTS_2027,
  isHolidaySkippedListingDay,
  isSkippedAnnouncement,
} from '../../lib/arxiv/holidays';
import {
  announcementInstant,
  feedUpdateInstant,
  isListingDay,
  latestListingDay,
  nextAnnouncement,
  nextListingDay,
  planNextPoll,
  previousListingDay,
  recordPoll,
  type LastPoll,
  type PollOutcome,
} from '../../lib/arxiv/schedule';
import { addDays, etDate, etInstant, etParts, weekdayOf } from '../../lib/arxiv/time';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Deterministic PRNG (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (d: Date) => d.toISOString();
/** A New York wall-clock instant. */
const et = (date: string, hour = 0, minute = 0) => etInstant(date, hour, minute);

describe('announcement and feed instants', () => {
  it('matches the digest example: listing 2026-05-29 announced 2026-05-28 20:00 EDT, feed at midnight', () => {
    expect(iso(announcementInstant('2026-05-29'))).toBe(iso(new Date('2026-05-28T20:00:00-04:00')));
    expect(iso(feedUpdateInstant('2026-05-29'))).toBe('2026-05-29T04:00:00.000Z');
    // Announced but the feed has not switched yet: Thursday's listing is still current.
    expect(latestListingDay(new Date('2026-05-28T21:00:00-04:00'))).toBe('2026-05-28');
    expect(latestListingDay(new Date('2026-05-29T00:00:00-04:00'))).toBe('2026-05-29');
    expect(latestListingDay(new Date('2026-05-28T23:59:59.999-04:00'))).toBe('2026-05-28');
  });

  it('is DST-correct at spring forward (8 Mar 2026)', () => {
    // Monday 9 Mar is announced Sunday 8 Mar 20:00 EDT (DST began at 02:00 that day) = 00:00Z.
    expect(iso(announcementInstant('2026-03-09'))).toBe('2026-03-09T00:00:00.000Z');
    // The Friday before is announced Thursday 20:00 EST = 01:00Z.
    expect(iso(announcementInstant('2026-03-06'))).toBe('2026-03-06T01:00:00.000Z');
    expect(iso(feedUpdateInstant('2026-03-06'))).toBe('2026-03-06T05:00:00.000Z');
    expect(iso(feedUpdateInstant('2026-03-09'))).toBe('2026-03-09T04:00:00.000Z');
    expect(iso(nextAnnouncement(new Date('2026-03-06T12:00:00-05:00')))).toBe('2026-03-09T00:00:00.000Z');
  });

  it('is DST-correct at fall back (1 Nov 2026)', () => {
    expect(iso(announcementInstant('2026-10-30'))).toBe('2026-10-30T00:00:00.000Z'); // Thu 20:00 EDT
    expect(iso(announcementInstant('2026-11-02'))).toBe('2026-11-02T01:00:00.000Z'); // Sun 1 Nov 20:00 EST
    expect(iso(feedUpdateInstant('2026-10-30'))).toBe('2026-10-30T04:00:00.000Z');
    expect(iso(feedUpdateInstant('2026-11-02'))).toBe('2026-11-02T05:00:00.000Z');
    expect(iso(nextAnnouncement(new Date('2026-10-30T12:00:00-04:00')))).toBe('2026-11-02T01:00:00.000Z');
    const p = etParts(announcementInstant('2026-11-02'));
    expect([p.date, p.hour, p.minute, p.weekday]).toEqual(['2026-11-01', 20, 0, 0]);
  });

  it('announces the evening before, also for a Monday and after a holiday', () => {
    expect(etParts(announcementInstant('2026-06-01'))).toMatchObject({ date: '2026-05-31', hour: 20, weekday: 0 });
    // Tue 20 Jan 2026 is empty (MLK Day, Mon 19 Jan, no announcement); Wed 21 Jan is announced Tue 20:00.
    expect(etParts(announcementInstant('2026-01-21'))).toMatchObject({ date: '2026-01-20', hour: 20, minute: 0 });
  });

  it('rejects malformed days', () => {
    expect(() => isListingDay('2026-5-29')).toThrow(RangeError);
    expect(() => announcementInstant('2026-02-30')).toThrow(RangeError);
  });
});

describe('listing days and weekends', () => {
  it('are Mon–Fri', () => {
    const week = ['2026-05-23', '2026-05-24', '2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29'];
    expect(week.map(isListingDay)).toEqual([false, false, true, true, true, true, true]);
  });

  it("on Saturday and Sunday the current listing is Friday's", () => {
    expect(latestListingDay(et('2026-05-30', 0, 1))).toBe('2026-05-29');
    expect(latestListingDay(et('2026-05-30', 15))).toBe('2026-05-29');
    expect(latestListingDay(et('2026-05-31', 21))).toBe('2026-05-29'); // Monday's listing announced, feed not yet
    expect(latestListingDay(et('2026-06-01', 0, 0))).toBe('2026-06-01');
  });

  it('nextListingDay / previousListingDay skip weekends', () => {
    expect(nextListingDay('2026-05-29')).toBe('2026-06-01');
    expect(nextListingDay('2026-05-30')).toBe('2026-06-01');
    expect(nextListingDay('2026-05-27')).toBe('2026-05-28');
    expect(previousListingDay('2026-06-01')).toBe('2026-05-29');
    expect(previousListingDay('2026-05-31')).toBe('2026-05-29');
  });

  it('has no announcement on Friday or Saturday evenings', () => {
    // Friday morning: next is Sunday 20:00.
    expect(iso(nextAnnouncement(et('2026-05-29', 9)))).toBe(iso(et('2026-05-31', 20)));
    expect(iso(nextAnnouncement(et('2026-05-29', 20, 30)))).toBe(iso(et('2026-05-31', 20)));
    expect(iso(nextAnnouncement(et('2026-05-30', 20)))).toBe(iso(et('2026-05-31', 20)));
    // Thursday: tonight at 20:00; exactly at 20:00 the next one is Sunday's.
    expect(iso(nextAnnouncement(et('2026-05-28', 19, 59)))).toBe(iso(et('2026-05-28', 20)));
    expect(iso(nextAnnouncement(et('2026-05-28', 20)))).toBe(iso(et('2026-05-31', 20)));
    // Every announcement found over a year is Sun–Thu at 20:00 ET.
    let t = et('2026-01-01');
    for (let i = 0; i < 260; i++) {
      const a = nextAnnouncement(t);
      const p = etParts(a);
      expect([0, 1, 2, 3, 4]).toContain(p.weekday);
      expect([p.hour, p.minute]).toEqual([20, 0]);
      expect(isListingDay(addDays(p.date, 1))).toBe(true);
      t = a;
    }
  });
});

describe('holidays', () => {
  it('lists only Sun–Thu evenings, sorted and unique, with Mon–Fri listing days', () => {
    const all = [...SKIPPED_ANNOUNCEMENTS];
    expect(all).toEqual([...new Set(all)].sort());
    for (const d of all) expect([0, 1, 2, 3, 4]).toContain(weekdayOf(d));
    for (const d of SKIPPED_LISTING_DAYS) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(d));
    for (const d of UNVERIFIED_SKIPPED_ANNOUNCEMENTS_2027) expect([0, 1, 2, 3, 4]).toContain(weekdayOf(d));
    expect(all.at(-1)! <= HOLIDAYS_KNOWN_THROUGH).toBe(true);
  });

  it("agrees with arXiv's own freeze-skip list and publish-day rule (2024–2026)", () => {
    // Verbatim from arXiv (arxiv-base arxiv/db/arxiv_holidays_seed.sql, from arxiv-lib Config/Holidays.pm).
    const arxivHolidays = new Set([
      '2024-01-15', '2024-05-22', '2024-06-19', '2024-07-04', '2024-09-02', '2024-10-08', '2024-11-28',
      '2024-12-25', '2024-12-26', '2024-12-31',
      '2025-01-01', '2025-01-20', '2025-06-19', '2025-07-04', '2025-07-06', '2025-09-01', '2025-11-27',
      '2025-12-25', '2025-12-30',
      '2026-01-01', '2026-01-19', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25',
      '2026-12-29', '2026-12-31',
    ]);
    // is_publish_day: Mon–Thu unless a holiday; Sunday unless the Friday before is a holiday; never Fri/Sat.
    const isPublishDay = (d: string) => {
      const wd = weekdayOf(d);
      if (wd === 5 || wd === 6) return false;
      if (wd === 0) return !arxivHolidays.has(addDays(d, -2));
      return !arxivHolidays.has(d);
    };
    const skipped: string[] = [];
    for (let d = '2024-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      if (weekdayOf(d) !== 5 && weekdayOf(d) !== 6 && !isPublishDay(d)) skipped.push(d);
    }
    expect([...SKIPPED_ANNOUNCEMENTS]).toEqual(skipped);
  });

  it('a holiday-skipped day is not a listing day', () => {
    expect(isSkippedAnnouncement('2026-11-26')).toBe(true); // Thanksgiving evening
    expect(isHolidaySkippedListingDay('2026-11-27')).toBe(true);
    expect(isListingDay('2026-11-26')).toBe(true); // announced Wednesday evening as usual
    expect(isListingDay('2026-11-27')).toBe(false);
    expect(isListingDay('2026-07-06')).toBe(false); // Fri 3 Jul holiday: no Sunday announcement
    expect(isListingDay('2026-07-07')).toBe(true);
    // Winter break 2026: Fri 25 Dec is a listing (announced Thu 24), then Mon 28, Wed 30, Fri 1 Jan are empty.
    const days = ['2026-12-24', '2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01'];
    expect(days.map(isListingDay)).toEqual([true, true, false, true, false, true, false]);
    expect(latestListingDay(et('2026-12-28', 12))).toBe('2026-12-25');
    expect(nextListingDay('2026-12-25')).toBe('2026-12-29');
    expect(previousListingDay('2027-01-04')).toBe('2026-12-31');
    expect(isListingDay('2027-01-04')).toBe(true); // no verified 2027 data: assume a normal Monday
  });

  it('nextAnnouncement skips holiday evenings', () => {
    // Wednesday evening after the announcement: Thursday (Thanksgiving) is skipped, next is Sunday.
    expect(iso(nextAnnouncement(et('2026-11-25', 20, 1)))).toBe(iso(et('2026-11-29', 20)));
    expect(iso(nextAnnouncement(et('2026-11-25', 19)))).toBe(iso(et('2026-11-25', 20)));
    // Thursday 2 Jul 2026 after 20:00: Fri/Sat never, Sun 5 Jul skipped (Fri 3 Jul holiday) → Mon 6 Jul.
    expect(iso(nextAnnouncement(et('2026-07-02', 21)))).toBe(iso(et('2026-07-06', 20)));
    // MLK Day 2026.
    expect(iso(nextAnnouncement(et('2026-01-18', 20, 30)))).toBe(iso(et('2026-01-20', 20)));
  });

  it('does not schedule on unverified 2027 guesses', () => {
    expect(UNVERIFIED_SKIPPED_ANNOUNCEMENTS_2027).toContain('2027-11-25');
    expect(isListingDay('2027-11-26')).toBe(true);
  });
});

describe('planNextPoll', () => {
  const rng = () => seeded(42);

  it('polls now on first sync', () => {
    const now = et('2026-05-27', 15, 7);
    expect(planNextPoll({ now }, rng())).toEqual({ at: now, reason: 'first-sync' });
    // Even on a Saturday: nothing stored yet.
    const sat = et('2026-05-30', 10);
    expect(planNextPoll({ now: sat }, rng())).toEqual({ at: sat, reason: 'first-sync' });
  });

  it('when up to date: next feed update plus a 5–65 min spread', () => {
    const now = et('2026-05-28', 12);
    const last = recordPoll(undefined, { at: et('2026-05-28', 0, 30), outcome: 'new' });
    const base = feedUpdateInstant('2026-05-29').getTime();
    expect(planNextPoll({ now, latestStoredDay: '2026-05-28', last }, () => 0).at.getTime()).toBe(base + 5 * MIN);
    expect(planNextPoll({ now, latestStoredDay: '2026-05-28', last }, () => 0.5).at.getTime()).toBe(base + 35 * MIN);
    expect(planNextPoll({ now, latestStoredDay: '2026-05-28', last }, () => 1).at.getTime()).toBe(base + 65 * MIN);
    const r = rng();
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = planNextPoll({ now, latestStoredDay: '2026-05-28', last }, r);
      expect(p.reason).toBe('next-listing');
      const off = p.at.getTime() - base;
      expect(off).toBeGreaterThanOrEqual(5 * MIN);
      expect(off).toBeLessThanOrEqual(65 * MIN);
      seen.add(Math.floor((off - 5 * MIN) / (10 * MIN)));
    }
    expect(seen.size).toBe(6); // spread over the whole hour, not one instant
  });

  it("when up to date on a weekend: Monday's feed update, DST-correct", () => {
    const last = recordPoll(undefined, { at: et('2026-03-06', 1), outcome: 'new' });
    const p = planNextPoll({ now: et('2026-03-07', 9), latestStoredDay: '2026-03-06', last }, () => 0);
    expect(p.reason).toBe('next-listing');
    expect(iso(p.at)).toBe('2026-03-09T04:05:00.000Z'); // Mon 00:05 EDT
  });

  it("retries once 2 h after an 'unchanged' request for the expected day", () => {
    const at = et('2026-05-29', 0, 20);
    const last = recordPoll(undefined, { at, outcome: 'unchanged' });
    expect(last).toMatchObject({ expectedDay: '2026-05-29', attemptsForExpectedDay: 1 });
    const p = planNextPoll({ now: new Date(at.getTime() + 1000), latestStoredDay: '2026-05-28', last }, rng());
    expect(p).toEqual({ at: new Date(at.getTime() + 2 * HOUR), reason: 'retry-unchanged' });
  });

  it("treats a 'new' answer that still lacks the expected day like 'unchanged'", () => {
    const at = et('2026-05-29', 0, 20);
    const last = recordPoll(undefined, { at, outcome: 'new' }); // brought Wednesday, but Thursday was expected
    const p = planNextPoll({ now: at, latestStoredDay: '2026-05-27', last }, rng());
    expect(p).toEqual({ at: new Date(at.getTime() + 2 * HOUR), reason: 'retry-unchanged' });
  });

  it('gives up on the expected day after two requests and waits for the next listing day', () => {
    const first = recordPoll(undefined, { at: et('2026-05-27', 0, 20), outcome: 'unchanged' });
    const second = recordPoll(first, { at: et('2026-05-27', 2, 20), outcome: 'unchanged' });
    expect(second).toMatchObject({ expectedDay: '2026-05-27', attemptsForExpectedDay: 2 });
    // Wednesday's listing never showed up (an unlisted holiday, or a late feed): no third request for it.
    const now = et('2026-05-27', 2, 21);
    const p = planNextPoll({ now, latestStoredDay: '2026-05-26', last: second }, () => 0);
    expect(p.reason).toBe('give-up-until-next-listing');
    expect(iso(p.at)).toBe(iso(new Date(feedUpdateInstant('2026-05-28').getTime() + 5 * MIN)));
    // Later that day (e.g. browser restart) it still waits.
    const later = planNextPoll({ now: et('2026-05-27', 18), latestStoredDay: '2026-05-26', last: second }, () => 0);
    expect(later).toEqual(p);
  });

  it('after an error: at its retryAt, never before now, with a fallback when none was given', () => {
    const at = et('2026-05-29', 0, 40);
    const retryAt = new Date(at.getTime() + 17 * MIN);
    const last = recordPoll(undefined, { at, outcome: 'error', retryAt });
    expect(last.attemptsForExpectedDay).toBe(0);
    const input = { latestStoredDay: '2026-05-28', last };
    expect(planNextPoll({ now: new Date(at.getTime() + MIN), ...input }, rng())).toEqual({
      at: retryAt,
      reason: 'retry-after-error',
    });
    const late = new Date(at.getTime() + 3 * HOUR);
    expect(planNextPoll({ now: late, ...input }, rng())).toEqual({ at: late, reason: 'retry-after-error' });
    const noRetry = recordPoll(undefined, { at, outcome: 'error' });
    expect(planNextPoll({ now: at, latestStoredDay: '2026-05-28', last: noRetry }, rng()).at.getTime()).toBe(
      at.getTime() + 30 * MIN,
    );
    // Errors don't use up the two requests: after an error, an unchanged answer is the first attempt.
    const afterError = recordPoll(last, { at: retryAt, outcome: 'unchanged' });
    expect(afterError.attemptsForExpectedDay).toBe(1);
    expect(planNextPoll({ now: retryAt, latestStoredDay: '2026-05-28', last: afterError }, rng()).reason).toBe(
      'retry-unchanged',
    );
  });

  it("respects a pending Retry-After even when the next slot comes sooner", () => {
    const at = et('2026-05-28', 23, 50);
    const retryAt = et('2026-05-29', 3); // server asked us to wait past the usual slot
    const last: LastPoll = { at, outcome: 'error', retryAt, expectedDay: '2026-05-28', attemptsForExpectedDay: 1 };
    const p = planNextPoll({ now: at, latestStoredDay: '2026-05-28', last }, () => 0);
    expect(iso(p.at)).toBe(iso(retryAt));
  });

  it('catches up within a minute when behind and not yet tried for the expected day', () => {
    const last = recordPoll(undefined, { at: et('2026-05-27', 0, 30), outcome: 'new' });
    const now = et('2026-05-28', 9, 12);
    const r = rng();
    for (let i = 0; i < 50; i++) {
      const p = planNextPoll({ now, latestStoredDay: '2026-05-27', last }, r);
      expect(p.reason).toBe('catch-up');
      expect(p.at.getTime() - now.getTime()).toBeGreaterThanOrEqual(0);
      expect(p.at.getTime() - now.getTime()).toBeLessThanOrEqual(MIN);
    }
    // Stored data but no record of the last attempt (e.g. state reset): also catch up.
    expect(planNextPoll({ now, latestStoredDay: '2026-05-27' }, r).reason).toBe('catch-up');
  });

  it('never returns a time before now (retry overdue after the browser was closed)', () => {
    const last = recordPoll(undefined, { at: et('2026-05-29', 0, 20), outcome: 'unchanged' });
    const now = et('2026-05-29', 11);
    const p = planNextPoll({ now, latestStoredDay: '2026-05-28', last }, rng());
    expect(p).toEqual({ at: now, reason: 'retry-unchanged' });
  });

  it('recordPoll resets the count for a new expected day', () => {
    const a = recordPoll(undefined, { at: et('2026-05-28', 0, 10), outcome: 'unchanged' });
    const b = recordPoll(a, { at: et('2026-05-28', 2, 10), outcome: 'new' });
    const c = recordPoll(b, { at: et('2026-05-29', 0, 10), outcome: 'unchanged' });
    expect([a.attemptsForExpectedDay, b.attemptsForExpectedDay, c.attemptsForExpectedDay]).toEqual([1, 2, 1]);
    expect(c.expectedDay).toBe('2026-05-29');
    expect(c.retryAt).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Simulation: a fake clock, a fake feed, and planNextPoll driving the requests.

interface Poll {
  at: Date;
  outcome: PollOutcome;
  feedDay: string;
  reason: string;
}

interface SimOptions {
  /** A Saturday. The simulation runs from its 09:00 ET through the end of the Sunday 8 days later. */
  saturday: string;
  seed: number;
  /** Browser closed over these New York wall-clock spans (no alarms fire). */
  closed?: { from: Date; to: Date }[];
  /** Requests (by index) that fail, with the given Retry-After. */
  failures?: Map<number, number>;
}

function simulate({ saturday, seed, closed = [], failures = new Map() }: SimOptions) {
  const random = seeded(seed);
  // The feed switches to day D at a random 0–90 min after D's midnight ET (every day, also empty ones).
  const switchAt = new Map<string, number>();
  for (let d = addDays(saturday, -10); d <= addDays(saturday, 12); d = addDays(d, 1)) {
    switchAt.set(d, etInstant(d, 0, 0).getTime() + random() * 90 * MIN);
  }
  const feedDayAt = (t: Date): string => {
    let day = etDate(t);
    while (switchAt.get(day)! > t.getTime()) day = addDays(day, -1);
    return day;
  };

  const end = etInstant(addDays(saturday, 9), 0, 0);
  let now = etInstant(saturday, 9);
  // Up to date before the simulation: the preceding listing was fetched shortly after its feed update.
  let stored = previousListingDay(saturday);
  let last: LastPoll | undefined = recordPoll(undefined, { at: etInstant(stored, 1, 45), outcome: 'new' });
  const polls: Poll[] = [];
  const startups: { at: Date; plan: { at: Date; reason: string }; behind: boolean }[] = [];
  const fetchedOn = new Map<string, Date>();

  for (let step = 0; step < 500; step++) {
    const plan = planNextPoll({ now, latestStoredDay: stored, last }, random);
    expect(plan.at.getTime()).toBeGreaterThanOrEqual(now.getTime());
    // The browser closes before the planned poll: the alarm is lost; replan at start-up.
    const window = closed.find((w) => w.from.getTime() > now.getTime() && w.from.getTime() <= plan.at.getTime());
    if (window) {
      now = window.to;
      const startPlan = planNextPoll({ now, latestStoredDay: stored, last }, random);
      startups.push({ at: now, plan: startPlan, behind: stored < latestListingDay(now) });
      continue;
    }
    if (plan.at >= end) return { polls, startups, fetchedOn, stored };
    now = plan.at;

    const feedDay = feedDayAt(now);
    let outcome: PollOutcome;
    let retryAt: Date | undefined;
    const failure = failures.get(polls.length);
    if (failure !== undefined) {
      outcome = 'error';
      retryAt = new Date(now.getTime() + failure);
    } else if (isListingDay(feedDay) && feedDay > stored) {
      outcome = 'new';
      stored = feedDay;
      fetchedOn.set(feedDay, now);
    } else {
      outcome = 'unchanged'; // not switched yet, or an empty weekend/holiday feed
    }
    polls.push({ at: now, outcome, feedDay, reason: plan.reason });
    last = recordPoll(last, { at: now, outcome, retryAt });
  }
  throw new Error('simulation did not finish');
}

function checkPoliteness(saturday: string, sim: ReturnType<typeof simulate>) {
  const { polls, fetchedOn, stored } = sim;
  const answered = polls.filter((p) => p.outcome !== 'error');
  // No polls on a Saturday, nor on any other day without a listing (Sunday, holiday-emptied days).
  for (const p of polls) {
    expect(etParts(p.at).weekday, `poll at ${iso(p.at)}`).not.toBe(6);
    expect(isListingDay(etDate(p.at)), `poll at ${iso(p.at)} on a day without a listing`).toBe(true);
  }
  // At most 2 answered requests per listing day (by expected day and by New York date).
  const perExpected = new Map<string, number>();
  const perDate = new Map<string, number>();
  for (const p of answered) {
    const e = latestListingDay(p.at);
    perExpected.set(e, (perExpected.get(e) ?? 0) + 1);
    perDate.set(etDate(p.at), (perDate.get(etDate(p.at)) ?? 0) + 1);
  }
  for (const [day, n] of [...perExpected, ...perDate]) expect(n, `requests for ${day}`).toBeLessThanOrEqual(2);
  // Every listing day in the window is fetched on the day it appears.
  const listingDays: string[] = [];
  for (let d = saturday; d <= addDays(saturday, 8); d = addDays(d, 1)) if (isListingDay(d)) listingDays.push(d);
  expect(listingDays.length).toBeGreaterThan(0);
  for (const d of listingDays) {
    const at = fetchedOn.get(d);
    expect(at, `listing ${d} never fetched`).toBeDefined();
    expect(etDate(at!), `listing ${d} fetched late`).toBe(d);
  }
  expect(stored).toBe(listingDays.at(-1));
  expect(answered.length).toBeLessThanOrEqual(2 * listingDays.length);
  return listingDays;
}

describe('simulated weeks', () => {
  const weeks = [
    ['2026-05-23', 'an ordinary week (Memorial Day is not an arXiv holiday)'],
    ['2026-03-07', 'spring forward'],
    ['2026-10-31', 'fall back'],
    ['2026-11-21', 'Thanksgiving'],
    ['2026-12-26', 'the 2026 winter break'],
    ['2026-07-04', 'Independence Day (Fri 3 Jul holiday: no Sunday announcement, no Monday listing)'],
  ] as const;

  for (const [saturday, label] of weeks) {
    it(`polls politely through ${label} (${saturday})`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const sim = simulate({ saturday, seed });
        const listingDays = checkPoliteness(saturday, sim);
        // Exactly one first request per listing day at its usual slot, 5–65 min after midnight ET.
        const firsts = sim.polls.filter((p) => p.reason === 'next-listing');
        expect(firsts.map((p) => etDate(p.at))).toEqual(listingDays);
        for (const p of firsts) {
          const off = p.at.getTime() - feedUpdateInstant(etDate(p.at)).getTime();
          expect(off).toBeGreaterThanOrEqual(5 * MIN);
          expect(off).toBeLessThanOrEqual(65 * MIN);
        }
      }
    });
  }

  it('the holiday week does not ask for the day after Thanksgiving', () => {
    const sim = simulate({ saturday: '2026-11-21', seed: 7 });
    expect(sim.polls.some((p) => etDate(p.at) >= '2026-11-27' && etDate(p.at) <= '2026-11-29')).toBe(false);
    expect(sim.polls.filter((p) => p.outcome === 'new').map((p) => p.feedDay)).toEqual([
      '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26',
    ]);
  });

  it('catches up within a minute when the browser was closed over the usual slot', () => {
    for (let seed = 1; seed <= 25; seed++) {
      // Closed Tue 22:00 → Wed 08:00 ET (10 h, over Wednesday's slot).
      const window = { from: etInstant('2026-05-26', 22), to: etInstant('2026-05-27', 8) };
      const sim = simulate({ saturday: '2026-05-23', seed, closed: [window] });
      checkPoliteness('2026-05-23', sim);
      expect(sim.startups).toHaveLength(1);
      const s = sim.startups[0]!;
      expect(s.behind).toBe(true);
      expect(s.plan.reason).toBe('catch-up');
      expect(s.plan.at.getTime() - s.at.getTime()).toBeLessThanOrEqual(MIN);
      expect(sim.polls.some((p) => p.at >= window.from && p.at < window.to)).toBe(false);
      const wed = sim.polls.filter((p) => etDate(p.at) === '2026-05-27');
      expect(wed).toHaveLength(1);
      expect(wed[0]).toMatchObject({ outcome: 'new', feedDay: '2026-05-27', reason: 'catch-up' });
      expect(wed[0]!.at.getTime() - s.at.getTime()).toBeLessThanOrEqual(MIN);
    }
  });

  it('backs off on errors without breaking the schedule', () => {
    for (let seed = 1; seed <= 25; seed++) {
      // The 1st and 3rd requests fail with Retry-After 10 min.
      const failures = new Map([
        [0, 10 * MIN],
        [2, 10 * MIN],
      ]);
      const sim = simulate({ saturday: '2026-05-23', seed, failures });
      checkPoliteness('2026-05-23', sim);
      const errs = sim.polls.filter((p) => p.outcome === 'error');
      expect(errs).toHaveLength(2);
      for (const e of errs) {
        const next = sim.polls[sim.polls.indexOf(e) + 1]!;
        expect(next.reason).toBe('retry-after-error');
        expect(next.at.getTime() - e.at.getTime()).toBe(10 * MIN);
      }
    }
  });
});
