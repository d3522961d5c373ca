/**
 * Hugging Face daily papers: the real answer of 12 Jun 2026 (30 entries, optional keys absent) read
 * with exact expectations; variants derived from it in the tests (fields moved to the top level,
 * nulls, a changed format) say so in their names.
 */
import { describe, expect, it } from 'vitest';
import { HfError } from '@/lib/hf/errors';
import { dailyPapersUrl } from '@/lib/hf/fetch';
import { hfPaperUrl, parseDailyPapers } from '@/lib/hf/parse';
import { byUpvotes } from '@/lib/db/hf';
import { fixture } from './helpers/fixtures';

const BODY = fixture('hf/daily_papers-2026-06-12.json');
const raw = () => JSON.parse(BODY) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The ids in the answer's own order (read by hand from the fixture). */
const IDS_IN_ORDER = [
  '2606.00467', '2606.12730', '2606.13594', '2606.13174', '2606.10423', '2606.07867', '2606.11409', '2606.12451',
  '2606.12488', '2606.13572', '2606.06113', '2606.08103', '2606.12303', '2606.13289', '2606.12243', '2606.11662',
  '2606.10896', '2606.09446', '2606.12282', '2606.11096', '2606.12575', '2606.13392', '2606.09290', '2606.09304',
  '2606.08063', '2606.13120', '2606.08788', '2606.13681', '2606.08039', '2606.13106',
];

/** Most upvoted first; equal upvotes keep the answer's order. */
const BY_UPVOTES = [
  ['2606.13681', 118], ['2606.13392', 103], ['2606.08063', 74], ['2606.13289', 25], ['2606.13106', 18],
  ['2606.12243', 14], ['2606.06113', 13], ['2606.12303', 12], ['2606.11662', 10], ['2606.11409', 8],
  ['2606.12575', 7], ['2606.09290', 7], ['2606.09304', 6], ['2606.12730', 5], ['2606.13120', 4],
  ['2606.08788', 4], ['2606.13594', 3], ['2606.08039', 3], ['2606.13174', 2], ['2606.10423', 2],
  ['2606.07867', 2], ['2606.12451', 2], ['2606.13572', 2], ['2606.08103', 2], ['2606.10896', 2],
  ['2606.11096', 2], ['2606.12488', 1], ['2606.09446', 1], ['2606.12282', 1], ['2606.00467', 0],
];

