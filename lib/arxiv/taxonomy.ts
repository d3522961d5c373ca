/**
 * The arXiv category taxonomy (https://arxiv.org/category_taxonomy): groups, archives and the active
 * categories with their official names.
 *
 * Source: arXiv's own definitions, `arxiv/taxonomy/definitions.py` in github.com/arXiv/arxiv-base
 * (`CATEGORIES` entries with `is_active: True`, `ARCHIVES` without an `end_date`, `CATEGORY_ALIASES`).
 * Defunct archives (cmp-lg, solv-int, …) and the test archive are left out.
 *
 * Shape of the taxonomy:
 * - a group (Physics, Mathematics, …) holds archives;
 * - an archive (cs, math, astro-ph, hep-th, …) holds categories (cs.AI, astro-ph.CO) or, for
 *   archives without subcategories (hep-th, quant-ph, gr-qc, …), is itself the only category;
 * - a few categories are aliases: two ids for the same category, listed in both archives
 *   (cs.SY = eess.SY). arXiv lists both ids on the taxonomy page, and so does `CATEGORIES`.
 *
 * Ids are case-sensitive (`cs.AI`, `cond-mat.mes-hall`); the lookups also take any casing and
 * answer with the official spelling (`normalizeCategory('CS.ai')` → `cs.AI`).
 */

export type GroupId = 'cs' | 'econ' | 'eess' | 'math' | 'physics' | 'q-bio' | 'q-fin' | 'stat';

export interface TaxonomyGroup {
  id: GroupId;
  name: string;
}

export interface TaxonomyArchive {
  /** `cs`, `astro-ph`, `hep-th`. */
  id: string;
  name: string;
  group: GroupId;
  /** False for archives that are a single category (hep-th, quant-ph, gr-qc, math-ph, nucl-ex…). */
  hasSubcategories: boolean;
}

export interface TaxonomyCategory {
  /** `cs.CL`, `cond-mat.mes-hall`, or an archive id for archives without subcategories (`hep-th`). */
  id: string;
  /** The official name: `Computation and Language`. */
  name: string;
  /** The archive the id belongs to (`cs` for cs.SY, `eess` for eess.SY). */
  archive: string;
  group: GroupId;
  /** For an alias, the category arXiv treats as canonical (`cs.SY` → `eess.SY`). */
  aliasOf?: string;
}

/** The groups, in the order of arXiv's taxonomy page. */
export const GROUPS: readonly TaxonomyGroup[] = Object.freeze([
  { id: 'cs', name: 'Computer Science' },
  { id: 'econ', name: 'Economics' },
  { id: 'eess', name: 'Electrical Engineering and Systems Science' },
  { id: 'math', name: 'Mathematics' },
  { id: 'physics', name: 'Physics' },
  { id: 'q-bio', name: 'Quantitative Biology' },
  { id: 'q-fin', name: 'Quantitative Finance' },
  { id: 'stat', name: 'Statistics' },
] satisfies TaxonomyGroup[]);

/**
 * Each archive with its categories as `[subject class, name]` (`['AI', 'Artificial Intelligence']`
 * is cs.AI). An empty list: the archive has no subcategories and is itself a category.
 */
