/** Translation storage: the hash-keyed cache, per-paper translations for the reader, the job queue. */
import type { TranslationCache } from '../translate/queue';
import type { ArxivDb, FieldTranslation, PaperTextRow, TranslateJobRow } from './schema';

/** The translation cache in IndexedDB: reopening the popup or restarting the browser translates nothing again. */
export class IdbTranslationCache implements TranslationCache {
  constructor(private readonly db: ArxivDb) {}

  async get(keys: string[]): Promise<Map<string, string>> {
    const tx = this.db.transaction('translations');
    const rows = await Promise.all(keys.map((k) => tx.store.get(k)));
    const out = new Map<string, string>();
    rows.forEach((r, i) => r && out.set(keys[i]!, r.text));
    return out;
  }

  async put(entries: Array<[string, string]>): Promise<void> {
    const tx = this.db.transaction('translations', 'readwrite');
    const at = Date.now();
    for (const [key, text] of entries) void tx.store.put({ key, text, at }).catch(() => undefined);
    await tx.done;
  }
}

/** The stored translations of some papers in one language, by paper id. */
export async function paperTexts(db: ArxivDb, ids: readonly string[], lang: string): Promise<Map<string, PaperTextRow>> {
  const tx = db.transaction('paperText');
  const wanted = new Set(ids);
  // Many new-style ids: one key-range read (other languages and papers in the range are filtered out).
  const newStyle = ids.length > 64 ? ids.filter((id) => /^\d/.test(id)).sort() : [];
  const rest = newStyle.length ? ids.filter((id) => !/^\d/.test(id)) : ids;
  const [ranged, single] = await Promise.all([
    newStyle.length ? tx.store.getAll(IDBKeyRange.bound([newStyle[0]!, ''], [newStyle[newStyle.length - 1]!, '\uffff'])) : Promise.resolve([]),
    Promise.all(rest.map((id) => tx.store.get([id, lang]))),
  ]);
  const out = new Map<string, PaperTextRow>();
  for (const r of [...ranged, ...single]) if (r && r.lang === lang && wanted.has(r.id)) out.set(r.id, r);
  return out;
}

export type NewJob = Pick<TranslateJobRow, 'lang' | 'id' | 'field' | 'priority'>;

/** Adds jobs that are not queued yet; a queued job keeps its place unless the new one is more urgent. */
export async function enqueueJobs(db: ArxivDb, jobs: readonly NewJob[], now: number): Promise<number> {
  if (!jobs.length) return 0;
  const tx = db.transaction('translateJobs', 'readwrite');
  const existing = await Promise.all(jobs.map((j) => tx.store.get([j.lang, j.id, j.field])));
  let added = 0;
  jobs.forEach((j, i) => {
    const old = existing[i];
    if (old && old.priority <= j.priority && !old.notBefore) return;
    if (!old) added++;
    void tx.store.put({ ...j, enqueuedAt: old?.enqueuedAt ?? now, attempts: old?.attempts ?? 0 }).catch(() => undefined);
  });
  await tx.done;
  return added;
}

/** The next jobs to run, most urgent first, leaving out those waiting after a failure. */
export async function nextJobs(db: ArxivDb, limit: number, now: number): Promise<TranslateJobRow[]> {
  const out: TranslateJobRow[] = [];
  let cursor = await db.transaction('translateJobs').store.index('order').openCursor();
  while (cursor && out.length < limit) {
    if (!cursor.value.notBefore || cursor.value.notBefore <= now) out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

export async function countJobs(db: ArxivDb): Promise<number> {
  return db.count('translateJobs');
}

export interface JobResult {
  job: TranslateJobRow;
  /** The translation, or undefined when it failed. */
  translation?: FieldTranslation;
  error?: { kind: string; message: string };
  /** When a failed job may run again; undefined = give up on it (kept as failed in paperText). */
  retryAt?: number;
}

/** Writes a batch's results and removes finished jobs in one transaction (a killed worker redoes the batch). */
export async function completeJobs(db: ArxivDb, results: readonly JobResult[]): Promise<void> {
  const tx = db.transaction(['paperText', 'translateJobs'], 'readwrite');
  const texts = tx.objectStore('paperText');
  const jobs = tx.objectStore('translateJobs');
  const rows = new Map<string, PaperTextRow>();
  for (const r of results) {
    const givesUp = !r.translation && r.retryAt === undefined;
    if (!r.translation && !givesUp) continue;
    const key = `${r.job.id}\u0000${r.job.lang}`;
    let row = rows.get(key);
    if (!row) {
      row = (await texts.get([r.job.id, r.job.lang])) ?? { id: r.job.id, lang: r.job.lang };
      rows.set(key, row);
    }
    const { [r.job.field]: _old, ...otherErrors } = row.errors ?? {};
    if (r.translation) {
      row[r.job.field] = r.translation;
      row.errors = otherErrors;
    } else {
      row.errors = { ...otherErrors, [r.job.field]: r.error?.message ?? 'Translation failed' };
    }
  }
  for (const row of rows.values()) void texts.put(row).catch(() => undefined);
  for (const r of results) {
    const key: [string, string, string] = [r.job.lang, r.job.id, r.job.field];
    if (r.translation || r.retryAt === undefined) {
      void jobs.delete(key).catch(() => undefined);
    } else {
      void jobs.put({ ...r.job, attempts: r.job.attempts + 1, notBefore: r.retryAt, error: r.error }).catch(() => undefined);
    }
  }
  await tx.done;
}
