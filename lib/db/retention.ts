/**
 * Retention: listings older than the user's limit are pruned with their papers and translations,
 * except papers the user starred (kept with their translations) and papers still listed on a kept day.
 */
import { addDays } from '../arxiv/time';
import type { ArxivDb } from './schema';

export interface PruneResult {
  days: number;
  papers: number;
}

/** Prunes every listing day before `today - keepDays` (dates `YYYY-MM-DD`). */
export async function pruneOldListings(db: ArxivDb, today: string, keepDays: number): Promise<PruneResult> {
  const cutoff = addDays(today, -keepDays);
  const oldDays = (await db.getAllKeys('days', IDBKeyRange.upperBound(cutoff, true))) as string[];
  if (!oldDays.length) return { days: 0, papers: 0 };
  const tx = db.transaction(['days', 'listings', 'papers', 'user', 'paperText', 'translateJobs'], 'readwrite');
  const listings = tx.objectStore('listings');
  const candidates = new Set<string>();
  for (const day of oldDays) {
    for (const key of await listings.index('day').getAllKeys(day)) {
      candidates.add((key as [string, string])[1]);
      void listings.delete(key).catch(() => undefined);
    }
    void tx.objectStore('days').delete(day).catch(() => undefined);
  }
  let papers = 0;
  for (const id of candidates) {
    const [stillListed, user] = await Promise.all([listings.index('id').count(id), tx.objectStore('user').get(id)]);
    if (stillListed > 0 || user?.starredAt) continue;
    papers++;
    void tx.objectStore('papers').delete(id).catch(() => undefined);
    void tx.objectStore('user').delete(id).catch(() => undefined);
    void tx.objectStore('paperText').delete(IDBKeyRange.bound([id, ''], [id, '\uffff'])).catch(() => undefined);
  }
  await tx.done;
  return { days: oldDays.length, papers };
}

/** Drops cached translations not used for `keepDays` (the per-paper translations stay with their papers). */
export async function pruneTranslationCache(db: ArxivDb, now: number, keepDays: number): Promise<number> {
  const limit = now - keepDays * 86_400_000;
  const tx = db.transaction('translations', 'readwrite');
  let n = 0;
  for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
    if (c.value.at < limit) {
      void c.delete();
      n++;
    }
  }
  await tx.done;
  return n;
}