describe('parseDailyPapers with the real answer of 12 Jun 2026', () => {
  const items = parseDailyPapers(BODY);

  it('reads all 30 entries in the answer\'s order, ranked 1…30', () => {
    expect(items).toHaveLength(30);
    expect(items.map((i) => i.paper.id)).toEqual(IDS_IN_ORDER);
    expect(items.map((i) => i.meta.rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(items.every((i) => i.dailyDate === '2026-06-12')).toBe(true);
  });

  it('orders by upvotes, ties in Hugging Face\'s order', () => {
    const sorted = items.map((i) => ({ hf: { ...i.meta, date: '2026-06-12', fetchedAt: '' } })).sort(byUpvotes);
    expect(sorted.map((s) => [s.hf.id, s.hf.upvotes])).toEqual(BY_UPVOTES);
    expect(items.reduce((n, i) => n + i.meta.upvotes, 0)).toBe(453);
  });

  it('counts the optional fields exactly (absent keys stay absent)', () => {
    expect(items.filter((i) => i.meta.githubRepo).length).toBe(16);
    expect(items.filter((i) => i.meta.githubStars !== undefined).length).toBe(16);
    expect(items.filter((i) => i.meta.projectPage).length).toBe(13);
    expect(items.filter((i) => i.meta.githubRepo && i.meta.projectPage).length).toBe(8);
    expect(items.filter((i) => i.meta.organization).length).toBe(16);
    expect(items.filter((i) => i.meta.mediaUrls).map((i) => i.paper.id)).toEqual(['2606.11409', '2606.13289']);
    expect(items.every((i) => i.meta.aiSummary && i.meta.aiKeywords?.length && i.meta.thumbnail && i.meta.submittedBy)).toBe(true);
    expect(items.every((i) => i.meta.numComments !== undefined && i.meta.numComments >= 2)).toBe(true);
    // Absent, not undefined-valued: records stay small and `in` tells the truth.
    const first = items[0]!;
    expect('githubRepo' in first.meta).toBe(false);
    expect('projectPage' in first.meta).toBe(false);
  });

  it('reads one entry completely: MiniMax Sparse Attention', () => {
    const msa = items.find((i) => i.paper.id === '2606.13392')!;
    expect(msa.paper).toEqual({
      id: '2606.13392',
      version: 1,
      title: 'MiniMax Sparse Attention',
      abstract: expect.stringMatching(/^Ultra-long-context capability is becoming indispensable for frontier LLMs: agentic workflows, repository-scale code reasoning/),
      authors: ['Xunhao Lai', 'Weiqi Xu', 'Yufeng Yang', 'Qiaorui Chen', 'Yang Xu', 'Lunbin Zeng', 'Xiaolong Li', 'Haohai Sun', 'Haichao Zhu', 'Vito Zhang', 'Pengyu Zhao'],
      categories: [],
      links: { abs: 'https://arxiv.org/abs/2606.13392', pdf: 'https://arxiv.org/pdf/2606.13392', html: 'https://arxiv.org/html/2606.13392' },
    });
    expect(msa.meta).toEqual({
      id: '2606.13392',
      rank: 22,
      upvotes: 103,
      numComments: 4,
      githubRepo: 'https://github.com/MiniMax-AI/MSA',
      githubStars: 251,
      aiSummary:
        'MiniMax Sparse Attention enables efficient processing of ultra-long contexts in large language models through blockwise sparsity and optimized GPU execution, achieving significant speedups while maintaining performance.',
      aiKeywords: ['sparse attention', 'Grouped Query Attention', 'Top-k selection', 'blockwise sparse attention', 'tensor-core utilization', 'prefill', 'decoding', 'attention compute', 'context length'],
      thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.13392.png',
      submittedBy: {
        name: 'ryanlee-dev',
        fullname: 'Ryanlee',
        avatarUrl: 'https://cdn-avatars.huggingface.co/v1/production/uploads/673463f29cb2775fbe62a626/64k_zEitiRQD_U002ojyy.jpeg',
      },
      organization: {
        name: 'MiniMaxAI',
        fullname: 'MiniMax',
        avatarUrl: 'https://cdn-avatars.huggingface.co/v1/production/uploads/676e38ad04af5bec20bc9faf/dUd-LsZEX0H_d4qefO_g6.jpeg',
      },
      // paper.publishedAt is preferred over the top-level one (2026-06-10T20:00Z).
      publishedAt: '2026-06-11T00:00:00.000Z',
      submittedOnDailyAt: '2026-06-12T00:00:00.000Z',
    });
    expect(msa.paper.abstract).not.toMatch(/\s{2}|\n/);
    expect(hfPaperUrl(msa.paper.id)).toBe('https://huggingface.co/papers/2606.13392');
  });

  it('an entry with a project page but no repository; one with neither', () => {
    const dense = items.find((i) => i.paper.id === '2606.13594')!;
    expect(dense.meta).toMatchObject({ upvotes: 3, projectPage: 'https://chicychen.github.io/dense-hetero-latent-mas/' });
    expect(dense.meta.githubRepo).toBeUndefined();
    const first = items[0]!;
    expect(first.paper.title).toBe('On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance');
    expect(first.paper.authors).toEqual(['Etienne Casanova', 'Rafal Kocielnik', 'R. Michael Alvarez']);
    expect(first.meta).toMatchObject({ upvotes: 0, numComments: 2, submittedBy: { name: 'RKocielnik', fullname: 'Rafal Kocielnik' } });
  });
});

describe('parseDailyPapers: where the fields sit', () => {
  it('fields only at the top level (derived: paper.* moved up) read the same', () => {
    const moved = raw().map((e) => {
      const { paper, ...top } = e;
      const { id, upvotes, authors, githubRepo, githubStars, projectPage, ai_summary, ai_keywords } = paper;
      const out: Record<string, unknown> = { ...top, id, upvotes, authors, ai_summary, ai_keywords };
      if (githubRepo !== undefined) Object.assign(out, { githubRepo, githubStars });
      if (projectPage !== undefined) out.projectPage = projectPage;
      return out;
    });
    const a = parseDailyPapers(moved);
    const b = parseDailyPapers(BODY);
    expect(a.map((i) => [i.paper.id, i.meta.upvotes, i.meta.githubRepo, i.meta.githubStars, i.meta.projectPage, i.meta.aiSummary])).toEqual(
      b.map((i) => [i.paper.id, i.meta.upvotes, i.meta.githubRepo, i.meta.githubStars, i.meta.projectPage, i.meta.aiSummary]),
    );
    expect(a.map((i) => i.paper.title)).toEqual(b.map((i) => i.paper.title));
    expect(a[21]!.meta.publishedAt).toBe('2026-06-10T20:00:00.000Z'); // the top level's own value
  });

  it('null is read as absent (derived: optional keys set to null)', () => {
    const nulls = raw().slice(0, 3).map((e) => ({ ...e, organization: null, paper: { ...e.paper, githubRepo: null, githubStars: null, projectPage: null, ai_keywords: null } }));
    const items = parseDailyPapers(nulls);
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.meta.githubRepo)).toEqual([undefined, undefined, undefined]);
    expect(items.map((i) => i.meta.aiKeywords)).toEqual([undefined, undefined, undefined]);
  });

  it('an empty day is an empty list, not an error', () => {
    expect(parseDailyPapers('[]')).toEqual([]);
    expect(parseDailyPapers([])).toEqual([]);
  });

  it('versioned ids, duplicates and non-arXiv ids (derived)', () => {
    const [a, b, c] = raw();
    a!.paper.id = '2606.00467v3';
    c!.paper.id = 'not-an-arxiv-id';
    const items = parseDailyPapers([a, b, b, c]);
    expect(items.map((i) => [i.paper.id, i.paper.version, i.meta.rank])).toEqual([['2606.00467', 3, 1], ['2606.12730', 1, 2]]);
  });

  it('drops links that are not http(s) (derived: a javascript: project page)', () => {
    const [a] = raw();
    a!.paper.projectPage = 'javascript:alert(1)';
    a!.paper.githubRepo = 'https://github.com/x/y';
    expect(parseDailyPapers([a]).map((i) => [i.meta.projectPage, i.meta.githubRepo])).toEqual([[undefined, 'https://github.com/x/y']]);
  });
});

