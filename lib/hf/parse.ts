/**
 * Hugging Face daily papers (`https://huggingface.co/api/daily_papers`): the answer is a JSON array of
 * entries; each has the paper under `paper` and some fields repeated (or only present) at the top level.
 * Optional keys are absent rather than null (null is read as absent all the same).
 *
 * Reading rules:
 * - every field is read from `paper.*` first, then from the top level (`paper.upvotes` ?? `upvotes`);
 * - the core fields are checked strictly: a missing id / title / upvotes, or a field of the wrong type
 *   (`upvotes: "5"`, `authors: {}`), means the API changed — `HfError('changed')` naming the field,
 *   and the caller keeps the last good list;
 * - an entry whose id is not an arXiv id is left out (the product is keyed by arXiv id);
 * - optional extras of the wrong type (a numeric `projectPage`) are dropped, never fatal; URLs that are
 *   not absolute http(s) are dropped too (they become links in the reader).
 */
import { paperLinks, parseArxivId } from '../arxiv/ids';
import type { Paper } from '../arxiv/types';
import type { HfAccount, HfMeta } from '../db/schema';
import { HfError } from './errors';

export const HF_ORIGIN = 'https://huggingface.co';

/** One entry of a daily list. */
export interface HfItem {
  /** The paper as a `papers` record: arXiv links, categories unknown (`[]`), version 1 unless the id names one. */
  paper: Paper;
  /** Hugging Face's data about it (the list date and fetch time are added when it is stored). */
  meta: Omit<HfMeta, 'date' | 'fetchedAt'>;
  /** The daily list the entry says it is on (`submittedOnDailyAt`, as a UTC date). */
  dailyDate?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function changed(where: string, what: string): HfError {
  return new HfError('changed', `Hugging Face's daily papers have changed format: ${where} ${what}`);
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function httpUrl(v: unknown, base?: string): string | undefined {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  try {
    const u = new URL(v.trim(), base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
}

function iso(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function account(v: unknown, nameKeys: readonly string[], avatarKeys: readonly string[]): HfAccount | undefined {
  if (!isObj(v)) return undefined;
  const name = nameKeys.map((k) => v[k]).find((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (!name) return undefined;
  const out: HfAccount = { name: name.trim() };
  if (typeof v.fullname === 'string' && v.fullname.trim()) out.fullname = collapse(v.fullname);
  const avatar = avatarKeys.map((k) => httpUrl(v[k], HF_ORIGIN)).find(Boolean);
  if (avatar) out.avatarUrl = avatar;
  return out;
}

/**
 * Reads a daily-papers answer (the parsed JSON, or its text) into entries in Hugging Face's order.
 * An empty array is a normal answer (weekends, quiet days) and gives `[]`.
 */
export function parseDailyPapers(json: unknown): HfItem[] {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch {
      const start = json.trimStart().slice(0, 1);
      throw new HfError(
        'not-json',
        start === '<'
          ? 'Hugging Face answered with a web page instead of the daily papers list'
          : 'Hugging Face sent an unreadable answer (not JSON, or cut short)',
      );
    }
  }
  if (!Array.isArray(data)) throw changed('the answer is', `${describe(data)}, not a list of papers`);
  const out: HfItem[] = [];
  const seen = new Set<string>();
  data.forEach((entry, i) => {
    const item = readEntry(entry, i);
    if (item && !seen.has(item.paper.id)) {
      seen.add(item.paper.id);
      out.push(item);
    }
  });
  if (data.length > 0 && out.length === 0) throw changed('no entry has', 'an arXiv id');
  out.forEach((item, i) => (item.meta.rank = i + 1));
  return out;
}

function readEntry(entry: unknown, i: number): HfItem | undefined {
  const where = `entry ${i + 1}`;
  if (!isObj(entry)) throw changed(where, `is ${describe(entry)}, not an object`);
  if (entry.paper !== undefined && entry.paper !== null && !isObj(entry.paper)) throw changed(`${where}: paper`, `is ${describe(entry.paper)}`);
  const paper: Obj = isObj(entry.paper) ? entry.paper : {};
  /** `paper.<key>` if present, else the top-level `<key>`; with the path it came from. */
  const field = (key: string): { value: unknown; path: string } => {
    const p = paper[key];
    if (p !== undefined && p !== null) return { value: p, path: `paper.${key}` };
    const t = entry[key];
    return { value: t === null ? undefined : t, path: key };
  };
  const need = <T>(key: string, type: string, ok: (v: unknown) => v is T, required: boolean): T | undefined => {
    const { value, path } = field(key);
    if (value === undefined) {
      if (required) throw changed(where, `has no ${key}`);
      return undefined;
    }
    if (!ok(value)) throw changed(`${where}: ${path}`, `is ${describe(value)}, expected ${type}`);
    return value;
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

  const rawId = need('id', 'a string', isString, true)!;
  const parsed = parseArxivId(rawId);
  if (!parsed) return undefined; // not an arXiv paper: nothing to key it by
  const title = collapse(need('title', 'a string', isString, true)!);
  if (!title) throw changed(where, 'has an empty title');
  const abstract = collapse(need('summary', 'a string', isString, false) ?? '');
  const upvotes = need('upvotes', 'a number', isNumber, true)!;
  const authorsRaw = need('authors', 'a list', Array.isArray, false) ?? [];
  const authors = (authorsRaw as unknown[])
    .map((a) => (typeof a === 'string' ? a : isObj(a) && typeof a.name === 'string' ? a.name : ''))
    .map(collapse)
    .filter(Boolean);

  const meta: HfItem['meta'] = { id: parsed.id, rank: 0, upvotes: Math.max(0, Math.round(upvotes)) };
  const numComments = count(field('numComments').value);
  if (numComments !== undefined) meta.numComments = numComments;
  const githubRepo = httpUrl(field('githubRepo').value);
  if (githubRepo) meta.githubRepo = githubRepo;
  const githubStars = count(field('githubStars').value);
  if (githubStars !== undefined) meta.githubStars = githubStars;
  const projectPage = httpUrl(field('projectPage').value);
  if (projectPage) meta.projectPage = projectPage;
  const aiSummary = field('ai_summary').value;
  if (typeof aiSummary === 'string' && collapse(aiSummary)) meta.aiSummary = collapse(aiSummary);
  const aiKeywords = field('ai_keywords').value;
  if (Array.isArray(aiKeywords)) {
    const kws = aiKeywords.filter((k): k is string => typeof k === 'string').map(collapse).filter(Boolean);
    if (kws.length) meta.aiKeywords = kws;
  }
  const thumbnail = httpUrl(field('thumbnail').value, HF_ORIGIN);
  if (thumbnail) meta.thumbnail = thumbnail;
  const by =
    account(entry.submittedBy, ['name', 'user'], ['avatarUrl']) ?? account(paper.submittedOnDailyBy, ['name', 'user'], ['avatarUrl']);
  if (by) meta.submittedBy = by;
  const org = account(field('organization').value, ['name'], ['avatar', 'avatarUrl']);
  if (org) meta.organization = org;
  const publishedAt = iso(field('publishedAt').value);
  if (publishedAt) meta.publishedAt = publishedAt;
  const submittedOnDailyAt = iso(field('submittedOnDailyAt').value);
  if (submittedOnDailyAt) meta.submittedOnDailyAt = submittedOnDailyAt;
  const media = field('mediaUrls').value;
  if (Array.isArray(media)) {
    const urls = media.map((m) => httpUrl(m)).filter((u): u is string => !!u);
    if (urls.length) meta.mediaUrls = urls;
  }

  const item: HfItem = {
    paper: {
      id: parsed.id,
      version: parsed.version ?? 1,
      title,
      abstract,
      authors,
      categories: [],
      links: paperLinks(parsed.id),
    },
    meta,
  };
  if (submittedOnDailyAt) item.dailyDate = submittedOnDailyAt.slice(0, 10);
  return item;
}

/** The paper's page on Hugging Face. */
export function hfPaperUrl(id: string): string {
  return `${HF_ORIGIN}/papers/${id}`;
}
