import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '@/lib/arxiv/feed';
import type { Paper } from '@/lib/arxiv/types';
import {
  bibtexEscape,
  citationKey,
  formatDigestMarkdown,
  formatDigestText,
  headerLine,
  paperYear,
  subjectsLine,
  toBibtex,
  type DigestInput,
  type DigestTranslation,
} from '@/lib/digest';
import { buildListing } from '@/lib/listing';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import { fixture } from './helpers/fixtures';

const SAMPLE = readFileSync('/work/shared/reference/digest-sample.txt', 'utf8');
const feed = parseFeed(fixture('rss/stat-2024-03-26.rss.xml'));
const listed = feed.papers.map((paper) => ({ paper, type: paper.announceType ?? 'new', user: undefined }));
const stat: Settings = { ...DEFAULT_SETTINGS, categories: ['stat'] };
const KEYWORDS = ['Gaussian process', 'regression'];
const view = buildListing(listed, { ...stat, keywords: KEYWORDS });
/** Tue 26 Mar 2024 10:00:00 in Shanghai. */
const GENERATED = new Date('2024-03-26T02:00:00Z');

/** Fake translations: every relevant paper, except the ones named, which stay untranslated. */
function fakeTranslations(except: string[] = []): Map<string, DigestTranslation> {
  return new Map(
    view.relevant
      .filter((i) => !except.includes(i.paper.id))
      .map((i) => [i.paper.id, { title: `【译】${i.paper.title}`, abstract: `【译】摘要 ${i.paper.id}` }]),
  );
}

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    listingDay: feed.listingDay!,
    view,
    translations: fakeTranslations(),
    generatedAt: GENERATED,
    timeZone: 'Asia/Shanghai',
    targetLang: 'zh-CN',
    ...over,
  };
}

/**
 * Entries of a digest in the sample's text layout: each starts `titleLines` lines (English title, then the
 * translated title when there is one) above its `- Authors:` line.
 */
function entriesOf(text: string, titleLines = 2): string[][] {
  const lines = text.split('\n').filter((l) => l !== '');
  const starts = lines.flatMap((l, i) => (l.startsWith('- Authors: ') ? [i - titleLines] : []));
  return starts.map((s, k) => {
    let end = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    const section = lines.slice(s, end).findIndex((l) => l.startsWith('Keyword: ') || l === 'All papers');
    if (section > 0) end = s + section;
    return lines.slice(s, end);
  });
}

/** The field structure of an entry: labels for `- X` lines, `text` for free lines. */
function shape(entry: string[]): string[] {
  return entry.map((l) => (l.startsWith('- ') ? `- ${l.slice(2).split(':')[0]}` : 'text'));
}

/** The sample's entry, with its doubled `- Subjects: Subjects:` + next line folded into one `- Subjects:` line. */
function fixSampleSubjects(entry: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] === '- Subjects: Subjects:') out.push(`- Subjects: ${entry[++i]}`);
    else out.push(entry[i]!);
  }
  return out;
}

