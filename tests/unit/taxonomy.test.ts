import { describe, expect, it } from 'vitest';
import {
  ARCHIVES,
  CATEGORIES,
  CATEGORY_ALIASES,
  GROUPS,
  archiveMatches,
  canonicalCategory,
  categoryName,
  getArchive,
  getCategory,
  isKnownCategory,
  normalizeCategory,
  searchCategories,
  subjectLabel,
} from '../../lib/arxiv/taxonomy';

// Expectations checked against arXiv's own definitions (github.com/arXiv/arxiv-base,
// arxiv/taxonomy/definitions.py: active CATEGORIES, active ARCHIVES, CATEGORY_ALIASES).

describe('taxonomy data', () => {
  it('has the 8 groups in the order of arXiv’s taxonomy page', () => {
    expect(GROUPS.map((g) => g.name)).toEqual([
      'Computer Science',
      'Economics',
      'Electrical Engineering and Systems Science',
      'Mathematics',
      'Physics',
      'Quantitative Biology',
      'Quantitative Finance',
      'Statistics',
    ]);
  });

  it('has 155 active categories, counted per group', () => {
    expect(CATEGORIES).toHaveLength(155);
    const perGroup: Record<string, number> = {};
    for (const c of CATEGORIES) perGroup[c.group] = (perGroup[c.group] ?? 0) + 1;
    expect(perGroup).toEqual({ cs: 40, econ: 3, eess: 4, math: 32, physics: 51, 'q-bio': 10, 'q-fin': 9, stat: 6 });
  });

  it('counts the physics archives', () => {
    const perArchive: Record<string, number> = {};
    for (const c of CATEGORIES.filter((c) => c.group === 'physics')) perArchive[c.archive] = (perArchive[c.archive] ?? 0) + 1;
    expect(perArchive).toEqual({
      'astro-ph': 6,
      'cond-mat': 9,
      'gr-qc': 1,
      'hep-ex': 1,
      'hep-lat': 1,
      'hep-ph': 1,
      'hep-th': 1,
      'math-ph': 1,
      nlin: 5,
      'nucl-ex': 1,
      'nucl-th': 1,
      physics: 22,
      'quant-ph': 1,
    });
  });

  it('has the 20 active archives; 9 of them have no subcategories', () => {
    expect(ARCHIVES.map((a) => a.id)).toEqual([
      'cs', 'econ', 'eess', 'math',
      'astro-ph', 'cond-mat', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nlin', 'nucl-ex', 'nucl-th', 'physics', 'quant-ph',
      'q-bio', 'q-fin', 'stat',
    ]);
    expect(ARCHIVES.filter((a) => !a.hasSubcategories).map((a) => a.id)).toEqual([
      'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph',
    ]);
    // Each archive without subcategories is its own (single) category.
    for (const a of ARCHIVES.filter((a) => !a.hasSubcategories)) {
      expect(CATEGORIES.filter((c) => c.archive === a.id)).toEqual([{ id: a.id, name: a.name, archive: a.id, group: 'physics' }]);
    }
  });

  it('has unique, well-formed ids, each inside its archive', () => {
    const ids = CATEGORIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CATEGORIES) {
      expect(c.id).toMatch(/^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[a-z]+)?)?$/);
      expect(c.id === c.archive || c.id.startsWith(`${c.archive}.`)).toBe(true);
      expect(getArchive(c.archive)?.group).toBe(c.group);
      expect(c.name.trim()).toBe(c.name);
      expect(c.name.length).toBeGreaterThan(2);
    }
  });

  it.each([
    ['cs.AI', 'Artificial Intelligence'],
    ['cs.CL', 'Computation and Language'],
    ['cs.CE', 'Computational Engineering, Finance, and Science'],
    ['cs.DC', 'Distributed, Parallel, and Cluster Computing'],
    ['cs.GT', 'Computer Science and Game Theory'],
    ['cs.OH', 'Other Computer Science'],
    ['cs.RO', 'Robotics'],
    ['econ.EM', 'Econometrics'],
    ['eess.SY', 'Systems and Control'],
    ['eess.AS', 'Audio and Speech Processing'],
    ['math.PR', 'Probability'],
    ['math.KT', 'K-Theory and Homology'],
    ['math.CA', 'Classical Analysis and ODEs'],
    ['astro-ph.CO', 'Cosmology and Nongalactic Astrophysics'],
    ['cond-mat.mes-hall', 'Mesoscale and Nanoscale Physics'],
    ['cond-mat.str-el', 'Strongly Correlated Electrons'],
    ['nlin.AO', 'Adaptation and Self-Organizing Systems'],
    ['physics.data-an', 'Data Analysis, Statistics and Probability'],
    ['physics.atom-ph', 'Atomic Physics'],
    ['q-bio.NC', 'Neurons and Cognition'],
    ['q-fin.TR', 'Trading and Market Microstructure'],
    ['stat.ML', 'Machine Learning'],
    ['stat.TH', 'Statistics Theory'],
    ['hep-th', 'High Energy Physics - Theory'],
    ['gr-qc', 'General Relativity and Quantum Cosmology'],
    ['quant-ph', 'Quantum Physics'],
  ])('%s is "%s"', (id, name) => {
    expect(categoryName(id)).toBe(name);
    expect(getCategory(id)?.name).toBe(name);
  });
});

