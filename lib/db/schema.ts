import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { AnnounceType, Paper } from '../arxiv/types';

/** Which papers a feed announced on which listing day (one row per day and paper). */
export interface ListingRow {
  day: string;
  id: string;
  type: AnnounceType;
}

/** One stored listing day: when it was announced and what it held. */
export interface DayRow {
  day: string;
  /** The real announcement instant (ISO), e.g. Thu 20:00 ET for Friday's listing. */
  announcedAt: string;
  /** When we stored it (ISO). */
  fetchedAt: string;
  counts: Record<AnnounceType, number>;
}

/** What we know about one feed URL: validators for conditional requests and the last outcome. */
export interface FeedState {
  url: string;
  categories: string[];
  etag?: string;
  lastModified?: string;
  /** Channel date (ISO) of the last feed we stored or found unchanged. */
  channelDate?: string;
  /** Listing day of the last non-empty feed stored from this URL. */
  listingDay?: string;
  itemCount?: number;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  lastOutcome?: 'new' | 'unchanged' | 'empty' | 'error';
  error?: { kind: string; message: string; status?: number; at: string };
  /** When the next attempt may be made after an error (ISO). */
  retryAt?: string;
}

/** The user's marks on a paper, kept apart from the paper so that re-ingesting never touches them. */
export interface UserRow {
  id: string;
  seenAt?: number;
  readAt?: number;
  starredAt?: number;
}

/** A cached translation: keyed by a hash of (text, service, model, target language, prompt version). */
export interface TranslationRow {
  key: string;
  text: string;
  at: number;
}

/** The reader's view of a paper's translation in one language. */
export interface PaperTextRow {
  id: string;
  lang: string;
  title?: FieldTranslation;
  abstract?: FieldTranslation;
  /** Why a field could not be translated (the reader shows the English text and a retry button). */
  errors?: Partial<Record<'title' | 'abstract', string>>;
}

export interface FieldTranslation {
  text: string;
  /** Hash of the English source it translates: a new version's changed text makes it stale. */
  sourceHash: string;
  service: string;
  at: number;
}

/** One waiting translation (a field of a paper into a language); the queue survives worker restarts. */
export interface TranslateJobRow {
  lang: string;
  id: string;
  field: 'title' | 'abstract';
  /** Lower runs first: 0 on demand, 1 titles, 2 abstracts. */
  priority: number;
  enqueuedAt: number;
  attempts: number;
  /** Not before this time (ms) after a failure. */
  notBefore?: number;
  error?: { kind: string; message: string };
}

/** Who submitted a paper to Hugging Face's daily papers (or the organisation it is listed under). */
export interface HfAccount {
  /** Hub user or organisation name (`RKocielnik`, `MiniMaxAI`). */
  name: string;
  fullname?: string;
  /** Absolute https URL of the avatar. */
  avatarUrl?: string;
}

/**
 * What Hugging Face's daily papers say about a paper on one daily list. Optional fields are absent
 * when Hugging Face gave none. URLs are absolute http(s) URLs (anything else is dropped).
 */
export interface HfMeta {
  /** arXiv id without version, as in `papers`. */
  id: string;
  /** The daily list (`YYYY-MM-DD`, UTC) this entry is from. */
  date: string;
  /** 1-based position in Hugging Face's answer (its trending order); breaks ties between equal upvotes. */
  rank: number;
  upvotes: number;
  numComments?: number;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  /** Hugging Face's one-sentence AI summary (English). */
  aiSummary?: string;
  aiKeywords?: string[];
  thumbnail?: string;
  submittedBy?: HfAccount;
  organization?: HfAccount;
  /** Hugging Face's `publishedAt` for the paper (ISO). */
  publishedAt?: string;
  /** When it was put on the daily list (ISO). */
  submittedOnDailyAt?: string;
  mediaUrls?: string[];
  /** When we stored this entry (ISO). */
  fetchedAt: string;
}

/**
 * One stored entry of a daily list, keyed by arXiv id (a paper is on one daily list). `source` keeps
 * Hugging Face's own text so the entry can still be shown if the paper record was pruned.
 */