describe('the text digest, in the layout users know', () => {
  const text = formatDigestText(input());
  const lines = text.split('\n');

  it('starts with the generation time and the real announcement time, ET and the reader’s zone', () => {
    // Listing day Tue 26 Mar 2024 was announced Mon 25 Mar 20:00 EDT = Tue 08:00 in Shanghai.
    expect(lines[0]).toBe('生成时间: 2024-03-26 10:00:00 (UTC+8); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 08:00 UTC+8)');
    // Same layout as the sample's first line.
    const layout = /^生成时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC[+-]\d+\); Arxiv 发布时间: \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[DS]T \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d+\)$/;
    expect(SAMPLE.split('\n')[0]).toMatch(layout);
    expect(lines[0]).toMatch(layout);
  });

  it('counts distinct papers, not group entries', () => {
    const listedInGroups = view.groups.reduce((n, g) => n + g.items.length, 0);
    expect(view.relevant).toHaveLength(8);
    expect(listedInGroups).toBe(9); // one paper sits in both groups
    expect(lines[1]).toBe('今天共有 8 篇相关文章');
    expect(lines[2]).toBe('Keyword: Gaussian process');
    expect(lines.filter((l) => l.startsWith('Keyword: '))).toEqual(['Keyword: Gaussian process', 'Keyword: regression']);
    expect(entriesOf(text)).toHaveLength(9);
  });

  it('gives each entry the sample’s fields in the sample’s order, plus one Keywords line', () => {
    const sampleEntries = entriesOf(SAMPLE).map(fixSampleSubjects);
    expect(sampleEntries.length).toBeGreaterThan(20);
    const sampleShape = shape(sampleEntries[0]!);
    expect(sampleShape).toEqual([
      'text', 'text', '- Authors', '- Subjects', '- Arxiv link', '- Pdf link', '- Abstract', 'text', '- 中文摘要', 'text',
    ]);
    for (const e of sampleEntries) expect(shape(e)).toEqual(sampleShape);

    for (const entry of entriesOf(text)) {
      const ours = shape(entry);
      expect(ours.filter((s) => s !== '- Keywords')).toEqual(sampleShape);
      // Our one addition sits right after Subjects.
      expect(ours.indexOf('- Keywords')).toBe(ours.indexOf('- Subjects') + 1);
    }

    const first = entriesOf(text)[0]!;
    const paper = view.groups[0]!.items[0]!.paper;
    expect(first).toEqual([
      paper.title,
      `【译】${paper.title}`,
      `- Authors: ${paper.authors.join(', ')}`,
      '- Subjects: Methodology (stat.ME); Applications (stat.AP); Computation (stat.CO)',
      '- Keywords: Gaussian process',
      `- Arxiv link: https://arxiv.org/abs/${paper.id}`,
      `- Pdf link: https://arxiv.org/pdf/${paper.id}`,
      '- Abstract',
      paper.abstract,
      '- 中文摘要',
      `【译】摘要 ${paper.id}`,
    ]);
    // Link lines look like the sample's.
    expect(SAMPLE).toContain('- Arxiv link: https://arxiv.org/abs/2605.28828\n- Pdf link: https://arxiv.org/pdf/2605.28828');
  });

  it('has exactly one "Subjects:" per entry, with full category names like the sample', () => {
    for (const entry of entriesOf(text)) {
      const subjects = entry.filter((l) => l.includes('Subjects:'));
      expect(subjects).toHaveLength(1);
      expect(subjects[0]!.match(/Subjects:/g)).toHaveLength(1);
      expect(subjects[0]).toMatch(/^- Subjects: [A-Z][^()]* \([a-z-]+(\.[A-Za-z-]+)?\)(; [A-Z][^()]* \([a-z-]+(\.[A-Za-z-]+)?\))*$/);
    }
    expect(text).not.toContain('Subjects: Subjects:');
    expect(SAMPLE).toContain('Computation and Language (cs.CL); Artificial Intelligence (cs.AI)');
    expect(subjectsLine(['cs.CL', 'cs.AI'])).toBe('Computation and Language (cs.CL); Artificial Intelligence (cs.AI)');
    expect(subjectsLine(['cs.LG', 'stat.ML'])).toBe('Machine Learning (cs.LG); Machine Learning (stat.ML)');
    expect(subjectsLine(['cs.ZZ'])).toBe('(cs.ZZ)'); // unknown code: shown bare, never dropped
  });

  it('lists a paper matching two keywords in both groups, counted once, with both keywords', () => {
    const both = view.relevant.find((i) => i.match.keywords.length === 2)!;
    expect(both.paper.id).toBe('2403.16121');
    const entries = entriesOf(text).filter((e) => e.includes(`- Arxiv link: https://arxiv.org/abs/${both.paper.id}`));
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toContain('- Keywords: Gaussian process, regression');
    // Once in each section.
    const sections = text.split(/^Keyword: /m).slice(1);
    expect(sections.map((s) => s.split('\n')[0])).toEqual(KEYWORDS);
    for (const s of sections) expect(s.split(`abs/${both.paper.id}\n`)).toHaveLength(2);
  });

  it('does not repeat the sample’s off-by-one announcement day (29 May 2026 was announced Thu 28 May)', () => {
    const ours = headerLine({ listingDay: '2026-05-29', generatedAt: new Date('2026-05-29T11:33:31Z'), timeZone: 'Asia/Shanghai' });
    expect(ours).toBe('生成时间: 2026-05-29 19:33:31 (UTC+8); Arxiv 发布时间: 2026-05-28 20:00 EDT (2026-05-29 08:00 UTC+8)');
    expect(SAMPLE.split('\n')[0]).toContain('Arxiv 发布时间: 2026-05-29 20:00 EDT'); // the flaw we do not copy
    // Winter time and a Monday listing (announced Sunday evening).
    expect(headerLine({ listingDay: '2024-01-08', generatedAt: new Date('2024-01-08T00:00:00Z'), timeZone: 'Asia/Shanghai' })).toBe(
      '生成时间: 2024-01-08 08:00:00 (UTC+8); Arxiv 发布时间: 2024-01-07 20:00 EST (2024-01-08 09:00 UTC+8)',
    );
    // Other reader zones, half-hour offsets included.
    expect(headerLine({ listingDay: '2024-03-26', generatedAt: GENERATED, timeZone: 'Asia/Kolkata' })).toBe(
      '生成时间: 2024-03-26 07:30:00 (UTC+5:30); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 05:30 UTC+5:30)',
    );
    expect(headerLine({ listingDay: '2024-03-26', generatedAt: GENERATED, timeZone: 'UTC' })).toBe(
      '生成时间: 2024-03-26 02:00:00 (UTC); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 00:00 UTC)',
    );
  });

  it('marks missing translations in place and keeps the layout', () => {
    const missing = view.relevant[0]!.paper.id;
    const partial = new Map(fakeTranslations());
    partial.set(missing, {});
    const other = view.relevant[1]!.paper;
    partial.set(other.id, { title: `【译】${other.title}` }); // title only
    const out = formatDigestText(input({ translations: partial }));
    const entry = entriesOf(out).find((e) => e.includes(`- Arxiv link: https://arxiv.org/abs/${missing}`))!;
    expect(entry[1]).toBe('[未翻译]');
    expect(entry[entry.length - 1]).toBe('[未翻译]');
    const half = entriesOf(out).find((e) => e.includes(`- Arxiv link: https://arxiv.org/abs/${other.id}`))!;
    expect(half[1]).toBe(`【译】${other.title}`);
    expect(half[half.length - 1]).toBe('[未翻译]');
    for (const e of entriesOf(out)) expect(shape(e).filter((s) => s !== '- Keywords')).toEqual(shape(entriesOf(text)[0]!).filter((s) => s !== '- Keywords'));
  });

  it('labels other target languages, and leaves translation lines out of a monolingual digest', () => {
    const fr = formatDigestText(input({ targetLang: 'fr', translations: new Map() }));
    const e = entriesOf(fr)[0]!;
    expect(e[1]).toBe('[not translated]');
    expect(e).toContain('- Translated abstract (fr)');
    expect(fr).not.toContain('中文摘要');

    const mono = formatDigestText(input({ targetLang: null }));
    for (const entry of entriesOf(mono, 1)) {
      expect(shape(entry)).toEqual(['text', '- Authors', '- Subjects', '- Keywords', '- Arxiv link', '- Pdf link', '- Abstract', 'text']);
    }
    expect(mono).not.toContain('未翻译');
  });

  it('without keywords lists every relevant paper once under "All papers", with no Keywords lines', () => {
    const all = buildListing(listed, stat);
    const out = formatDigestText(input({ view: all, translations: new Map(), targetLang: null }));
    const outLines = out.split('\n');
    expect(outLines[1]).toBe(`今天共有 ${all.relevant.length} 篇相关文章`);
    expect(outLines[2]).toBe('All papers');
    expect(out).not.toContain('Keyword');
    expect(entriesOf(out, 1)).toHaveLength(all.relevant.length);
  });

  it('keeps every text on its own line: line breaks in a translation cannot fake fields', () => {
    const id = view.relevant[0]!.paper.id;
    const hostile = new Map(fakeTranslations());
    hostile.set(id, { title: 'A\nKeyword: injected', abstract: 'B\n- Arxiv link: https://evil.example' });
    const out = formatDigestText(input({ translations: hostile }));
    expect(out.split('\n').filter((l) => l.startsWith('Keyword: '))).toHaveLength(2);
    expect(out).toContain('A Keyword: injected');
    expect(out).not.toContain('\n- Arxiv link: https://evil.example');
  });

  it('an empty day prints the header and a zero count', () => {
    const none = buildListing(listed, { ...stat, keywords: ['no such phrase anywhere'] });
    expect(formatDigestText(input({ view: none })).split('\n')).toEqual([
      '生成时间: 2024-03-26 10:00:00 (UTC+8); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 08:00 UTC+8)',
      '今天共有 0 篇相关文章',
      '',
    ]);
  });
});