const DATA: ReadonlyArray<{ id: string; name: string; group: GroupId; categories: ReadonlyArray<readonly [string, string]> }> = [
  {
    id: 'cs',
    name: 'Computer Science',
    group: 'cs',
    categories: [
      ['AI', 'Artificial Intelligence'],
      ['AR', 'Hardware Architecture'],
      ['CC', 'Computational Complexity'],
      ['CE', 'Computational Engineering, Finance, and Science'],
      ['CG', 'Computational Geometry'],
      ['CL', 'Computation and Language'],
      ['CR', 'Cryptography and Security'],
      ['CV', 'Computer Vision and Pattern Recognition'],
      ['CY', 'Computers and Society'],
      ['DB', 'Databases'],
      ['DC', 'Distributed, Parallel, and Cluster Computing'],
      ['DL', 'Digital Libraries'],
      ['DM', 'Discrete Mathematics'],
      ['DS', 'Data Structures and Algorithms'],
      ['ET', 'Emerging Technologies'],
      ['FL', 'Formal Languages and Automata Theory'],
      ['GL', 'General Literature'],
      ['GR', 'Graphics'],
      ['GT', 'Computer Science and Game Theory'],
      ['HC', 'Human-Computer Interaction'],
      ['IR', 'Information Retrieval'],
      ['IT', 'Information Theory'],
      ['LG', 'Machine Learning'],
      ['LO', 'Logic in Computer Science'],
      ['MA', 'Multiagent Systems'],
      ['MM', 'Multimedia'],
      ['MS', 'Mathematical Software'],
      ['NA', 'Numerical Analysis'],
      ['NE', 'Neural and Evolutionary Computing'],
      ['NI', 'Networking and Internet Architecture'],
      ['OH', 'Other Computer Science'],
      ['OS', 'Operating Systems'],
      ['PF', 'Performance'],
      ['PL', 'Programming Languages'],
      ['RO', 'Robotics'],
      ['SC', 'Symbolic Computation'],
      ['SD', 'Sound'],
      ['SE', 'Software Engineering'],
      ['SI', 'Social and Information Networks'],
      ['SY', 'Systems and Control'],
    ],
  },
  {
    id: 'econ',
    name: 'Economics',
    group: 'econ',
    categories: [
      ['EM', 'Econometrics'],
      ['GN', 'General Economics'],
      ['TH', 'Theoretical Economics'],
    ],
  },
  {
    id: 'eess',
    name: 'Electrical Engineering and Systems Science',
    group: 'eess',
    categories: [
      ['AS', 'Audio and Speech Processing'],
      ['IV', 'Image and Video Processing'],
      ['SP', 'Signal Processing'],
      ['SY', 'Systems and Control'],
    ],
  },
  {
    id: 'math',
    name: 'Mathematics',
    group: 'math',
    categories: [
      ['AC', 'Commutative Algebra'],
      ['AG', 'Algebraic Geometry'],
      ['AP', 'Analysis of PDEs'],
      ['AT', 'Algebraic Topology'],
      ['CA', 'Classical Analysis and ODEs'],
      ['CO', 'Combinatorics'],
      ['CT', 'Category Theory'],
      ['CV', 'Complex Variables'],
      ['DG', 'Differential Geometry'],
      ['DS', 'Dynamical Systems'],
      ['FA', 'Functional Analysis'],
      ['GM', 'General Mathematics'],
      ['GN', 'General Topology'],
      ['GR', 'Group Theory'],
      ['GT', 'Geometric Topology'],
      ['HO', 'History and Overview'],
      ['IT', 'Information Theory'],
      ['KT', 'K-Theory and Homology'],
      ['LO', 'Logic'],
      ['MG', 'Metric Geometry'],
      ['MP', 'Mathematical Physics'],
      ['NA', 'Numerical Analysis'],
      ['NT', 'Number Theory'],
      ['OA', 'Operator Algebras'],
      ['OC', 'Optimization and Control'],
      ['PR', 'Probability'],
      ['QA', 'Quantum Algebra'],
      ['RA', 'Rings and Algebras'],
      ['RT', 'Representation Theory'],
      ['SG', 'Symplectic Geometry'],
      ['SP', 'Spectral Theory'],
      ['ST', 'Statistics Theory'],
    ],
  },
  {
    id: 'astro-ph',
    name: 'Astrophysics',
    group: 'physics',
    categories: [
      ['CO', 'Cosmology and Nongalactic Astrophysics'],
      ['EP', 'Earth and Planetary Astrophysics'],
      ['GA', 'Astrophysics of Galaxies'],
      ['HE', 'High Energy Astrophysical Phenomena'],
      ['IM', 'Instrumentation and Methods for Astrophysics'],
      ['SR', 'Solar and Stellar Astrophysics'],
    ],
  },
  {
    id: 'cond-mat',
    name: 'Condensed Matter',
    group: 'physics',
    categories: [
      ['dis-nn', 'Disordered Systems and Neural Networks'],
      ['mes-hall', 'Mesoscale and Nanoscale Physics'],
      ['mtrl-sci', 'Materials Science'],
      ['other', 'Other Condensed Matter'],
      ['quant-gas', 'Quantum Gases'],
      ['soft', 'Soft Condensed Matter'],
      ['stat-mech', 'Statistical Mechanics'],
      ['str-el', 'Strongly Correlated Electrons'],
      ['supr-con', 'Superconductivity'],
    ],
  },
  { id: 'gr-qc', name: 'General Relativity and Quantum Cosmology', group: 'physics', categories: [] },
  { id: 'hep-ex', name: 'High Energy Physics - Experiment', group: 'physics', categories: [] },
  { id: 'hep-lat', name: 'High Energy Physics - Lattice', group: 'physics', categories: [] },
  { id: 'hep-ph', name: 'High Energy Physics - Phenomenology', group: 'physics', categories: [] },
  { id: 'hep-th', name: 'High Energy Physics - Theory', group: 'physics', categories: [] },
  { id: 'math-ph', name: 'Mathematical Physics', group: 'physics', categories: [] },
  {
    id: 'nlin',
    name: 'Nonlinear Sciences',
    group: 'physics',
    categories: [
      ['AO', 'Adaptation and Self-Organizing Systems'],
      ['CD', 'Chaotic Dynamics'],
      ['CG', 'Cellular Automata and Lattice Gases'],
      ['PS', 'Pattern Formation and Solitons'],
      ['SI', 'Exactly Solvable and Integrable Systems'],
    ],
  },
  { id: 'nucl-ex', name: 'Nuclear Experiment', group: 'physics', categories: [] },
  { id: 'nucl-th', name: 'Nuclear Theory', group: 'physics', categories: [] },
  {
    id: 'physics',
    name: 'Physics',
    group: 'physics',
    categories: [
      ['acc-ph', 'Accelerator Physics'],
      ['ao-ph', 'Atmospheric and Oceanic Physics'],
      ['app-ph', 'Applied Physics'],
      ['atm-clus', 'Atomic and Molecular Clusters'],
      ['atom-ph', 'Atomic Physics'],
      ['bio-ph', 'Biological Physics'],
      ['chem-ph', 'Chemical Physics'],
      ['class-ph', 'Classical Physics'],
      ['comp-ph', 'Computational Physics'],
      ['data-an', 'Data Analysis, Statistics and Probability'],
      ['ed-ph', 'Physics Education'],
      ['flu-dyn', 'Fluid Dynamics'],
      ['gen-ph', 'General Physics'],
      ['geo-ph', 'Geophysics'],
      ['hist-ph', 'History and Philosophy of Physics'],
      ['ins-det', 'Instrumentation and Detectors'],
      ['med-ph', 'Medical Physics'],
      ['optics', 'Optics'],
      ['plasm-ph', 'Plasma Physics'],
      ['pop-ph', 'Popular Physics'],
      ['soc-ph', 'Physics and Society'],
      ['space-ph', 'Space Physics'],
    ],
  },
  { id: 'quant-ph', name: 'Quantum Physics', group: 'physics', categories: [] },
  {
    id: 'q-bio',
    name: 'Quantitative Biology',
    group: 'q-bio',
    categories: [
      ['BM', 'Biomolecules'],
      ['CB', 'Cell Behavior'],
      ['GN', 'Genomics'],
      ['MN', 'Molecular Networks'],
      ['NC', 'Neurons and Cognition'],
      ['OT', 'Other Quantitative Biology'],
      ['PE', 'Populations and Evolution'],
      ['QM', 'Quantitative Methods'],
      ['SC', 'Subcellular Processes'],
      ['TO', 'Tissues and Organs'],
    ],
  },
  {
    id: 'q-fin',
    name: 'Quantitative Finance',
    group: 'q-fin',
    categories: [
      ['CP', 'Computational Finance'],
      ['EC', 'Economics'],
      ['GN', 'General Finance'],
      ['MF', 'Mathematical Finance'],
      ['PM', 'Portfolio Management'],
      ['PR', 'Pricing of Securities'],
      ['RM', 'Risk Management'],
      ['ST', 'Statistical Finance'],
      ['TR', 'Trading and Market Microstructure'],
    ],
  },
  {
    id: 'stat',
    name: 'Statistics',
    group: 'stat',
    categories: [
      ['AP', 'Applications'],
      ['CO', 'Computation'],
      ['ME', 'Methodology'],
      ['ML', 'Machine Learning'],
      ['OT', 'Other Statistics'],
      ['TH', 'Statistics Theory'],
    ],
  },
];