export interface HfPaperRow extends HfMeta {
  source: { title: string; abstract: string; authors: string[] };
}

/** One fetched daily list: when, how many entries (0 for an empty day) and the ETag for the next request. */
export interface HfDayRow {
  date: string;
  fetchedAt: string;
  count: number;
  etag?: string;
}

export interface ArxivDbSchema extends DBSchema {
  papers: { key: string; value: Paper; indexes: { announceDay: string; categories: string } };
  listings: { key: [string, string]; value: ListingRow; indexes: { day: string; id: string } };
  days: { key: string; value: DayRow };
  feeds: { key: string; value: FeedState };
  user: { key: string; value: UserRow; indexes: { starredAt: number } };
  meta: { key: string; value: unknown };
  translations: { key: string; value: TranslationRow };
  paperText: { key: [string, string]; value: PaperTextRow };
  translateJobs: { key: [string, string, string]; value: TranslateJobRow; indexes: { order: [number, number] } };
  hfPapers: { key: string; value: HfPaperRow; indexes: { date: string } };
  hfDays: { key: string; value: HfDayRow };
}

export type ArxivDb = IDBPDatabase<ArxivDbSchema>;
type UpgradeTx = IDBPTransaction<ArxivDbSchema, StoreNames<ArxivDbSchema>[], 'versionchange'>;

export const DB_NAME = 'arxiv-daily';

/**
 * One upgrade step per schema version, applied in order. Never edit a released step: add a new one,
 * and add the shape it reads to tests/unit/db-upgrade.test.ts so old databases keep opening with their data.
 */
export const MIGRATIONS: Array<(db: ArxivDb, tx: UpgradeTx) => void> = [
  // v1: papers, daily listings, feed states, user marks, key-value meta.
  (db) => {
    const papers = db.createObjectStore('papers', { keyPath: 'id' });
    papers.createIndex('announceDay', 'announceDay');
    papers.createIndex('categories', 'categories', { multiEntry: true });
    const listings = db.createObjectStore('listings', { keyPath: ['day', 'id'] });
    listings.createIndex('day', 'day');
    listings.createIndex('id', 'id');
    db.createObjectStore('days', { keyPath: 'day' });
    db.createObjectStore('feeds', { keyPath: 'url' });
    const user = db.createObjectStore('user', { keyPath: 'id' });
    user.createIndex('starredAt', 'starredAt');
    db.createObjectStore('meta');
  },
  // v2: translation cache, per-paper translations for the reader, the persistent translation queue.
  (db) => {
    db.createObjectStore('translations', { keyPath: 'key' });
    db.createObjectStore('paperText', { keyPath: ['id', 'lang'] });
    const jobs = db.createObjectStore('translateJobs', { keyPath: ['lang', 'id', 'field'] });
    jobs.createIndex('order', ['priority', 'enqueuedAt']);
  },
  // v3: Hugging Face daily papers (the paper itself lives in `papers`, shared with arXiv) and the fetched days.
  (db) => {
    db.createObjectStore('hfPapers', { keyPath: 'id' }).createIndex('date', 'date');
    db.createObjectStore('hfDays', { keyPath: 'date' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** Opens (creating or upgrading) the database. `version` below the latest exists for upgrade tests. */
export function openArxivDb(name = DB_NAME, version = DB_VERSION): Promise<ArxivDb> {
  return openDB<ArxivDbSchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]!(db, tx);
    },
    blocking() {
      // A newer version wants to open (extension updated while a page is open): let it.
      dbPromise = undefined;
    },
  });
}

let dbPromise: Promise<ArxivDb> | undefined;

/** The shared connection of this context (service worker, popup, options). */
export function getDb(): Promise<ArxivDb> {
  dbPromise ??= openArxivDb().then((db) => {
    db.addEventListener('versionchange', () => db.close());
    db.addEventListener('close', () => (dbPromise = undefined));
    return db;
  });
  return dbPromise;
}
