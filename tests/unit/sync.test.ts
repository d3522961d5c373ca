import { describe, expect, it } from 'vitest';
import { RequestGate, type GateClock } from '@/lib/arxiv/gate';
import { feedUrl, planFeedGroups } from '@/lib/arxiv/fetch';
import { openArxivDb, type ArxivDb } from '@/lib/db/schema';
import { getFeedStates, latestDay, papersOfDay } from '@/lib/db/queries';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { runSync, type SyncDeps } from '@/lib/sync/sync';
import { dbName, fixture } from './helpers/fixtures';

const STAT = fixture('rss/stat-2024-03-26.rss.xml');
const STAT_SETTINGS: Settings = { ...DEFAULT_SETTINGS, categories: ['stat'] };
const STAT_URL = feedUrl(['stat']);

type Reply = { status?: number; body?: string; headers?: Record<string, string> } | (() => never);

/** A fetch that answers from a script and records every request. */
function scriptedFetch(replies: Reply[]) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const r = replies.shift();
    if (!r) throw new Error('unexpected request ' + url);
    if (typeof r === 'function') r();
    const reply = r as Exclude<Reply, () => never>;
    return new Response(reply.status === 304 ? null : (reply.body ?? ''), { status: reply.status ?? 200, headers: reply.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const instantClock: GateClock = { now: () => 0, sleep: async () => {} };

function deps(db: ArxivDb, fetch: typeof globalThis.fetch, settings = STAT_SETTINGS, now = Date.parse('2024-03-26T12:00:00Z')): SyncDeps {
  return { db, fetch, settings, gate: new RequestGate(0, instantClock), now: () => now };
}

async function freshDb(label: string) {
  return openArxivDb(dbName(label));
}

describe('runSync with the real stat feed of 26 Mar 2024', () => {
  it('stores every paper once with its listing and the real announcement instant', async () => {
    const db = await freshDb('ingest');
    const { fetch, calls } = scriptedFetch([{ body: STAT, headers: { ETag: '"abc"', 'Last-Modified': 'Tue, 26 Mar 2024 04:00:03 GMT' } }]);
    const report = await runSync(deps(db, fetch), 'test');
    expect(calls.map((c) => c.url)).toEqual(['https://rss.arxiv.org/rss/stat']);
    expect(report.outcome).toBe('new');
    expect(report.added).toBe(123);
    expect(await db.count('papers')).toBe(123);
    const day = await latestDay(db);
    expect(day).toMatchObject({ day: '2024-03-26', counts: { new: 35, cross: 27, replace: 41, 'replace-cross': 20 } });
    // Announced Monday 25 March 2024 at 20:00 EDT.
    expect(day!.announcedAt).toBe('2024-03-26T00:00:00.000Z');
    const listed = await papersOfDay(db, '2024-03-26');
    expect(listed).toHaveLength(123);
    const first = listed.find((l) => l.paper.id === '2403.15527')!;
    expect(first.type).toBe('new');
    expect(first.paper.announceDay).toBe('2024-03-26');
    const [state] = await getFeedStates(db);
    expect(state).toMatchObject({ url: STAT_URL, etag: '"abc"', listingDay: '2024-03-26', lastOutcome: 'new', itemCount: 123 });
  });

  it('a second fetch of the same feed adds nothing: 304 with validators, or the same channel date without', async () => {
    const db = await freshDb('unchanged');
    const { fetch, calls } = scriptedFetch([
      { body: STAT, headers: { ETag: '"v1"' } },
      { status: 304 },
      { body: STAT }, // a server that ignores validators
    ]);
    await runSync(deps(db, fetch), 'first');
    const before = await db.getAll('papers');
    const r2 = await runSync(deps(db, fetch), 'second');
    expect(calls[1]!.headers['If-None-Match']).toBe('"v1"');
    expect(r2.outcome).toBe('unchanged');
    const r3 = await runSync(deps(db, fetch), 'third');
    expect(r3.outcome).toBe('unchanged');
    expect(r3.added).toBe(0);
    expect(await db.getAll('papers')).toEqual(before);
    expect(await db.count('listings')).toBe(123);
  });

  it('a replacement updates the stored paper version and never creates a second paper', async () => {
    const db = await freshDb('replace');
    const id = '2403.15527';
    // The next day's feed, derived from the real one: the same paper announced as a v2 replacement.
    const nextDay = STAT.replace('Tue, 26 Mar 2024 00:00:00 -0400', 'Wed, 27 Mar 2024 00:00:00 -0400')
      .replace(`arXiv:${id}v1 Announce Type: new`, `arXiv:${id}v2 Announce Type: replace`)
      .replace('<arxiv:announce_type>new</arxiv:announce_type>', '<arxiv:announce_type>replace</arxiv:announce_type>')
      .replace('Conformal online model aggregation', 'Conformal online model aggregation, revised');
    const { fetch } = scriptedFetch([{ body: STAT }, { body: nextDay }]);
    await runSync(deps(db, fetch), 'day1');
    const r = await runSync(deps(db, fetch), 'day2');
    expect(r.outcome).toBe('new');
    expect(r.added).toBe(0);
    expect(await db.count('papers')).toBe(123);
    const paper = await db.get('papers', id);
    expect(paper).toMatchObject({ version: 2, title: 'Conformal online model aggregation, revised', announceDay: '2024-03-26', announceType: 'new' });
    expect((await db.get('listings', ['2024-03-27', id]))!.type).toBe('replace');
    expect((await latestDay(db))!.day).toBe('2024-03-27');
  });

  it.each([
    ['the truncated Atom feed of 20 Aug 2025', { body: fixture('rss/cs.AI-2025-08-20.truncated.atom.xml') }, 'truncated'],
    ['an HTML page instead of a feed', { body: fixture('html/abs-1902.02534.html') }, 'not-feed'],
    ['HTTP 503 with Retry-After', { status: 503, body: 'busy', headers: { 'Retry-After': '1800' } }, 'rate-limited'],
    ['HTTP 500', { status: 500, body: 'oops' }, 'http'],
    [
      'HTTP 400 with arXiv\'s error feed for a bad category',
      { status: 400, body: STAT.replace(/<item>[\s\S]*<\/item>/, '').replace('stat updates on the arXiv.org e-print archive.', 'Invalid category: foo') },
      'error-feed',
    ],
  ] as const)('%s leaves earlier papers in place and records the error', async (_name, bad, kind) => {
    const db = await freshDb('bad');
    const { fetch } = scriptedFetch([{ body: STAT, headers: { ETag: '"good"' } }, bad]);
    await runSync(deps(db, fetch), 'good');
    const papersBefore = await db.getAll('papers');
    const report = await runSync(deps(db, fetch, STAT_SETTINGS, Date.parse('2024-03-27T05:00:00Z')), 'bad');
    expect(report.outcome).toBe('error');
    expect(report.feeds[0]!.error!.kind).toBe(kind);
    expect(report.feeds[0]!.error!.message.length).toBeGreaterThan(10);
    expect(await db.getAll('papers')).toEqual(papersBefore);
    const [state] = await getFeedStates(db);
    expect(state!.lastOutcome).toBe('error');
    // The validators of the last good feed are kept, so the next fetch still works conditionally.
    expect(state!.etag).toBe('"good"');
    if (kind === 'rate-limited') expect(state!.retryAt).toBe('2024-03-27T05:30:00.000Z');
    expect((await latestDay(db))!.day).toBe('2024-03-26');
  });

  it('a network failure and a timeout are errors in words, not exceptions', async () => {
    const db = await freshDb('net');
    const { fetch } = scriptedFetch([
      () => {
        throw new TypeError('Failed to fetch');
      },
    ]);
    const r = await runSync(deps(db, fetch), 'net');
    expect(r.feeds[0]!.error).toMatchObject({ kind: 'network' });
    expect(r.feeds[0]!.error!.message).toMatch(/Could not reach arXiv/);
    const hanging = (async (_u: string, init?: RequestInit) =>
      new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof globalThis.fetch;
    const r2 = await runSync({ ...deps(db, hanging), timeoutMs: 50 }, 'timeout');
    expect(r2.feeds[0]!.error).toMatchObject({ kind: 'timeout' });
  });

  it('an empty weekend feed (derived from the real one, items removed) keeps the last listing current', async () => {
    const db = await freshDb('weekend');
    const saturday = STAT.replace(/<item>[\s\S]*<\/item>/, '').replace('Tue, 26 Mar 2024 00:00:00 -0400', 'Sat, 30 Mar 2024 00:00:00 -0400');
    const { fetch } = scriptedFetch([{ body: STAT }, { body: saturday }]);
    await runSync(deps(db, fetch), 'tue');
    const r = await runSync(deps(db, fetch), 'sat');
    expect(r.outcome).toBe('empty');
    expect((await latestDay(db))!.day).toBe('2024-03-26');
    expect(await db.count('papers')).toBe(123);
  });

  it('a sync killed in the middle of storing leaves nothing half-written, and the next sync completes it', async () => {
    const db = await freshDb('killed');
    const { fetch } = scriptedFetch([{ body: STAT, headers: { ETag: '"e1"' } }, { body: STAT, headers: { ETag: '"e1"' } }]);
    // Kill the write after 50 papers: the put throws as if the worker died, and the transaction aborts.
    const proto = IDBObjectStore.prototype;
    const realPut = proto.put;
    let puts = 0;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'papers' && ++puts === 50) {
        this.transaction.abort();
        throw new DOMException('worker stopped', 'AbortError');
      }
      return realPut.apply(this, args);
    } as IDBObjectStore['put'];
    try {
      await runSync(deps(db, fetch), 'killed').catch(() => undefined);
    } finally {
      proto.put = realPut;
    }
    expect(await db.count('papers')).toBe(0);
    expect(await db.count('listings')).toBe(0);
    expect(await latestDay(db)).toBeUndefined();
    // The feed state did not keep the validators of the lost write: the next sync fetches in full.
    expect((await getFeedStates(db)).find((s) => s.etag === '"e1"')).toBeUndefined();
    const r = await runSync(deps(db, fetch), 'next');
    expect(r.outcome).toBe('new');
    expect(await db.count('papers')).toBe(123);
  });
});

describe('feed planning', () => {
  it('combines categories in one request and puts each whole archive in its own', () => {
    expect(planFeedGroups(['cs.RO', 'cs.AI', 'cs.LG', 'cs.CL', 'cs.CV'])).toEqual([['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'cs.RO']]);
    expect(planFeedGroups(['cs', 'math', 'stat.ML', 'hep-th'])).toEqual([['cs'], ['math'], ['hep-th', 'stat.ML']]);
  });
  it('splits a combination that came back at the 2,000-item cap', () => {
    const oversized = new Set([feedUrl(['cs.AI', 'cs.LG'])]);
    expect(planFeedGroups(['cs.LG', 'cs.AI'], oversized)).toEqual([['cs.AI'], ['cs.LG']]);
  });
});

describe('RequestGate (arXiv: one request at a time, 3 s apart)', () => {
  it('serialises requests and spaces them by at least 3 s', async () => {
    let now = 0;
    const clock: GateClock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const gate = new RequestGate(3000, clock);
    const log: Array<[string, number]> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const req = (name: string) => async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      log.push([name, now]);
      await Promise.resolve();
      now += 500; // the request takes 0.5 s
      inFlight--;
      return name;
    };
    const results = await Promise.all([gate.run(req('a')), gate.run(req('b')), gate.run(req('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxInFlight).toBe(1);
    expect(log).toEqual([['a', 0], ['b', 3500], ['c', 7000]]);
    expect(gate.count).toBe(3);
  });
});

describe('a simulated week of polling through the real sync and poll planner', () => {
  it('makes at most 2 requests per announcement day, none on Saturdays, and gets every listing on its day', async () => {
    const { etDate, etInstant, weekdayOf } = await import('@/lib/arxiv/time');
    const { isListingDay, latestListingDay } = await import('@/lib/arxiv/schedule');
    const { planAfterSync, planFromState } = await import('@/lib/sync/poller');
    const db = await freshDb('week');
    let rand = 7;
    const random = () => ((rand = (rand * 16807) % 2147483647) / 2147483647);
    // The feed the fake arXiv serves at an instant: dated with the latest listing day, updated 0–90 min after midnight ET.
    const lagMinutes = new Map<string, number>();
    const servedDay = (t: number) => {
      let day = latestListingDay(new Date(t));
      const lag = lagMinutes.get(day) ?? (lagMinutes.set(day, Math.floor(random() * 90)), lagMinutes.get(day)!);
      if (t < etInstant(day).getTime() + lag * 60_000) day = latestListingDay(new Date(etInstant(day).getTime() - 1));
      return day;
    };
    const feedFor = (day: string) => {
      const d = new Date(`${day}T12:00:00Z`).toUTCString().slice(0, 16); // "Tue, 26 Mar 2024"
      return STAT.replace('Tue, 26 Mar 2024 00:00:00 -0400', `${d} 00:00:00 -0400`);
    };
    let now = etInstant('2024-03-23', 9).getTime(); // Saturday morning, fresh install
    const requests: string[] = [];
    const fetch = (async (_url: string, init?: RequestInit) => {
      requests.push(etDate(now));
      const day = servedDay(now);
      const etag = `"${day}"`;
      if ((init?.headers as Record<string, string>)['If-None-Match'] === etag) return new Response(null, { status: 304 });
      return new Response(feedFor(day), { headers: { ETag: etag } });
    }) as unknown as typeof globalThis.fetch;
    const end = etInstant('2024-03-31', 12).getTime();
    let plan = await planFromState(db, new Date(now), random);
    const storedOn = new Map<string, string>();
    while (plan.at.getTime() < end) {
      now = Math.max(now, plan.at.getTime());
      const report = await runSync({ ...deps(db, fetch), now: () => now }, plan.reason);
      if (report.outcome === 'new') storedOn.set((await latestDay(db))!.day, etDate(now));
      plan = await planAfterSync(db, report, random);
      expect(plan.at.getTime()).toBeGreaterThanOrEqual(now);
    }
    const perDay = new Map<string, number>();
    for (const d of requests) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    // The install itself fetches once on Saturday morning; after that, no Saturday or Sunday polls.
    expect(requests[0]).toBe('2024-03-23');
    const later = requests.slice(1);
    expect(later.filter((d) => weekdayOf(d) === 6)).toEqual([]);
    expect(later.filter((d) => !isListingDay(d))).toEqual([]);
    for (const [d, n] of perDay) if (d !== '2024-03-23') expect(n, d).toBeLessThanOrEqual(2);
    // Every listing day of the week was stored on its own day.
    for (const d of ['2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-03-29']) expect(storedOn.get(d), d).toBe(d);
    expect(requests.length).toBeLessThanOrEqual(1 + 5 * 2);
  });
});