/**
 * arXiv's `CATEGORY_ALIASES`: alias → canonical category. Both ids are valid and listed; papers carry
 * the canonical one (a cs.SY paper is listed under eess.SY and cross-listed to cs.SY).
 */
export const CATEGORY_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'math.MP': 'math-ph',
  'stat.TH': 'math.ST',
  'math.IT': 'cs.IT',
  'q-fin.EC': 'econ.GN',
  'cs.SY': 'eess.SY',
  'cs.NA': 'math.NA',
});

/** The active archives, grouped and in the order of arXiv's taxonomy page. */
export const ARCHIVES: readonly TaxonomyArchive[] = Object.freeze(
  DATA.map((a) => Object.freeze({ id: a.id, name: a.name, group: a.group, hasSubcategories: a.categories.length > 0 })),
);

/** Every active category (aliases included, each under its own archive), in taxonomy order. */
export const CATEGORIES: readonly TaxonomyCategory[] = Object.freeze(
  DATA.flatMap((a) =>
    a.categories.length === 0
      ? [{ id: a.id, name: a.name, archive: a.id, group: a.group }]
      : a.categories.map(([code, name]) => {
          const id = `${a.id}.${code}`;
          const aliasOf = CATEGORY_ALIASES[id];
          return aliasOf ? { id, name, archive: a.id, group: a.group, aliasOf } : { id, name, archive: a.id, group: a.group };
        }),
  ).map((c) => Object.freeze(c)),
);

