import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedError, type FeedErrorKind } from '../../lib/arxiv/errors';
import { parseFeed, splitAuthors } from '../../lib/arxiv/feed';
import { isOldStyleId, parseArxivId } from '../../lib/arxiv/ids';
import type { Paper, ParsedFeed } from '../../lib/arxiv/types';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const list = (dir: string) => readdirSync(new URL(`${dir}/`, FIXTURES)).sort();

const STAT = 'rss/stat-2024-03-26.rss.xml';
const COMBINED = 'rss/cs.LG+cs.AI+cs.CL+stat.ML-2026-09-24.trimmed.rss.xml';
const TRUNCATED = 'rss/cs.AI-2025-08-20.truncated.atom.xml';

function feedError(xml: string): FeedError {
  try {
    parseFeed(xml);
  } catch (e) {
    if (e instanceof FeedError) return e;
    throw e;
  }
  throw new Error('parseFeed did not throw');
}

function paper(feed: ParsedFeed, id: string): Paper {
  const found = feed.papers.find((p) => p.id === id);
  if (!found) throw new Error(`no paper ${id}`);
  return found;
}

function countByType(feed: ParsedFeed): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of feed.papers) {
    const key = p.announceType ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The truncated Atom fixture cut back to its last complete entry and closed. */
function completeAtomEntries(): string {
  const xml = read(TRUNCATED);
  const end = xml.lastIndexOf('</entry>') + '</entry>'.length;
  return `${xml.slice(0, end)}\n</feed>\n`;
}

type Expectation = { kind: ParsedFeed['kind']; papers: number } | { error: FeedErrorKind };

const EXPECTED: Record<string, Expectation> = {
  'rss/stat-2024-03-26.rss.xml': { kind: 'rss', papers: 123 },
  'rss/cs.LG+cs.AI+cs.CL+stat.ML-2026-09-24.trimmed.rss.xml': { kind: 'rss', papers: 4 },
  'rss/cs.AI-2025-08-20.truncated.atom.xml': { error: 'truncated' },
  'api/api-2019-id_list_1710.08557.xml': { kind: 'api', papers: 1 },
  'api/api-2019-id_list_INVALIDID.xml': { error: 'error-feed' },
  'api/api-2019-id_list_astro-ph_9812133.xml': { kind: 'api', papers: 1 },
  'api/api-2019-id_list_math_0211159.xml': { kind: 'api', papers: 1 },
  'api/api-2019-id_list_math_9501234.xml': { kind: 'api', papers: 1 },
  'api/api-2026-all-transformer_cat-cs.LG_max5_2026-06-14.xml': { kind: 'api', papers: 5 },
  'api/api-2026-id_0000.0000_s0_m100.xml': { kind: 'api', papers: 0 },
  'api/api-2026-id_0808.05394_1707.08567_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-id_0808.05394_s0_m100.xml': { kind: 'api', papers: 0 },
  'api/api-2026-id_1605.08386_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-id_1707.08567_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-id_2104.12255v1_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-id_abc_s0_m100.xml': { error: 'error-feed' },
  'api/api-2026-id_astro-ph_0601001_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-id_quant-ph_0201082v1_s0_m100.xml': { kind: 'api', papers: 1 },
  'api/api-2026-q_testing_s0_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s0_m100.xml': { kind: 'api', papers: 100 },
  'api/api-2026-q_testing_s0_m15.xml': { kind: 'api', papers: 15 },
  'api/api-2026-q_testing_s10_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s20_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s30_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s40_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s50_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s5_m10.xml': { kind: 'api', papers: 10 },
  'api/api-2026-q_testing_s5_m15.xml': { kind: 'api', papers: 15 },
  'api/api-2026-q_testing_s9_m15.xml': { kind: 'api', papers: 15 },
};

const ALL_FILES = [...list('rss').map((f) => `rss/${f}`), ...list('api').map((f) => `api/${f}`)];

describe('every fixture in rss/ and api/', () => {
  it('has an expectation here (a new fixture must be added to the table)', () => {
    expect(ALL_FILES.length).toBeGreaterThan(0);
    expect(ALL_FILES.filter((f) => !(f in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !ALL_FILES.includes(f))).toEqual([]);
  });

  it.each(ALL_FILES)('%s', (file) => {
    const expected = EXPECTED[file];
    if (!expected) throw new Error(`no expectation for ${file}`);
    const xml = read(file);
    if ('error' in expected) {
      expect(feedError(xml).kind).toBe(expected.error);
      return;
    }
    const feed = parseFeed(xml);
    expect(feed.kind).toBe(expected.kind);
    expect(feed.papers).toHaveLength(expected.papers);
    expect(feed.title).not.toBe('');
    for (const p of feed.papers) {
      expect(parseArxivId(p.id)).toEqual({ id: p.id });
      expect(p.version).toBeGreaterThanOrEqual(1);
      expect(p.title).not.toBe('');
      expect(p.title).not.toMatch(/\s{2}|\n/);
      expect(p.abstract).not.toBe('');
      expect(p.abstract).not.toMatch(/\s{2}|\n/);
      expect(p.authors.length).toBeGreaterThan(0);
      for (const a of p.authors) expect(a).toMatch(/^\S(.*\S)?$/);
      expect(p.categories.length).toBeGreaterThan(0);
      expect(new Set(p.categories).size).toBe(p.categories.length);
      expect(p.links.abs).toBe(`https://arxiv.org/abs/${p.id}`);
      if (feed.kind === 'api') {
        expect(p.announceType).toBeUndefined();
        expect(p.announceDay).toBeUndefined();
        expect(p.published).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(p.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      } else {
        expect(p.announceType).toMatch(/^(new|cross|replace|replace-cross)$/);
        expect(p.announceDay).toBe(feed.listingDay);
        expect(p.published).toBeUndefined();
      }
    }
  });
});

describe('RSS: stat, Tue 26 Mar 2024 (complete feed)', () => {
  const feed = parseFeed(read(STAT));

  it('reads the channel', () => {
    expect(feed.kind).toBe('rss');
    expect(feed.title).toBe('stat updates on arXiv.org');
    expect(feed.channelDate).toBe('2024-03-26T04:00:00.000Z');
    expect(feed.listingDay).toBe('2024-03-26');
    expect(feed.skipDays).toEqual(['Saturday', 'Sunday']);
    expect(feed.totalResults).toBeUndefined();
  });

  it('has 123 items: 35 new, 27 cross, 41 replace, 20 replace-cross', () => {
    expect(feed.papers).toHaveLength(123);
    expect(countByType(feed)).toEqual({ new: 35, cross: 27, replace: 41, 'replace-cross': 20 });
  });

  it('has 8 DOIs and 5 journal references', () => {
    expect(feed.papers.filter((p) => p.doi)).toHaveLength(8);
    expect(feed.papers.filter((p) => p.journalRef)).toHaveLength(5);
  });

  it('sets announceDay to the listing day on every item', () => {
    expect(new Set(feed.papers.map((p) => p.announceDay))).toEqual(new Set(['2024-03-26']));
  });

  it('reads the first item completely', () => {
    expect(feed.papers[0]).toEqual({
      id: '2403.15527',
      version: 1,
      title: 'Conformal online model aggregation',
      abstract: expect.stringMatching(
        /^Conformal prediction equips machine learning models .* adapted over time based on past performance\.$/,
      ),
      authors: ['Matteo Gasparin', 'Aaditya Ramdas'],
      categories: ['stat.ML', 'cs.LG'],
      announceType: 'new',
      license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
      announceDay: '2024-03-26',
      links: {
        abs: 'https://arxiv.org/abs/2403.15527',
        pdf: 'https://arxiv.org/pdf/2403.15527',
        html: 'https://arxiv.org/html/2403.15527',
      },
    });
  });

  it('reads DOI, journal reference, version and authors of a replacement', () => {
    const p = paper(feed, '2304.04712');
    expect(p.version).toBe(2);
    expect(p.announceType).toBe('replace');
    expect(p.title).toBe('Testing for linearity in scalar-on-function regression with responses missing at random');
    expect(p.doi).toBe('10.1007/s00180-023-01445-2');
    expect(p.journalRef).toBe('Computational Statistics, 2024');
    expect(p.authors).toEqual([
      'Manuel Febrero-Bande',
      'Pedro Galeano',
      'Eduardo García-Portugués',
      'Wenceslao González-Manteiga',
    ]);
    expect(p.categories).toEqual(['stat.ME']);
  });

  it('reads a replace-cross item', () => {
    const p = paper(feed, '2306.17667');
    expect(p.version).toBe(2);
    expect(p.announceType).toBe('replace-cross');
    expect(p.categories).toEqual(['astro-ph.IM', 'astro-ph.CO', 'hep-ex', 'stat.AP', 'stat.ME']);
    expect(p.doi).toBe('10.1016/j.nima.2024.169259');
    expect(p.journalRef).toBe('NIM A 1063 (2024) 169259');
    expect(p.authors).toEqual(['Johannes Diehl', 'Jakob Knollmüller', 'Oliver Schulz']);
  });

  it('reads a cross-list', () => {
    const p = paper(feed, '2403.15908');
    expect(p.announceType).toBe('cross');
    expect(p.doi).toBe('10.1109/ACDSA59508.2024.10467448');
    expect(p.categories[0]).not.toMatch(/^stat\./);
  });

  it('decodes TeX accents in dc:creator', () => {
    expect(paper(feed, '2310.01327').authors).toContain('Étienne Marcotte'); // \'Etienne
    expect(paper(feed, '2403.16681').authors[0]).toBe('Borja Rodríguez-Gálvez'); // Rodr\'iguez-G\'alvez
    expect(paper(feed, '2403.16163').authors).toContain('José M. F. Moura');
    expect(paper(feed, '2109.03087').authors).toEqual(['Agustín Alvarez', 'Marina Fragalá', 'Marina Valdora']);
    expect(paper(feed, '2212.09963').authors.slice(0, 3)).toEqual([
      'L. Leticia Ramírez-Ramírez',
      'José A. Montoya',
      'Jesús F. Espinoza',
    ]);
    const all = feed.papers.flatMap((p) => p.authors);
    expect(all.filter((a) => /[\\{}]/.test(a))).toEqual([]);
  });

  it('decodes TeX in titles but keeps math', () => {
    expect(paper(feed, '2311.10610').title).toBe(
      'A Poincaré Inequality and Consistency Results for Signal Sampling on Large Graphs',
    );
    expect(paper(feed, '2403.16651').title).toBe('A short proof of the Dvoretzky–Kiefer–Wolfowitz–Massart inequality');
    const math = feed.papers.filter((p) => p.title.includes('$')).map((p) => p.title);
    expect(math).toEqual([
      'Optimal convex $M$-estimation via score matching',
      'Adaptive Frequency Bin Interval in FFT via Dense Sampling Factor $\\alpha$',
    ]);
  });

  it('keeps the abstract as raw TeX (nothing decoded), whitespace collapsed', () => {
    const p = paper(feed, '2403.15670');
    expect(p.abstract).toContain('$\\mathcal{O}(n^3)$');
    expect(p.abstract).toContain("Mat\\'ern correlation function");
    expect(p.abstract).toContain('46.62\\% responses are censored');
    expect(paper(feed, '2311.10610').abstract).toContain("We prove a Poincar\\'e inequality");
    expect(paper(feed, '2311.10610').abstract).toContain('graph limit -- the graphon');
    expect(feed.papers.filter((p) => p.abstract.includes('$'))).toHaveLength(26);
  });

  it('puts the primary category first (the first <category> of an item)', () => {
    // In the stat feed a new/replace item's primary is in stat (math.ST is an alias of stat.TH);
    // a cross-list's primary is in another archive.
    for (const p of feed.papers) {
      const first = p.categories[0] ?? '';
      const own = /^stat\./.test(first) || first === 'math.ST';
      if (p.announceType === 'new' || p.announceType === 'replace') expect(own, p.id).toBe(true);
      else expect(/^stat\./.test(first), p.id).toBe(false);
    }
    expect(paper(feed, '2403.16981').categories).toEqual(['math.ST', 'cs.IT', 'math.IT', 'stat.ML', 'stat.TH']);
  });

  it('reads every license', () => {
    expect(feed.papers.filter((p) => !p.license)).toEqual([]);
    expect(new Set(feed.papers.map((p) => p.license)).size).toBe(6);
  });
});

describe('RSS: combined cs.LG+cs.AI+cs.CL+stat.ML, Thu 24 Sep 2026 (4 items, per-item pubDate)', () => {
  const feed = parseFeed(read(COMBINED));

  it('reads the channel, skipDays in document order', () => {
    expect(feed.title).toBe('cs.LG, cs.AI, cs.CL, stat.ML updates on arXiv.org');
    expect(feed.channelDate).toBe('2026-09-24T04:00:00.000Z');
    expect(feed.listingDay).toBe('2026-09-24');
    expect(feed.skipDays).toEqual(['Sunday', 'Saturday']);
  });

  it('reads the 4 items', () => {
    expect(
      feed.papers.map((p) => [p.id, p.version, p.announceType, p.categories, p.authors, p.doi, p.announceDay]),
    ).toEqual([
      ['2609.26811', 1, 'new', ['cs.LG'], ['Fabien Polly'], undefined, '2026-09-24'],
      [
        '2609.26820',
        1,
        'new',
        ['cs.LG', 'cs.AI'],
        ['Naser Mansour', 'Sidahmed Benabderrahmane', 'Ameer Rahwan'],
        undefined,
        '2026-09-24',
      ],
      [
        '2205.06398',
        2,
        'cross',
        ['stat.ME', 'stat.AP', 'stat.ML'],
        ['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson'],
        '10.1093/bioinformatics/btac431',
        '2026-09-24',
      ],
      ['2009.13987', 3, 'replace', ['cs.LG', 'math.MG', 'stat.ML'], ['Michael Joswig', 'Marek Kaluba', 'Lukas Ruff'], undefined, '2026-09-24'],
    ]);
    expect(paper(feed, '2609.26811').title).toBe('The Drift Contract: Spectral Updates for Depth-Robust Local Learning');
    expect(paper(feed, '2009.13987').license).toBe('http://arxiv.org/licenses/nonexclusive-distrib/1.0/');
  });

  it('prefers <arxiv:announce_type> over the description (derived: description says "new", element says "replace")', () => {
    const xml = read(COMBINED).replace(
      'arXiv:2009.13987v3 Announce Type: replace',
      'arXiv:2009.13987v3 Announce Type: new',
    );
    expect(paper(parseFeed(xml), '2009.13987').announceType).toBe('replace');
  });

  it('falls back to the description without <arxiv:announce_type> (derived: elements removed)', () => {
    const xml = read(COMBINED).replace(/<arxiv:announce_type>[^<]*<\/arxiv:announce_type>/g, '');
    expect(parseFeed(xml).papers.map((p) => p.announceType)).toEqual(['new', 'new', 'cross', 'replace']);
  });

  it('resolves prefixes through xmlns (derived: arxiv→ax and dc→purl renamed)', () => {
    const renamed = read(COMBINED)
      .replace('xmlns:arxiv=', 'xmlns:ax=')
      .replace('xmlns:dc=', 'xmlns:purl=')
      .replace(/<(\/?)arxiv:/g, '<$1ax:')
      .replace(/<(\/?)dc:/g, '<$1purl:');
    expect(renamed).not.toContain('<arxiv:');
    expect(parseFeed(renamed)).toEqual(feed);
  });

  it('ignores elements whose prefix is bound to another namespace (derived: decoy elements)', () => {
    const xml = read(COMBINED).replace(
      '<arxiv:DOI>10.1093/bioinformatics/btac431</arxiv:DOI>',
      '<arxiv:DOI xmlns:arxiv="http://example.org/not-arxiv">10.1093/bioinformatics/btac431</arxiv:DOI>' +
        '<dc:creator xmlns:dc="http://example.org/not-dc">Decoy Author</dc:creator>',
    );
    const p = paper(parseFeed(xml), '2205.06398');
    expect(p.doi).toBeUndefined();
    expect(p.authors).toEqual(['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson']);
  });

  it('strips affiliations in parentheses from dc:creator (derived: creator string replaced)', () => {
    const xml = read(COMBINED).replace(
      '<dc:creator>Fabien Polly</dc:creator>',
      "<dc:creator>Fabien Polly (Univ. Paris, LIP6 (CNRS), France), Jos\\'e Garc\\'ia (1, 2) and Ana Smith, Jr., Bo Li, and Chen Wu ((1) MIT, (2) ETH)</dc:creator>",
    );
    expect(paper(parseFeed(xml), '2609.26811').authors).toEqual([
      'Fabien Polly',
      'José García',
      'Ana Smith, Jr.',
      'Bo Li',
      'Chen Wu',
    ]);
  });
});

describe('Atom from rss.arxiv.org: cs.AI, Wed 20 Aug 2025', () => {
  it('the real truncated download is reported as truncated', () => {
    const err = feedError(read(TRUNCATED));
    expect(err.kind).toBe('truncated');
    expect(err.message).toMatch(/incomplete|cut off/);
  });

  const feed = parseFeed(completeAtomEntries());

  it('reads the 86 complete entries (derived: cut back to the last </entry> and closed): 41 new, 45 cross', () => {
    expect(feed.kind).toBe('atom');
    expect(feed.title).toBe('cs.AI updates on arXiv.org');
    expect(feed.papers).toHaveLength(86);
    expect(countByType(feed)).toEqual({ new: 41, cross: 45 });
  });

  it('takes the listing day from <updated> in New York (derived: complete entries)', () => {
    expect(feed.channelDate).toBe('2025-08-20T04:00:19.866Z');
    expect(feed.listingDay).toBe('2025-08-20');
    expect(feed.skipDays).toEqual([]);
    expect(feed.papers.every((p) => p.announceDay === '2025-08-20')).toBe(true);
  });

  it('takes the New York date, not the UTC date (derived: <updated> 04:30 UTC in December = 23:30 ET the day before)', () => {
    const xml = completeAtomEntries().replace(
      '<updated>2025-08-20T04:00:19.866337+00:00</updated>',
      '<updated>2025-12-03T04:30:00+00:00</updated>',
    );
    const winter = parseFeed(xml);
    expect(winter.channelDate).toBe('2025-12-03T04:30:00.000Z');
    expect(winter.listingDay).toBe('2025-12-02');
    expect(winter.papers[0]?.announceDay).toBe('2025-12-02');
  });

  it('reads an entry (derived: complete entries)', () => {
    const p = paper(feed, '2508.13167');
    expect(p.version).toBe(1);
    expect(p.announceType).toBe('new');
    expect(p.title).toBe(
      'Chain-of-Agents: End-to-End Agent Foundation Models via Multi-Agent Distillation and Agentic RL',
    );
    expect(p.categories).toEqual(['cs.AI', 'cs.CL']);
    expect(p.authors).toHaveLength(30);
    expect(p.authors[0]).toBe('Weizhen Li');
    expect(p.license).toBe('http://creativecommons.org/licenses/by-nc-sa/4.0/');
    expect(p.abstract.startsWith('Recent advances in large language models (LLMs)')).toBe(true);
  });

  it('decodes TeX accents in names (derived: complete entries)', () => {
    expect(paper(feed, '2508.13177').authors.slice(0, 3)).toEqual(['Nikola Pižurica', 'Nikola Milović', 'Igor Jovančević']);
    expect(paper(feed, '2508.13675').authors).toContain('Jörg Deigmöller');
    expect(paper(feed, '2508.13811').authors).toEqual(['Jan Jakubův', 'Mikoláš Janota']);
    expect(paper(feed, '2508.13197').authors).toContain('Hendrik Kraß'); // Kra{\ss}
    expect(paper(feed, '2508.13247').authors).toContain('Anders Søgaard'); // S{\o}gaard
    expect(paper(feed, '2508.13288').authors).toContain('Inès Blin');
  });

  it('turns -- in a title into an en dash (derived: complete entries)', () => {
    expect(paper(feed, '2508.13171').title).toBe(
      'Cognitive Workspace: Active Memory Management for LLMs – An Empirical Study of Functional Infinite Context',
    );
  });
});

describe('API: 2026 and legacy formats', () => {
  const legacy = parseFeed(read('api/api-2019-id_list_1710.08557.xml'));
  const current = parseFeed(read('api/api-2026-id_1605.08386_s0_m100.xml'));

  it('give the same shape', () => {
    const shape = (feed: ParsedFeed) =>
      Object.fromEntries(Object.entries(feed).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v]));
    expect(shape(legacy)).toEqual(shape(current));
    expect(legacy.kind).toBe('api');
    expect(legacy.listingDay).toBeUndefined();
    expect(legacy.skipDays).toEqual([]);
    const required = (p: Paper) =>
      ['id', 'version', 'title', 'abstract', 'authors', 'categories', 'links', 'published', 'updated'].map(
        (k) => typeof p[k as keyof Paper],
      );
    expect(required(legacy.papers[0] as Paper)).toEqual(required(current.papers[0] as Paper));
  });

  it('legacy: un-wraps title and summary, reads inline-namespaced doi, journal_ref and paging', () => {
    expect(legacy.title).toBe('ArXiv Query: search_query=&id_list=1710.08557&start=0&max_results=10');
    expect([legacy.totalResults, legacy.startIndex, legacy.itemsPerPage]).toEqual([1, 0, 10]);
    const p = legacy.papers[0] as Paper;
    expect(p.id).toBe('1710.08557');
    expect(p.version).toBe(1);
    expect(p.title).toBe('On Neuromechanical Approaches for the Study of Biological Grasp and Manipulation');
    expect(p.abstract).toMatch(/^Biological and robotic grasp and manipulation are undeniably similar at the level of mechanical/);
    expect(p.abstract).toMatch(/in these important areas\.$/);
    expect(p.authors).toEqual(['Francisco J Valero-Cuevas', 'Marco Santello']);
    expect(p.doi).toBe('10.1186/s12984-017-0305-3');
    expect(p.journalRef).toBe('Journal of NeuroEngineering and Rehabilitation, 2017');
    expect(p.categories).toEqual(['cs.RO']);
    expect(p.published).toBe('2017-10-24T00:21:32.000Z');
    expect(p.updated).toBe('2017-10-24T00:21:32.000Z');
  });

  it('legacy: resolves inline xmlns declarations, not prefixes (derived: arxiv→q, opensearch→os9)', () => {
    const xml = read('api/api-2019-id_list_1710.08557.xml')
      .replace(/xmlns:arxiv=/g, 'xmlns:q=')
      .replace(/<(\/?)arxiv:/g, '<$1q:')
      .replace(/xmlns:opensearch=/g, 'xmlns:os9=')
      .replace(/<(\/?)opensearch:/g, '<$1os9:');
    expect(xml).not.toContain('arxiv:');
    expect(parseFeed(xml)).toEqual(legacy);
  });

  it('2026: reads an entry', () => {
    expect(current.title).toBe('arXiv Query: search_query=&id_list=1605.08386&start=0&max_results=100');
    expect(current.channelDate).toBe('2026-04-12T22:10:19.000Z');
    expect(current.papers[0]).toEqual({
      id: '1605.08386',
      version: 1,
      title: 'Heat-bath random walks with Markov bases',
      abstract: expect.stringMatching(/^Graphs on lattice points are studied .* is an expander in fixed dimension\.$/),
      authors: ['Caprice Stanley', 'Tobias Windisch'],
      categories: ['math.CO', 'math.ST'],
      comment: '20 pages, 3 figures',
      published: '2016-05-26T17:59:46.000Z',
      updated: '2016-05-26T17:59:46.000Z',
      links: {
        abs: 'https://arxiv.org/abs/1605.08386',
        pdf: 'https://arxiv.org/pdf/1605.08386',
        html: 'https://arxiv.org/html/1605.08386',
      },
    });
  });

  it('puts arxiv:primary_category first even when listed later (derived: categories reordered)', () => {
    const xml = read('api/api-2026-id_1605.08386_s0_m100.xml')
      .replace('<arxiv:primary_category term="math.CO"/>', '<arxiv:primary_category term="math.ST"/>');
    expect(parseFeed(xml).papers[0]?.categories).toEqual(['math.ST', 'math.CO']);
  });

  it('2026 search answer: primary first, 5 of 28946', () => {
    const feed = parseFeed(read('api/api-2026-all-transformer_cat-cs.LG_max5_2026-06-14.xml'));
    expect([feed.totalResults, feed.startIndex, feed.itemsPerPage]).toEqual([28946, 0, 5]);
    const p = feed.papers[0] as Paper;
    expect(p.id).toBe('2606.13677');
    expect(p.title).toBe('Mana: Dexterous Manipulation of Articulated Tools');
    expect(p.categories).toEqual(['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG']);
    expect(p.authors).toEqual(['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu']);
    expect(p.comment).toBe('Project Page: https://zhaohengyin.github.io/mana');
    expect(p.abstract).toContain('(<1 minute per tool)');
  });

  it('keeps Unicode author names from the API as they are', () => {
    const feed = parseFeed(read('api/api-2026-id_1707.08567_s0_m100.xml'));
    expect(feed.papers[0]?.authors).toHaveLength(34);
    expect(feed.papers[0]?.authors).toContain('Dirk Wübben');
    expect(feed.papers[0]?.comment).toBe('44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck');
  });
});

describe('API: old-style ids', () => {
  it('astro-ph/0601001 (2026): id, links, journal ref, affiliations ignored', () => {
    const p = parseFeed(read('api/api-2026-id_astro-ph_0601001_s0_m100.xml')).papers[0] as Paper;
    expect(p.id).toBe('astro-ph/0601001');
    expect(isOldStyleId(p.id)).toBe(true);
    expect(p.version).toBe(1);
    expect(p.links).toEqual({
      abs: 'https://arxiv.org/abs/astro-ph/0601001',
      pdf: 'https://arxiv.org/pdf/astro-ph/0601001',
      html: 'https://arxiv.org/html/astro-ph/0601001',
    });
    expect(p.authors).toEqual(['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
    expect(p.categories).toEqual(['astro-ph']);
    expect(p.journalRef).toBe('ActaAstron.56:1-50,2006');
    expect(p.abstract).toContain('V_max<17.5');
    expect(p.abstract).toContain('Gould & Morgan (2003)');
  });

  it('math/0211159 (legacy): drops the MSC code 53C from the categories', () => {
    const p = parseFeed(read('api/api-2019-id_list_math_0211159.xml')).papers[0] as Paper;
    expect(p.id).toBe('math/0211159');
    expect(p.title).toBe('The entropy formula for the Ricci flow and its geometric applications');
    expect(p.authors).toEqual(['Grisha Perelman']);
    expect(p.categories).toEqual(['math.DG']);
    expect(p.comment).toBe('39 pages');
  });

  it('astro-ph/9812133 (legacy): 32 authors, hard-wrapped comment joined', () => {
    const p = parseFeed(read('api/api-2019-id_list_astro-ph_9812133.xml')).papers[0] as Paper;
    expect(p.id).toBe('astro-ph/9812133');
    expect(p.authors).toHaveLength(32);
    expect(p.authors.at(-1)).toBe('W. J. Couch');
    expect(p.categories).toEqual(['astro-ph', 'hep-ex', 'hep-ph']);
    expect(p.doi).toBe('10.1086/307221');
    expect(p.journalRef).toBe('Astrophys.J.517:565-586,1999');
    expect(p.comment).toBe(
      '21 pages and 10 figures. Accepted for publication in the Astrophysical Journal. Individual color figures, supplementary tables, and preprint also available at http://www-supernova.lbl.gov/',
    );
    expect(p.published).toBe('1998-12-08T03:27:34.000Z');
  });

  it('math/9501234 (legacy): Knuth, journal ref kept as written', () => {
    const p = parseFeed(read('api/api-2019-id_list_math_9501234.xml')).papers[0] as Paper;
    expect(p.id).toBe('math/9501234');
    expect(p.authors).toEqual(['Donald E. Knuth']);
    expect(p.journalRef).toBe('J. Algebraic Combin. 6 (1997), no. 3, 253--257');
    expect(p.categories).toEqual(['math.CO']);
  });

  it('quant-ph/0201082v1 (2026, versioned id_list)', () => {
    const feed = parseFeed(read('api/api-2026-id_quant-ph_0201082v1_s0_m100.xml'));
    const p = feed.papers[0] as Paper;
    expect(p.id).toBe('quant-ph/0201082');
    expect(p.version).toBe(1);
    expect(p.categories).toEqual(['quant-ph', 'cs.PL']);
    expect(p.authors).toEqual(['Stephen Blaha']);
  });
});

describe('API: versioned and unknown ids', () => {
  it('2104.12255v1: a title "0" stays the string "0"', () => {
    const p = parseFeed(read('api/api-2026-id_2104.12255v1_s0_m100.xml')).papers[0] as Paper;
    expect(p.id).toBe('2104.12255');
    expect(p.version).toBe(1);
    expect(p.title).toBe('0');
    expect(p.categories).toEqual(['cs.CR']);
    expect(p.authors).toEqual(['Quan Thoi Minh Nguyen']);
    expect(p.abstract).toContain('awarded $35,000 in total');
  });

  it('never turns text into numbers (derived: title "0.50", comment "007")', () => {
    const xml = read('api/api-2026-id_2104.12255v1_s0_m100.xml')
      .replace('<title>0</title>', '<title>0.50</title>')
      .replace('</summary>', '</summary><arxiv:comment>007</arxiv:comment>');
    const p = parseFeed(xml).papers[0] as Paper;
    expect(p.title).toBe('0.50');
    expect(p.comment).toBe('007');
  });

  it('unknown id 0000.0000 gives no papers, not an error', () => {
    const feed = parseFeed(read('api/api-2026-id_0000.0000_s0_m100.xml'));
    expect(feed.papers).toEqual([]);
    expect([feed.totalResults, feed.startIndex, feed.itemsPerPage]).toEqual([0, 0, 100]);
  });

  it('unknown 0808.05394 next to a known id gives only the known one', () => {
    expect(parseFeed(read('api/api-2026-id_0808.05394_s0_m100.xml')).papers).toEqual([]);
    const feed = parseFeed(read('api/api-2026-id_0808.05394_1707.08567_s0_m100.xml'));
    expect(feed.papers.map((p) => p.id)).toEqual(['1707.08567']);
    expect(feed.totalResults).toBe(1);
  });

  it('skips a legacy empty entry for an unknown id (derived: legacy answer with id and title emptied)', () => {
    const xml = read('api/api-2019-id_list_1710.08557.xml')
      .replace('<id>http://arxiv.org/abs/1710.08557v1</id>', '<id/>')
      .replace(/<title>On Neuromechanical[\s\S]*?<\/title>/, '<title></title>')
      .replace(/<link href="http:\/\/arxiv.org\/abs\/1710.08557v1"[^>]*\/>/, '');
    expect(parseFeed(xml).papers).toEqual([]);
  });
});

describe('API: paging of search_query=all:testing', () => {
  const pages: Array<[string, number, number, number]> = [
    ['s0_m10', 0, 10, 10],
    ['s0_m15', 0, 15, 15],
    ['s0_m100', 0, 100, 100],
    ['s5_m10', 5, 10, 10],
    ['s5_m15', 5, 15, 15],
    ['s9_m15', 9, 15, 15],
    ['s10_m10', 10, 10, 10],
    ['s20_m10', 20, 10, 10],
    ['s30_m10', 30, 10, 10],
    ['s40_m10', 40, 10, 10],
    ['s50_m10', 50, 10, 10],
  ];
  const load = (name: string) => parseFeed(read(`api/api-2026-q_testing_${name}.xml`));
  const all = load('s0_m100').papers.map((p) => `${p.id}v${p.version}`);

  it.each(pages)('%s: startIndex %i, itemsPerPage %i, %i entries of 214881', (name, start, perPage, count) => {
    const feed = load(name);
    expect(feed.totalResults).toBe(214881);
    expect(feed.startIndex).toBe(start);
    expect(feed.itemsPerPage).toBe(perPage);
    expect(feed.papers).toHaveLength(count);
    // Overlapping pages agree with the 100-result page.
    expect(feed.papers.map((p) => `${p.id}v${p.version}`)).toEqual(all.slice(start, start + count));
  });

  it('first result of the first page', () => {
    expect(load('s0_m10').papers[0]?.title).toBe(
      'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques',
    );
  });
});

describe('errors', () => {
  it('API error feed (2026, id_list=abc) → error-feed with arXiv\'s message', () => {
    const err = feedError(read('api/api-2026-id_abc_s0_m100.xml'));
    expect(err).toBeInstanceOf(FeedError);
    expect(err.kind).toBe('error-feed');
    expect(err.message).toContain('incorrect id format for abc');
  });

  it('API error feed (legacy, INVALIDID) → error-feed with arXiv\'s message', () => {
    const err = feedError(read('api/api-2019-id_list_INVALIDID.xml'));
    expect(err.kind).toBe('error-feed');
    expect(err.message).toContain('incorrect id format for INVALIDID');
  });

  it('rss.arxiv.org error body for a bad category (derived: stat header rewritten as arXiv\'s RSS error feed)', () => {
    const stat = read(STAT);
    const xml =
      stat
        .slice(0, stat.indexOf('<item>'))
        .replace(
          '<title>stat updates on arXiv.org</title>',
          '<title>Feed error for query: https://rss.arxiv.org/rss/stat.XX</title>',
        )
        .replace(
          /<description>[^<]*<\/description>/,
          "<description>Bad subject class 'XX'. Valid subject classes for the archive 'stat' are: AP, CO, ME, ML, OT, TH.</description>",
        )
        .replace(/<skipDays>[\s\S]*<\/skipDays>\s*/, '') + '</channel>\n</rss>\n';
    const err = feedError(xml);
    expect(err.kind).toBe('error-feed');
    expect(err.message).toContain("Bad subject class 'XX'. Valid subject classes for the archive 'stat' are");
  });

  it('rss.arxiv.org Atom error body (derived: cs.AI Atom header rewritten as an error feed)', () => {
    const atom = read(TRUNCATED);
    const xml =
      atom
        .slice(0, atom.indexOf('<entry>'))
        .replace(
          '<title>cs.AI updates on arXiv.org</title>',
          '<title>Feed error for query: https://rss.arxiv.org/atom/cs.XX</title>',
        )
        .replace(/<subtitle>[^<]*<\/subtitle>/, "<subtitle>Bad subject class 'XX'.</subtitle>") + '</feed>\n';
    const err = feedError(xml);
    expect(err.kind).toBe('error-feed');
    expect(err.message).toContain("Bad subject class 'XX'.");
  });

  it('truncated RSS (derived: stat cut in the middle of an item) → truncated', () => {
    const stat = read(STAT);
    expect(feedError(stat.slice(0, Math.floor(stat.length / 2))).kind).toBe('truncated');
  });

  it('truncated RSS (derived: stat cut right after an </item>) → truncated', () => {
    const stat = read(STAT);
    expect(feedError(stat.slice(0, stat.indexOf('</item>') + '</item>'.length)).kind).toBe('truncated');
  });

  it('truncated RSS with a doctype and a comment before the root (derived) → truncated', () => {
    const stat = read(STAT).replace('<rss ', '<!DOCTYPE rss>\n<!-- generated -->\n<rss ');
    expect(parseFeed(stat).papers).toHaveLength(123);
    expect(feedError(stat.slice(0, 5000)).kind).toBe('truncated');
  });

  it('empty body → truncated', () => {
    expect(feedError('').kind).toBe('truncated');
    expect(feedError('  \n').kind).toBe('truncated');
  });

  it('the arXiv abs HTML page → not-feed', () => {
    const err = feedError(read('html/abs-1902.02534.html'));
    expect(err.kind).toBe('not-feed');
    expect(err.message).toMatch(/web page/);
  });

  it('the /list HTML excerpt → not-feed', () => {
    expect(feedError(read('html/list-cs.AI-new-2026-08-12.excerpt.html')).kind).toBe('not-feed');
  });

  it('JSON, plain text and other XML → not-feed', () => {
    expect(feedError('{"error":"rate limited"}').kind).toBe('not-feed');
    expect(feedError('Rate exceeded.').kind).toBe('not-feed');
    expect(feedError('<?xml version="1.0"?><error><message>nope</message></error>').kind).toBe('not-feed');
    expect(feedError('<?xml version="1.0"?><html><body>hi</body></html>').kind).toBe('not-feed');
  });
});

describe('derived feeds', () => {
  it('an empty weekend feed (derived: stat with every <item> removed) is valid with no papers', () => {
    const xml = read(STAT).replace(/\s*<item>[\s\S]*?<\/item>/g, '');
    expect(xml).not.toContain('<item>');
    const feed = parseFeed(xml);
    expect(feed.kind).toBe('rss');
    expect(feed.papers).toEqual([]);
    expect(feed.title).toBe('stat updates on arXiv.org');
    expect(feed.listingDay).toBe('2024-03-26');
    expect(feed.skipDays).toEqual(['Saturday', 'Sunday']);
  });

  it('a 2,091-item feed (derived: stat items repeated 17 times) keeps every item', () => {
    const stat = read(STAT);
    const head = stat.slice(0, stat.indexOf('<item>'));
    const items = stat.slice(stat.indexOf('<item>'), stat.lastIndexOf('</channel>'));
    const feed = parseFeed(`${head}${items.repeat(17)}</channel>\n</rss>\n`);
    expect(feed.papers).toHaveLength(123 * 17);
    expect(countByType(feed)).toEqual({ new: 35 * 17, cross: 27 * 17, replace: 41 * 17, 'replace-cross': 20 * 17 });
  });

  it('decodes numeric character references (derived: é written as &#233;)', () => {
    const xml = read(COMBINED).replace('<dc:creator>Fabien Polly</dc:creator>', '<dc:creator>Fabien P&#233;lly</dc:creator>');
    expect(paper(parseFeed(xml), '2609.26811').authors).toEqual(['Fabien Pélly']);
  });
});

describe('splitAuthors', () => {
  it.each([
    ['Matteo Gasparin, Aaditya Ramdas', ['Matteo Gasparin', 'Aaditya Ramdas']],
    ['A. One and B. Two', ['A. One', 'B. Two']],
    ['A. One, B. Two, and C. Three', ['A. One', 'B. Two', 'C. Three']],
    ['Alexander Anderson, Ferdinand Sand', ['Alexander Anderson', 'Ferdinand Sand']],
    ['A. One (MIT, Cambridge), B. Two (ETH (Zurich))', ['A. One', 'B. Two']],
    ['A. One (1), B. Two (2) ((1) MIT, (2) ETH)', ['A. One', 'B. Two']],
    ['John Smith, Jr., Jane Doe', ['John Smith, Jr.', 'Jane Doe']],
    ['A. One, B. Two, et al.', ['A. One', 'B. Two']],
    ["Nikola Pi\\v{z}urica, Nikola Milovi\\'c", ['Nikola Pižurica', 'Nikola Milović']],
    ['  Spaced\n  Name ,  Other ', ['Spaced Name', 'Other']],
    ['', []],
  ])('%j', (input, expected) => {
    expect(splitAuthors(input)).toEqual(expected);
  });
});
