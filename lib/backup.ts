/**
 * Export and import of settings and starred papers as JSON. Keys are never exported. Imports are
 * validated field by field: a damaged or hostile file changes nothing it cannot read.
 */
import type { Paper } from './arxiv/types';
import { paperLinks, parseArxivId } from './arxiv/ids';
import type { ArxivDb } from './db/schema';
import { starredPapers } from './db/queries';
import { migrateSettings, type Settings } from './settings';

export const EXPORT_FORMAT = 'arxiv-daily-export';

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  settings: Settings;
  starred: Array<{ paper: Paper; starredAt: number; readAt?: number }>;
}

export async function exportData(db: ArxivDb, settings: Settings, now = Date.now()): Promise<ExportFile> {
  const starred = await starredPapers(db);
  return {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date(now).toISOString(),
    settings,
    starred: starred.map((s) => ({ paper: s.paper, starredAt: s.user!.starredAt!, ...(s.user?.readAt ? { readAt: s.user.readAt } : {}) })),
  };
}

function strs(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
}

/** A paper from an import file, or undefined when it is not one. Text stays text; links are rebuilt from the id. */
function readPaper(v: unknown): Paper | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const p = v as Record<string, unknown>;
  const id = typeof p.id === 'string' ? parseArxivId(p.id) : null;
  if (!id || typeof p.title !== 'string' || typeof p.abstract !== 'string') return undefined;
  const authors = strs(p.authors) ?? [];
  const categories = strs(p.categories) ?? [];
  const opt = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  return {
    id: id.id,
    version: typeof p.version === 'number' && p.version >= 1 ? Math.floor(p.version) : (id.version ?? 1),
    title: p.title.slice(0, 2000),
    abstract: p.abstract.slice(0, 100_000),
    authors: authors.slice(0, 5000),
    categories,
    ...(opt('doi') ? { doi: opt('doi') } : {}),
    ...(opt('journalRef') ? { journalRef: opt('journalRef') } : {}),
    ...(opt('announceDay') && /^\d{4}-\d{2}-\d{2}$/.test(opt('announceDay')!) ? { announceDay: opt('announceDay') } : {}),
    // Links are derived from the id, never taken from the file (no javascript: links can come in).
    links: paperLinks(id.id),
  };
}

export interface ImportPlan {
  settings?: Settings;
  starred: Array<{ paper: Paper; starredAt: number; readAt?: number }>;
  skipped: number;
}

/** Reads an export file; throws an Error with a message for the user when it is not one. */
export function parseImport(text: string): ImportPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON.');
  }
  const d = data as Record<string, unknown> | null;
  if (!d || d.format !== EXPORT_FORMAT) throw new Error('This file is not an arXiv Daily export.');
  const starred: ImportPlan['starred'] = [];
  let skipped = 0;
  for (const s of Array.isArray(d.starred) ? d.starred : []) {
    const paper = readPaper((s as Record<string, unknown>)?.paper);
    const at = (s as Record<string, unknown>)?.starredAt;
    if (!paper) {
      skipped++;
      continue;
    }
    const readAt = (s as Record<string, unknown>).readAt;
    starred.push({ paper, starredAt: typeof at === 'number' ? at : Date.now(), ...(typeof readAt === 'number' ? { readAt } : {}) });
  }
  return { settings: d.settings ? migrateSettings(d.settings) : undefined, starred, skipped };
}

/** Stores imported stars: papers we do not have are added, our own copies are kept, marks are merged. */
export async function importStarred(db: ArxivDb, starred: ImportPlan['starred']): Promise<number> {
  const tx = db.transaction(['papers', 'user'], 'readwrite');
  const papers = tx.objectStore('papers');
  const users = tx.objectStore('user');
  for (const s of starred) {
    if (!(await papers.get(s.paper.id))) void papers.put(s.paper).catch(() => undefined);
    const u = (await users.get(s.paper.id)) ?? { id: s.paper.id };
    void users.put({ ...u, starredAt: u.starredAt ?? s.starredAt, ...(s.readAt && !u.readAt ? { readAt: s.readAt } : {}) }).catch(() => undefined);
  }
  await tx.done;
  return starred.length;
}
