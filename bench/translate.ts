/**
 * Translation benchmark: a day of 300 real abstracts through the real pipeline (`translateTexts` →
 * `TranslationQueue` → protect/translate/restore → `createMicrosoftService` → HTTP) against a
 * fake Microsoft endpoint on 127.0.0.1 that answers after 200 ms and rejects (HTTP 413) any
 * request over 5,000 characters. Baselines, all from this run: the request floor
 * (characters the server received ÷ 5,000, rounded up), the seconds floor (floor requests ×
 * 200 ms), one bare request's round trip, and the first (cold) run for the cache-hit runs.
 *
 * The abstracts: the 123 of rss/stat-2024-03-26, the 86 complete entries of the truncated
 * rss/cs.AI-2025-08-20 Atom feed (cut after its last complete `</entry>` and closed with
 * `</feed>` so `parseFeed` accepts it), then api-2026-q_testing_s0_m100 summaries, until 300
 * distinct abstracts — as `parseFeed` gives them to the app.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseFeed } from '../lib/arxiv/feed';
import { openArxivDb } from '../lib/db/schema';
import { IdbTranslationCache } from '../lib/db/translations';
import {
  createMicrosoftService,
  MemoryCache,
  TranslationQueue,
  translateTexts,
  type QueueOptions,
  type TranslationService,
} from '../lib/translate';
import { median, ms, row } from './util';

const DAY = 300;
const LATENCY_MS = 200;
const LIMIT_CHARS = 5_000;
const LIMIT_ITEMS = 100;
/**
 * The queue's defaults are 2 requests/s (burst 4) and 2 batches in flight. At 2 req/s the ~100
 * requests of a day would take ≥ 50 s, so the bench raises the token bucket out of the way
 * (2 in flight × 1 / 200 ms = 10 req/s at most) and keeps the default concurrency.
 */
const QUEUE: QueueOptions = { ratePerSecond: 20, burst: 20 };
const DEFAULT_RATE = 2;
const DEFAULT_CONCURRENCY = 2;

function fixture(path: string): string {
  return readFileSync(new URL(`../../shared/fixtures/${path}`, import.meta.url), 'utf8');
}

export function dayOfAbstracts(n = DAY): string[] {
  const stat = parseFeed(fixture('rss/stat-2024-03-26.rss.xml')).papers;
  const cut = fixture('rss/cs.AI-2025-08-20.truncated.atom.xml');
  const ai = parseFeed(cut.slice(0, cut.lastIndexOf('</entry>') + '</entry>'.length) + '\n</feed>\n').papers;
  const api = parseFeed(fixture('api/api-2026-q_testing_s0_m100.xml')).papers;
  const out = new Set<string>();
  for (const p of [...stat, ...ai, ...api]) {
    const a = p.abstract.trim();
    if (a) out.add(a);
    if (out.size === n) break;
  }
  if (out.size < n) throw new Error(`only ${out.size} distinct abstracts in the fixtures`);
  return [...out];
}

/** Deterministic "translation": swaps the case of letters, keeps placeholders and entities as they are. */
function fakeTranslate(text: string): string {
  return (
    '译 ' +
    text
      .split(/(<x id="\d+"\/>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);)/)
      .map((part, i) => (i % 2 ? part : part.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))))
      .join('')
  );
}

interface ServerLog {
  requests: number;
  rejected: number;
  /** Characters of every text received (sum of string lengths, as the limit counts them). */
  chars: number;
  /** Per request: characters and items. */
  sizes: Array<{ chars: number; items: number }>;
  targets: Set<string>;
}