describe('aliases', () => {
  it('are arXiv’s six pairs, both ids listed with the same name', () => {
    expect(CATEGORY_ALIASES).toEqual({
      'math.MP': 'math-ph',
      'stat.TH': 'math.ST',
      'math.IT': 'cs.IT',
      'q-fin.EC': 'econ.GN',
      'cs.SY': 'eess.SY',
      'cs.NA': 'math.NA',
    });
    for (const [alias, canonical] of Object.entries(CATEGORY_ALIASES)) {
      expect(isKnownCategory(alias)).toBe(true);
      expect(isKnownCategory(canonical)).toBe(true);
      expect(getCategory(alias)?.aliasOf).toBe(canonical);
      expect(getCategory(canonical)?.aliasOf).toBeUndefined();
    }
    expect(CATEGORIES.filter((c) => c.aliasOf).map((c) => c.id).sort()).toEqual(Object.keys(CATEGORY_ALIASES).sort());
  });

  it.each([
    ['math.IT', 'cs.IT', 'Information Theory'],
    ['math.ST', 'stat.TH', 'Statistics Theory'],
    ['eess.SY', 'cs.SY', 'Systems and Control'],
    ['math.MP', 'math-ph', 'Mathematical Physics'],
    ['q-fin.EC', 'econ.GN', undefined],
    ['cs.NA', 'math.NA', 'Numerical Analysis'],
  ])('%s and %s', (a, b, name) => {
    expect(canonicalCategory(a)).toBe(canonicalCategory(b));
    if (name) {
      expect(categoryName(a)).toBe(name);
      expect(categoryName(b)).toBe(name);
    }
  });

  it('q-fin.EC keeps its own name (arXiv names the pair differently)', () => {
    expect(categoryName('q-fin.EC')).toBe('Economics');
    expect(categoryName('econ.GN')).toBe('General Economics');
    expect(canonicalCategory('q-fin.EC')).toBe('econ.GN');
    expect(canonicalCategory('cs.AI')).toBe('cs.AI');
    expect(canonicalCategory('nope')).toBeUndefined();
  });
});

describe('lookups', () => {
  it('names whole archives', () => {
    expect(categoryName('cs')).toBe('Computer Science');
    expect(categoryName('astro-ph')).toBe('Astrophysics');
    expect(categoryName('cond-mat')).toBe('Condensed Matter');
    expect(categoryName('physics')).toBe('Physics');
    expect(categoryName('eess')).toBe('Electrical Engineering and Systems Science');
  });

  it('takes any case for names, the exact spelling for isKnownCategory', () => {
    expect(categoryName('CS.ai')).toBe('Artificial Intelligence');
    expect(categoryName('COND-MAT.MES-HALL')).toBe('Mesoscale and Nanoscale Physics');
    expect(normalizeCategory(' cs.ro ')).toBe('cs.RO');
    expect(normalizeCategory('HEP-TH')).toBe('hep-th');
    expect(normalizeCategory('Stat')).toBe('stat');
    expect(normalizeCategory('cs.XX')).toBeUndefined();
    expect(isKnownCategory('cs.AI')).toBe(true);
    expect(isKnownCategory('cs')).toBe(true);
    expect(isKnownCategory('hep-th')).toBe(true);
    expect(isKnownCategory('cs.ai')).toBe(false);
    expect(isKnownCategory('cs.XX')).toBe(false);
    expect(isKnownCategory('cmp-lg')).toBe(false); // defunct archive
    expect(isKnownCategory('')).toBe(false);
    expect(categoryName('foo')).toBeUndefined();
  });

  it('subjectLabel uses arXiv’s "Subjects:" format', () => {
    expect(subjectLabel('cs.CL')).toBe('Computation and Language (cs.CL)');
    expect(subjectLabel('math.PR')).toBe('Probability (math.PR)');
    expect(subjectLabel('hep-th')).toBe('High Energy Physics - Theory (hep-th)');
    expect(subjectLabel('cs.SY')).toBe('Systems and Control (cs.SY)');
    expect(subjectLabel('cs')).toBe('Computer Science (cs)');
    expect(subjectLabel('foo.BAR')).toBe('foo.BAR');
  });
});

