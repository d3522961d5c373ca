/**
 * Ingest benchmark: fetch-to-stored of a 2,000-item feed derived from the real stat feed (its 123 items
 * repeated with fresh ids), against a bare `XMLParser.parse` of the same bytes.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { parseFeed } from '../lib/arxiv/feed';
import { announcementInstant } from '../lib/arxiv/schedule';
import { openArxivDb } from '../lib/db/schema';
import { ingestFeed } from '../lib/db/queries';
import { median, ms, row } from './util';

export function feedOf2000Items(): string {
  const stat = readFileSync(new URL('../../shared/fixtures/rss/stat-2024-03-26.rss.xml', import.meta.url), 'utf8');
  const head = stat.slice(0, stat.indexOf('<item>'));
  const tail = stat.slice(stat.lastIndexOf('</item>') + '</item>'.length);
  const items = [...stat.matchAll(/<item>[\s\S]*?<\/item>/g)].map((m) => m[0]);
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const id = `2403.${String(20000 + i).padStart(5, '0')}`;
    out.push(items[i % items.length]!.replace(/2403\.\d{5}/g, id));
  }
  return head + out.join('\n    ') + tail;
}

export async function benchIngest(): Promise<void> {
  const xml = feedOf2000Items();
  const bytes = Buffer.byteLength(xml);
  console.log(`\nIngest: a 2,000-item feed derived from rss/stat-2024-03-26 (${(bytes / 1e6).toFixed(2)} MB)`);
  const parser = new XMLParser();
  const base = await median(15, () => parser.parse(xml));
  const parseOnly = await median(15, () => parseFeed(xml));
  let n = 0;
  const ingest = await median(7, async () => {
    const res = new Response(xml);
    const feed = parseFeed(await res.text());
    const db = await openArxivDb(`bench-${n++}`);
    await ingestFeed(db, feed, { url: 'bench', categories: ['stat'] }, {
      announcedAt: announcementInstant(feed.listingDay!).toISOString(),
      fetchedAt: new Date().toISOString(),
    });
    db.close();
  });
  row('baseline: bare XMLParser.parse', ms(base), '1.00×');
  row('parseFeed (papers, authors, TeX accents)', ms(parseOnly), `${(parseOnly / base).toFixed(2)}× baseline`);
  row('fetch-to-stored (Response → parse → IndexedDB)', ms(ingest), `${(ingest / base).toFixed(2)}× baseline (fake-indexeddb in Node)`);

  const db = await openArxivDb(`bench-${n++}`);
  const feed = parseFeed(xml);
  await ingestFeed(db, feed, { url: 'bench', categories: ['stat'] }, { announcedAt: '', fetchedAt: '' });
  const papers = await db.getAll('papers');
  const listings = await db.getAll('listings');
  const stored = Buffer.byteLength(JSON.stringify(papers)) + Buffer.byteLength(JSON.stringify(listings));
  row('stored bytes per paper (record + listing row)', `${Math.round(stored / papers.length)} B`, `feed bytes per item: ${Math.round(bytes / 2000)} B`);
  db.close();
}
