/**
 * The background translation pipeline: after a sync the day's titles (and the abstracts the user
 * asked for) become jobs in IndexedDB; jobs run in batches through the chosen service's queue and
 * cache, and each batch's results are written with its jobs removed in one transaction, so a stopped
 * service worker resumes where it was. An auth or quota error stops the pipeline politely.
 */
import type { ArxivDb, PaperTextRow } from '../db/schema';
import { completeJobs, enqueueJobs, nextJobs, paperTexts, type JobResult, type NewJob } from '../db/translations';
import type { ListingView } from '../listing';
import type { TranslateScope } from '../settings';
import { textHash } from '../text/hash';
import type { BuiltService } from './factory';
import { translateTexts, type TranslationCache, type TranslationQueue } from './queue';
import { TranslateError } from './types';

export const PRIORITY = { onDemand: 0, title: 1, abstract: 2 } as const;
const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 60_000;

/** Is this stored field a translation of the paper's current text? */
export function isCurrent(row: PaperTextRow | undefined, field: 'title' | 'abstract', source: string): boolean {
  return row?.[field]?.sourceHash === textHash(source);
}

/** The jobs a listing needs: every title, and the abstracts the scope asks for, minus what is translated. */
export function jobsForListing(
  view: ListingView,
  scope: TranslateScope,
  lang: string,
  translated: ReadonlyMap<string, PaperTextRow>,
): NewJob[] {
  const jobs: NewJob[] = [];
  for (const { paper } of view.all) {
    if (!isCurrent(translated.get(paper.id), 'title', paper.title)) jobs.push({ lang, id: paper.id, field: 'title', priority: PRIORITY.title });
  }
  const abstracts = scope === 'all' ? view.all : scope === 'matched' ? view.relevant : [];
  for (const { paper } of abstracts) {
    if (!isCurrent(translated.get(paper.id), 'abstract', paper.abstract)) {
      jobs.push({ lang, id: paper.id, field: 'abstract', priority: PRIORITY.abstract });
    }
  }
  return jobs;
}

export async function enqueueListing(db: ArxivDb, view: ListingView, scope: TranslateScope, lang: string, now: number): Promise<number> {
  const translated = await paperTexts(db, view.all.map((i) => i.paper.id), lang);
  return enqueueJobs(db, jobsForListing(view, scope, lang, translated), now);
}

export interface PipelineDeps {
  db: ArxivDb;
  built: BuiltService;
  lang: string;
  cache: TranslationCache;
  queue?: TranslationQueue;
  now: () => number;
}

export interface PipelineResult {
  translated: number;
  failed: number;
  /** Set when the service said stop (wrong key, quota): the remaining jobs wait for the user. */
  halted?: TranslateError;
  /** The service that answered (under Automatic, the member that did). */
  lastService?: string;
  errors: TranslateError[];
}

function serviceName(built: BuiltService): string {
  const s = built.service as { lastUsed?: string };
  return s.lastUsed ?? built.service.id;
}

/** Runs queued jobs until none is due (or the service halts). */
export async function runJobs(deps: PipelineDeps, opts: { batchSize?: number; maxBatches?: number } = {}): Promise<PipelineResult> {
  const { db, built, lang } = deps;
  const result: PipelineResult = { translated: 0, failed: 0, errors: [] };
  const batchSize = opts.batchSize ?? 24;
  for (let batch = 0; batch < (opts.maxBatches ?? Infinity); batch++) {
    const jobs = (await nextJobs(db, batchSize, deps.now())).filter((j) => j.lang === lang);
    if (!jobs.length) break;
    const tx = db.transaction('papers');
    const papers = await Promise.all(jobs.map((j) => tx.store.get(j.id)));
    const runnable = jobs.map((job, i) => ({ job, source: papers[i]?.[job.field] }));
    const texts = runnable.filter((r) => r.source !== undefined).map((r) => r.source!);
    const answers = await translateTexts(texts, { service: built.service, to: lang, cache: deps.cache, queue: deps.queue, keepTerms: built.keepTerms });
    const now = deps.now();
    const service = serviceName(built);
    const results: JobResult[] = [];
    let k = 0;
    for (const { job, source } of runnable) {
      if (source === undefined) {
        results.push({ job }); // the paper is gone (pruned): drop the job
        continue;
      }
      const a = answers[k++]!;
      if (!a.failed) {
        results.push({ job, translation: { text: a.text, sourceHash: textHash(source), service: a.cached ? built.service.name : service, at: now } });
        result.translated++;
        continue;
      }
      result.failed++;
      const error = { kind: a.error?.kind ?? 'bad-response', message: a.reason ?? a.error?.message ?? 'Translation failed' };
      if (a.error) result.errors.push(a.error);
      if (a.error?.stopsService) {
        result.halted = a.error;
        results.push({ job, error, retryAt: now + 3600_000 });
      } else if (a.error?.retryable && job.attempts + 1 < MAX_ATTEMPTS) {
        const wait = Math.max(a.error.retryAfterMs ?? 0, RETRY_BASE_MS * 2 ** job.attempts);
        results.push({ job, error, retryAt: now + wait });
      } else {
        // Placeholders that never survived, or too many attempts: show the English text with a retry button.
        results.push({ job, error });
      }
    }
    await completeJobs(db, results);
    result.lastService = service;
    if (result.halted) break;
  }
  return result;
}