const GROUP_BY_ID = new Map<string, TaxonomyGroup>(GROUPS.map((g) => [g.id, g]));
const ARCHIVE_BY_ID = new Map(ARCHIVES.map((a) => [a.id, a]));
const CATEGORY_BY_ID = new Map(CATEGORIES.map((c) => [c.id, c]));
/** Lower-cased id → official id, for categories and archives. */
const CANONICAL_CASE = new Map<string, string>([...ARCHIVES, ...CATEGORIES].map((x) => [x.id.toLowerCase(), x.id]));

/**
 * The official spelling of a category or archive id given in any case (`CS.ai` → `cs.AI`,
 * ` HEP-TH ` → `hep-th`), or undefined when it is neither.
 */
export function normalizeCategory(input: string): string | undefined {
  return CANONICAL_CASE.get(input.trim().toLowerCase());
}

/** The category with this id (any case), or undefined. Archives without subcategories are categories. */
export function getCategory(id: string): TaxonomyCategory | undefined {
  const exact = CATEGORY_BY_ID.get(id);
  if (exact) return exact;
  const official = normalizeCategory(id);
  return official === undefined ? undefined : CATEGORY_BY_ID.get(official);
}

/** The archive with this id (any case), or undefined. */
export function getArchive(id: string): TaxonomyArchive | undefined {
  const exact = ARCHIVE_BY_ID.get(id);
  if (exact) return exact;
  const official = normalizeCategory(id);
  return official === undefined ? undefined : ARCHIVE_BY_ID.get(official);
}

/** The group's name (`physics` → `Physics`), or undefined. */
export function groupName(id: string): string | undefined {
  return GROUP_BY_ID.get(id)?.name;
}

/**
 * The official name of a category (`cs.CL` → `Computation and Language`, `hep-th` →
 * `High Energy Physics - Theory`, aliases included: `math.IT` → `Information Theory`) or of a whole
 * archive (`cs` → `Computer Science`, `astro-ph` → `Astrophysics`). Any case; undefined when unknown.
 */
export function categoryName(id: string): string | undefined {
  return getCategory(id)?.name ?? getArchive(id)?.name;
}

/** The canonical id of an alias (`cs.SY` → `eess.SY`); any other known id comes back in its official spelling. */
export function canonicalCategory(id: string): string | undefined {
  const official = normalizeCategory(id);
  return official === undefined ? undefined : (CATEGORY_ALIASES[official] ?? official);
}

/**
 * True when `id` (exact spelling) is something one can follow: an active category (`cs.AI`,
 * `hep-th`, alias ids too) or a whole archive (`cs`, `astro-ph`).
 */
export function isKnownCategory(id: string): boolean {
  return CATEGORY_BY_ID.has(id) || ARCHIVE_BY_ID.has(id);
}

/**
 * arXiv's "Subjects:" format: `Computation and Language (cs.CL)`. Unknown ids come back unchanged
 * (`foo.BAR` → `foo.BAR`); an id in another case keeps the case given.
 */