describe('searchCategories', () => {
  const ids = (q: string, limit?: number) => searchCategories(q, limit).map((m) => m.id);

  it('finds by name words', () => {
    expect(ids('robot')).toEqual(['cs.RO']);
    expect(ids('language')).toEqual(['cs.CL', 'cs.FL', 'cs.PL']); // the exact word first, then "Languages"
    expect(ids('Machine Learning')).toEqual(['cs.LG', 'stat.ML']);
    expect(ids('comp lang')).toEqual(['cs.CL']); // every word starts a word of the name
  });

  it('finds by id prefix', () => {
    expect(ids('stat.m')).toEqual(['stat.ME', 'stat.ML']);
    expect(ids('hep')).toEqual(['hep-ex', 'hep-lat', 'hep-ph', 'hep-th']);
    expect(ids('cond-mat.s')).toEqual(['cond-mat.soft', 'cond-mat.stat-mech', 'cond-mat.str-el', 'cond-mat.supr-con']);
  });

  it('ranks exact id, id prefix, subject class, name word start, name substring', () => {
    // exact archive first, then its categories, then subject class "stat-mech", then names.
    expect(ids('stat').slice(0, 8)).toEqual(['stat', 'stat.AP', 'stat.CO', 'stat.ME', 'stat.ML', 'stat.OT', 'stat.TH', 'cond-mat.stat-mech']);
    expect(ids('stat')).toContain('math.ST'); // "Statistics Theory"
    expect(ids('cs.ro')).toEqual(['cs.RO']);
    expect(ids('CS.RO')).toEqual(['cs.RO']);
    expect(ids('LG')).toEqual(['cs.LG']); // subject class
    expect(ids('ai')).toEqual(['cs.AI']); // no 2-letter substrings ("AlgebrAIc")
    expect(ids('botic')).toEqual(['cs.RO']); // name substring
    const physics = ids('physics');
    expect(physics[0]).toBe('physics'); // the archive
    expect(physics.slice(1, 23).every((id) => id.startsWith('physics.'))).toBe(true); // its categories
    expect(physics.indexOf('math-ph')).toBeLessThan(physics.indexOf('astro-ph.CO')); // "Mathematical Physics" (word) before "Astrophysics" (substring)
    expect(physics.at(-1)).toBe('astro-ph.SR');
  });

  it('lists archives as whole-archive matches', () => {
    const cs = searchCategories('cs')[0];
    expect(cs).toEqual({ id: 'cs', name: 'Computer Science', kind: 'archive', archive: 'cs', group: 'cs' });
    expect(ids('cs')).toEqual(['cs', ...CATEGORIES.filter((c) => c.archive === 'cs').map((c) => c.id)]);
    expect(searchCategories('hep-th')).toEqual([
      { id: 'hep-th', name: 'High Energy Physics - Theory', kind: 'category', archive: 'hep-th', group: 'physics' },
    ]);
    expect(searchCategories('eess.SY')[0]).toEqual({
      id: 'eess.SY', name: 'Systems and Control', kind: 'category', archive: 'eess', group: 'eess',
    });
    expect(searchCategories('cs.SY')[0]?.aliasOf).toBe('eess.SY');
  });

  it('respects the limit; empty and unknown queries match nothing', () => {
    expect(ids('a', 5)).toHaveLength(5);
    expect(ids('cs', 3)).toEqual(['cs', 'cs.AI', 'cs.AR']);
    expect(ids('')).toEqual([]);
    expect(ids('   ')).toEqual([]);
    expect(ids('foo')).toEqual([]);
    expect(ids('xyzzy')).toEqual([]);
  });

  it('archiveMatches: every archive once, those without subcategories as categories', () => {
    const all = archiveMatches();
    expect(all.map((m) => m.id)).toEqual(ARCHIVES.map((a) => a.id));
    expect(all.filter((m) => m.kind === 'archive')).toHaveLength(11);
  });
});
