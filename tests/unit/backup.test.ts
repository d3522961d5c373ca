import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/arxiv/feed';
import { exportData, importStarred, parseImport } from '@/lib/backup';
import { openArxivDb } from '@/lib/db/schema';
import { ingestFeed, setStarred, starredPapers } from '@/lib/db/queries';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { dbName, fixture } from './helpers/fixtures';

describe('export and import', () => {
  it('round-trips settings and starred papers into a fresh profile, without keys', async () => {
    const a = await openArxivDb(dbName('export'));
    await ingestFeed(a, parseFeed(fixture('rss/stat-2024-03-26.rss.xml')), { url: 'u', categories: [] }, { announcedAt: '', fetchedAt: '' });
    await setStarred(a, '2403.15999', true, 111);
    await setStarred(a, '2403.15527', true, 222);
    const settings = { ...DEFAULT_SETTINGS, keywords: ['Bayesian'] };
    const file = JSON.stringify(await exportData(a, settings, 0));
    expect(file).not.toMatch(/secrets|deeplKey|openaiKey/);
    const plan = parseImport(file);
    expect(plan.settings).toEqual(settings);
    const b = await openArxivDb(dbName('import'));
    expect(await importStarred(b, plan.starred)).toBe(2);
    const starred = await starredPapers(b);
    expect(starred.map((s) => [s.paper.id, s.user?.starredAt])).toEqual([
      ['2403.15527', 222],
      ['2403.15999', 111],
    ]);
    expect(starred[1]!.paper.title).toMatch(/low-rank trace regression/);
  });

  it('refuses what is not an export, and neutralises hostile content', () => {
    expect(() => parseImport('{')).toThrow('not JSON');
    expect(() => parseImport('{"format":"other"}')).toThrow('not an arXiv Daily export');
    const plan = parseImport(
      JSON.stringify({
        format: 'arxiv-daily-export',
        version: 1,
        settings: { categories: ['cs.AI'], keywords: 7 },
        starred: [
          { paper: { id: '2401.00001', title: '<img src=x onerror=alert(1)>', abstract: 'a', links: { abs: 'javascript:alert(1)' } }, starredAt: 5 },
          { paper: { id: 'not an id', title: 't', abstract: 'a' } },
          { paper: null },
        ],
      }),
    );
    expect(plan.skipped).toBe(2);
    expect(plan.starred[0]!.paper.links.abs).toBe('https://arxiv.org/abs/2401.00001');
    expect(plan.starred[0]!.paper.title).toBe('<img src=x onerror=alert(1)>'); // kept as text; rendered as text
    expect(plan.settings!.keywords).toEqual([]);
  });
});