export function subjectLabel(id: string): string {
  const name = categoryName(id);
  return name === undefined ? id : `${name} (${id})`;
}

// ---------------------------------------------------------------------------------------------
// Search

export interface CategoryMatch {
  id: string;
  name: string;
  /**
   * `archive`: a whole archive with subcategories (`cs`, following every cs.* category);
   * `category`: a category, including archives without subcategories (`hep-th`).
   */
  kind: 'category' | 'archive';
  archive: string;
  group: GroupId;
  aliasOf?: string;
}

interface Entry extends CategoryMatch {
  idLower: string;
  /** The part after the dot, lower-cased (`ro` for cs.RO), or '' for archives. */
  codeLower: string;
  nameLower: string;
}

function entry(m: CategoryMatch): Entry {
  const idLower = m.id.toLowerCase();
  const dot = idLower.indexOf('.');
  return { ...m, idLower, codeLower: dot < 0 ? '' : idLower.slice(dot + 1), nameLower: m.name.toLowerCase() };
}

/** Every followable thing in taxonomy order: each archive with subcategories, then its categories. */
const ENTRIES: readonly Entry[] = DATA.flatMap((a) => {
  const cats = CATEGORIES.filter((c) => c.archive === a.id).map((c) => entry({ ...c, kind: 'category' as const }));
  if (a.categories.length === 0) return cats;
  return [entry({ id: a.id, name: a.name, kind: 'archive', archive: a.id, group: a.group }), ...cats];
});

/** The archives as matches (with subcategories: kind `archive`; without: kind `category`), in taxonomy order. */
export function archiveMatches(): CategoryMatch[] {
  return ENTRIES.filter((e) => e.id === e.archive).map(strip);
}

function strip(e: Entry): CategoryMatch {
  const { idLower: _i, codeLower: _c, nameLower: _n, ...m } = e;
  return m;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Positions in `s` where `q` occurs at the start of a word (not preceded by a letter or digit). */
function wordStarts(s: string, q: string): number[] {
  const out: number[] = [];
  for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + 1)) if (!isWordChar(s[i - 1])) out.push(i);
  return out;
}

/**
 * How well an entry matches the (lower-cased, trimmed) query; lower is better, undefined = no match.
 * 0 exact id · 1 id prefix · 2 subject-class prefix (`ro` → cs.RO) · 3 a name word equal to the
 * query · 4 a name word starting with it · 5 every query word starts a name word · 6 name substring
 * (queries of 3 characters or more: "cs" inside "Economics" is noise).
 */
function score(e: Entry, q: string, words: readonly string[]): number | undefined {
  if (e.idLower === q) return 0;
  if (e.idLower.startsWith(q)) return 1;
  if (e.codeLower && e.codeLower.startsWith(q)) return 2;
  const starts = wordStarts(e.nameLower, q);
  if (starts.length) return starts.some((i) => !isWordChar(e.nameLower[i + q.length])) ? 3 : 4;
  if (words.length > 1 && words.every((w) => wordStarts(e.nameLower, w).length > 0)) return 5;
  if (q.length >= 3 && e.nameLower.includes(q)) return 6;
  return undefined;
}

/**
 * Categories and archives matching a query, best first: exact id (`cs.ro`), id prefix (`stat.m` →
 * stat.ME, stat.ML; `stat` → the stat archive, then stat.*), subject-class prefix (`LG` → cs.LG),
 * a word of the name (`language` → cs.CL before cs.FL "Languages"; `robot` → cs.RO), all the query's
 * words starting words of the name (`comp lang` → cs.CL), a substring of the name (3+ characters:
 * `botic` → cs.RO). Case-insensitive;
 * ties keep taxonomy order. An empty query matches nothing.
 */
export function searchCategories(query: string, limit = Infinity): CategoryMatch[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!q) return [];
  const words = q.split(' ');
  const scored: { e: Entry; s: number; i: number }[] = [];
  ENTRIES.forEach((e, i) => {
    const s = score(e, q, words);
    if (s !== undefined) scored.push({ e, s, i });
  });
  scored.sort((a, b) => a.s - b.s || a.i - b.i);
  return scored.slice(0, limit).map((x) => strip(x.e));
}