describe('the Markdown digest', () => {
  const hostilePaper: Paper = {
    ...view.relevant[0]!.paper,
    id: '2403.99999',
    title: '[x](javascript:alert(1)) <img onerror=alert(2) src=x> **bold** `code` ![i](http://e/x.png)',
    authors: ['<script>alert(3)</script>', 'Eve [evil](javascript:void(0))'],
    abstract: 'Text <b>html</b> &amp; math $a<b>c$ and $[x](javascript:alert(4))$ and $\\mathcal{O}(n^3)$ kept.',
  };
  const hostileView = buildListing([{ paper: hostilePaper, type: 'new', user: undefined }], { ...stat, categories: ['stat'] });

  it('has the same content as the text digest: header, count, one heading per keyword, each paper with its fields', () => {
    const md = formatDigestMarkdown(input());
    const blocks = md.split('\n\n');
    expect(blocks[0]).toBe('生成时间: 2024-03-26 10:00:00 (UTC+8); Arxiv 发布时间: 2024-03-25 20:00 EDT (2024-03-26 08:00 UTC+8)');
    expect(blocks[1]).toBe('**今天共有 8 篇相关文章**');
    expect(md.match(/^## .*$/gm)).toEqual(['## Keyword: Gaussian process', '## Keyword: regression']);
    expect(md.match(/^### /gm)).toHaveLength(9);
    const paper = view.groups[0]!.items[0]!.paper;
    expect(md).toContain(
      [
        `- **Authors:** ${paper.authors.join(', ')}`,
        '- **Subjects:** Methodology (stat.ME); Applications (stat.AP); Computation (stat.CO)',
        '- **Keywords:** Gaussian process',
        `- **Arxiv link:** <https://arxiv.org/abs/${paper.id}>`,
        `- **Pdf link:** <https://arxiv.org/pdf/${paper.id}>`,
      ].join('\n'),
    );
    expect(md).toContain('**Abstract**\n\n');
    expect(md).toContain(`**中文摘要**\n\n【译】摘要 ${paper.id}`);
    expect(md).toContain('- **Keywords:** Gaussian process, regression');
    // Math is left for a math-aware renderer.
    expect(md).toContain('$\\mathcal{O}(n^3)$');
  });

  it('escapes hostile titles, authors and abstracts so they cannot make links, images or HTML', () => {
    const md = formatDigestMarkdown(input({ view: hostileView, translations: new Map(), targetLang: null }));
    const heading = md.split('\n').find((l) => l.startsWith('### '))!;
    expect(heading).toBe(
      '### \\[x\\](javascript:alert(1)) \\<img onerror=alert(2) src=x\\> \\*\\*bold\\*\\* \\`code\\` \\!\\[i\\](http://e/x.png)',
    );
    // Nothing a CommonMark renderer would read as a link, image, raw HTML or code span is left unescaped.
    const unescaped = (re: RegExp) => md.split('\n').filter((l) => re.test(l.replace(/\\\\/g, '')));
    expect(unescaped(/(?<!\\)\]\(/)).toEqual([]);
    expect(unescaped(/(?<!\\)<(?!https:\/\/arxiv\.org\/)/)).toEqual([]);
    expect(unescaped(/(?<!\\)`/)).toEqual([]);
    expect(md).toContain('- **Authors:** \\<script\\>alert(3)\\</script\\>, Eve \\[evil\\](javascript:void(0))');
    // Math kept, with only what could open HTML or a link neutralised in a way TeX ignores.
    expect(md).toContain('$a\\lt b\\gt c$');
    expect(md).toContain('$[x] (javascript:alert(4))$');
    expect(md).toContain('$\\mathcal{O}(n^3)$');
    expect(md).toContain('\\<b\\>html\\</b\\> \\&amp;');
  });

  it('escapes hostile translations and keyword labels too', () => {
    const id = view.relevant[0]!.paper.id;
    const t = new Map([[id, { title: '<img src=x onerror=alert(1)>', abstract: '[a](javascript:b)' }]]);
    const md = formatDigestMarkdown(input({ translations: t, view: buildListing(listed, { ...stat, keywords: ['Gaussian process', '/regress*ion/'] }) }));
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('\\[a\\](javascript:b)');
    expect(md).toContain('## Keyword: /regress\\*ion/');
  });
});

describe('BibTeX', () => {
  const api = (name: string) => parseFeed(fixture(`api/${name}`)).papers[0]!;

  it('an old-style id: eprint, archive prefix, primary class, year from the id; journal and DOI when present', () => {
    const perlmutter = api('api-2019-id_list_astro-ph_9812133.xml');
    expect(perlmutter.id).toBe('astro-ph/9812133');
    const bib = toBibtex([perlmutter]);
    expect(bib).toBe(
      [
        '@article{perlmutter1998measurements,',
        '  title = {Measurements of Omega and Lambda from 42 High-Redshift Supernovae},',
        `  author = {${perlmutter.authors.join(' and ')}},`,
        '  journal = {Astrophys.J.517:565-586,1999},',
        '  year = {1998},',
        '  eprint = {astro-ph/9812133},',
        '  archivePrefix = {arXiv},',
        '  primaryClass = {astro-ph},',
        '  doi = {10.1086/307221},',
        '  url = {https://arxiv.org/abs/astro-ph/9812133},',
        '}',
        '',
      ].join('\n'),
    );
    expect(paperYear({ id: 'hep-th/9901001' })).toBe('1999');
    expect(paperYear({ id: 'math/0211159' })).toBe('2002');
    expect(paperYear({ id: '0704.0001' })).toBe('2007');
    expect(paperYear({ id: '2403.16121' })).toBe('2024');
  });

  it('a feed paper with a DOI only is @misc with the DOI; a DOI is verbatim (no escaped underscore)', () => {
    const withDoi = feed.papers.find((p) => p.id === '2403.15908')!;
    const bib = toBibtex([withDoi]);
    expect(bib.startsWith('@misc{bogoclu2024deep,\n')).toBe(true);
    expect(bib).toContain('  doi = {10.1109/ACDSA59508.2024.10467448},\n');
    expect(bib).toContain('  primaryClass = {cs.LG},\n');
    expect(bib).not.toContain('journal =');
    const gr = parseFeed(fixture('api/api-2026-q_testing_s0_m100.xml')).papers.find((p) => p.id === 'gr-qc/0103067')!;
    expect(toBibtex([gr])).toContain('  doi = {10.1007/3-540-40988-2_10},\n');
    expect(toBibtex([gr])).toContain('  journal = {Lect.Notes Phys.562:195-212,2001},\n');
  });

  it('keys are lastname + year + first significant word, ASCII, and unique', () => {
    const knuth = api('api-2019-id_list_math_9501234.xml');
    expect(citationKey(knuth)).toBe('knuth1995aztec');
    const p = feed.papers[0]!;
    const accented = { ...p, id: '2403.00001', published: undefined, authors: ['José Łukasz Müller-Straße'], title: 'On the $\\alpha$-Ümlaut of Things' };
    expect(citationKey(accented)).toBe('mullerstrasse2024umlaut');
    const keys = toBibtex([p, p, p, { ...p, authors: [] }])
      .split('\n')
      .filter((l) => l.startsWith('@'))
      .map((l) => l.replace(/^@\w+\{|,$/g, ''));
    expect(new Set(keys).size).toBe(4);
    expect(keys.slice(1, 3)).toEqual([keys[0] + 'b', keys[0] + 'c']);
    expect(keys[3]).toMatch(/^anon2024/);
  });

  it('escapes TeX specials and unpaired braces, keeps math, macros and what is already escaped', () => {
    expect(bibtexEscape('50% of A & B #1 a_b x^2 costs $5')).toBe('50\\% of A \\& B \\#1 a\\_b x\\^{}2 costs \\$5');
    expect(bibtexEscape('already 64\\% and Mat\\\'ern, \\textbf{bold} $x_1^{2}$')).toBe('already 64\\% and Mat\\\'ern, \\textbf{bold} $x_1^{2}$');
    expect(bibtexEscape('a { b')).toBe('a \\textbraceleft{} b');
    expect(bibtexEscape('a } b {c}')).toBe('a \\textbraceright{} b {c}');
    expect(bibtexEscape('set \\{1, 2')).toBe('set \\textbraceleft{}1, 2');
    expect(bibtexEscape('$\\{x$ and {y}')).toBe('$\\lbrace x$ and {y}');
    // Every entry of the whole stat feed has balanced braces (BibTeX counts them even after a backslash).
    const depths = toBibtex(feed.papers)
      .split('\n\n')
      .map((entry) => {
        let depth = 0;
        let min = 0;
        for (const c of entry) {
          depth += c === '{' ? 1 : c === '}' ? -1 : 0;
          min = Math.min(min, depth);
        }
        return { min, end: depth };
      });
    expect(depths).toHaveLength(123);
    expect(depths.filter((d) => d.min < 0 || d.end !== 0)).toEqual([]);
    const hostile = toBibtex([{ ...feed.papers[0]!, title: 'Evil }, note = {pwned', authors: ['A {B'] }]);
    expect(hostile).toContain('title = {Evil \\textbraceright{}, note = \\textbraceleft{}pwned},');
    expect(hostile).toContain('author = {A \\textbraceleft{}B},');
  });
});