async function startFakeMicrosoft(): Promise<{ url: string; log: ServerLog; close: () => Promise<void> }> {
  const log: ServerLog = { requests: 0, rejected: 0, chars: 0, sizes: [], targets: new Set() };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let texts: unknown;
      try {
        texts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        texts = undefined;
      }
      const ok = req.method === 'POST' && Array.isArray(texts) && texts.every((t) => typeof t === 'string');
      const list = ok ? (texts as string[]) : [];
      const chars = list.reduce((a, t) => a + t.length, 0);
      log.requests++;
      log.chars += chars;
      log.sizes.push({ chars, items: list.length });
      log.targets.add(url.searchParams.get('to') ?? '');
      setTimeout(() => {
        if (!ok) {
          res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"bad request"}');
        } else if (chars > LIMIT_CHARS) {
          log.rejected++;
          res.writeHead(413, { 'Content-Type': 'application/json' }).end(`{"error":"request over ${LIMIT_CHARS} characters"}`);
        } else {
          const body = list.map((t) => ({ translations: [{ text: fakeTranslate(t), to: url.searchParams.get('to') }] }));
          res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
        }
      }, LATENCY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/translate/translatetext`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export async function benchTranslate(): Promise<void> {
  const abstracts = dayOfAbstracts();
  const sourceChars = abstracts.reduce((a, t) => a + t.length, 0);
  console.log(
    `\nTranslate: a day of ${DAY} real abstracts (${sourceChars.toLocaleString('en')} characters) → zh-CN, ` +
      `fake Microsoft endpoint on 127.0.0.1 (${LATENCY_MS} ms latency, ${LIMIT_CHARS.toLocaleString('en')}-character limit)`,
  );
  const server = await startFakeMicrosoft();
  try {
    const base = createMicrosoftService({ endpoint: server.url });
    const service: TranslationService = { ...base, limits: { maxChars: LIMIT_CHARS, maxItems: LIMIT_ITEMS } };

    // Measured baseline: one bare one-text request (latency + HTTP), outside the pipeline.
    const rtt = await median(3, () => service.translate(['Hello world.'], 'en', 'zh-CN'));
    server.log.requests = 0;
    server.log.chars = 0;
    server.log.sizes = [];

    // Cold run.
    const cache = new MemoryCache();
    const queue = new TranslationQueue(service, QUEUE);
    const t0 = performance.now();
    const results = await translateTexts(abstracts, { service, to: 'zh-CN', cache, queue });
    const cold = performance.now() - t0;
    const failed = results.filter((r) => r.failed);
    if (failed.length) console.log(`  ! ${failed.length} texts failed, e.g. ${failed[0]!.reason}`);
    if (server.log.rejected) console.log(`  ! ${server.log.rejected} requests rejected with HTTP 413`);
    if (queue.stats.requests !== server.log.requests) {
      console.log(`  ! queue counted ${queue.stats.requests} requests, server saw ${server.log.requests}`);
    }

    const requests = server.log.requests;
    const floor = Math.ceil(server.log.chars / LIMIT_CHARS);
    const floorSeq = floor * (LATENCY_MS / 1000);
    const floorConc = Math.ceil(floor / DEFAULT_CONCURRENCY) * (LATENCY_MS / 1000);
    const fill = server.log.chars / (requests * LIMIT_CHARS);
    const small = server.log.sizes.filter((s) => s.chars < LIMIT_CHARS / 2).length;
    const maxItems = Math.max(...server.log.sizes.map((s) => s.items));
    const coldS = cold / 1000;

    row('baseline: one bare request (1 text)', ms(rtt), `${LATENCY_MS} ms server latency + HTTP`);
    row('characters received by the service', server.log.chars.toLocaleString('en'), `${(server.log.chars / sourceChars).toFixed(3)}× source characters (after protect)`);
    row('floor: ⌈received chars ÷ 5,000⌉ requests', String(floor), '1.00×');
    row('requests made', String(requests), `${(requests / floor).toFixed(2)}× floor · ${(fill * 100).toFixed(0)}% mean fill · ${small} under half full · ≤ ${maxItems} texts each`);
    row('floor seconds: floor requests × 0.2 s (serial)', `${floorSeq.toFixed(1)} s`, '1.00×');
    row('wall seconds, cold day', `${coldS.toFixed(2)} s`, `${(coldS / floorSeq).toFixed(2)}× serial floor · ${(coldS / floorConc).toFixed(2)}× floor at concurrency ${DEFAULT_CONCURRENCY} (${floorConc.toFixed(1)} s)`);
    row('queue settings', `conc. ${DEFAULT_CONCURRENCY}`, `rate ${QUEUE.ratePerSecond}/s, burst ${QUEUE.burst}; at the default ${DEFAULT_RATE}/s: ≥ ${(requests / DEFAULT_RATE).toFixed(0)} s`);
    row('texts translated / failed', `${results.length - failed.length} / ${failed.length}`, `to=${[...server.log.targets].join(',')}`);

    // Warm: the same day with the same cache: nothing may reach the service.
    const before = server.log.requests;
    const warmQueue = new TranslationQueue(service, QUEUE);
    let warmCached = 0;
    const warm = await median(5, async () => {
      const r = await translateTexts(abstracts, { service, to: 'zh-CN', cache, queue: warmQueue });
      warmCached = r.filter((x) => x.cached).length;
    });
    const warmRequests = server.log.requests - before;
    if (warmRequests !== 0 || warmCached !== DAY) throw new Error(`cache-hit run: ${warmRequests} requests, ${warmCached}/${DAY} cached`);
    row('cache hit, same day again (MemoryCache)', ms(warm), `${(warm / cold).toFixed(4)}× cold run · ${warmRequests} requests (asserted) · median of 5`);

    // The same through the IndexedDB cache (fake-indexeddb), filled with the cold run's entries.
    const db = await openArxivDb(`bench-translate-${Date.now()}`);
    try {
      const idb = new IdbTranslationCache(db);
      await idb.put([...cache.entries]);
      const idbQueue = new TranslationQueue(service, QUEUE);
      let idbCached = 0;
      const hit = await median(5, async () => {
        const r = await translateTexts(abstracts, { service, to: 'zh-CN', cache: idb, queue: idbQueue });
        idbCached = r.filter((x) => x.cached).length;
      });
      const idbRequests = server.log.requests - before;
      if (idbRequests !== 0 || idbCached !== DAY) throw new Error(`IndexedDB cache-hit run: ${idbRequests} requests, ${idbCached}/${DAY} cached`);
      row('cache hit, same day again (IdbTranslationCache)', ms(hit), `${(hit / cold).toFixed(4)}× cold run · ${(hit / warm).toFixed(1)}× MemoryCache · 0 requests (asserted) · fake-indexeddb`);
    } finally {
      db.close();
    }
  } finally {
    await server.close();
  }
}