describe('parseDailyPapers: a changed answer is a clear error', () => {
  const fails = (json: unknown) => {
    try {
      parseDailyPapers(json);
    } catch (e) {
      expect(e).toBeInstanceOf(HfError);
      return e as HfError;
    }
    throw new Error('expected an error');
  };

  it('an object instead of a list (derived: the list wrapped)', () => {
    const e = fails({ papers: raw() });
    expect(e.kind).toBe('changed');
    expect(e.message).toBe("Hugging Face's daily papers have changed format: the answer is an object, not a list of papers");
  });

  it('upvotes as a string (derived)', () => {
    const list = raw();
    list[4]!.paper.upvotes = '2';
    const e = fails(list);
    expect(e.kind).toBe('changed');
    expect(e.message).toMatch(/entry 5: paper\.upvotes is a string, expected a number/);
  });

  it('missing id or upvotes, authors not a list (derived)', () => {
    const noId = raw();
    delete noId[0]!.paper.id;
    expect(fails(noId).message).toMatch(/entry 1 has no id/);
    const noVotes = raw();
    delete noVotes[2]!.paper.upvotes;
    expect(fails(noVotes).message).toMatch(/entry 3 has no upvotes/);
    const authors = raw();
    authors[1]!.paper.authors = { name: 'x' };
    expect(fails(authors).message).toMatch(/entry 2: paper\.authors is an object, expected a list/);
  });

  it('a truncated body and an HTML page are "not JSON" (derived)', () => {
    expect(fails(BODY.slice(0, 5000)).kind).toBe('not-json');
    const html = fails('<!doctype html><html><body>Hugging Face is down</body></html>');
    expect(html.kind).toBe('not-json');
    expect(html.message).toMatch(/web page/);
  });
});

describe('dailyPapersUrl', () => {
  it('asks for a day in trending order, 100 at a time, later pages with p', () => {
    expect(dailyPapersUrl({ date: '2026-06-12' })).toBe('https://huggingface.co/api/daily_papers?date=2026-06-12&sort=trending&limit=100');
    expect(dailyPapersUrl({ date: '2026-06-12', page: 2, limit: 30, sort: 'publishedAt' })).toBe(
      'https://huggingface.co/api/daily_papers?date=2026-06-12&sort=publishedAt&limit=30&p=2',
    );
  });
});
