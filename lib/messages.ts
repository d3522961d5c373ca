/**
 * The one message protocol between the extension's contexts. Pages read the database directly for
 * speed; everything that writes user state, touches the network or changes the badge asks the
 * background, which is the single writer.
 */
import type { HfDayRow, HfFetchState, TrendingItem } from './db/hf';
import type { FeedState } from './db/schema';
import type { HfFetchReport } from './hf/sync';
import type { Secrets, TranslationSettings } from './settings';
import type { SyncReport } from './sync/sync';

/** The translation pipeline's state, for the popup and the options page. */
export interface TranslationStatus {
  /** Jobs (title or abstract of a paper) waiting. */
  pending: number;
  running: boolean;
  /** The service that answered last (`microsoft` under Automatic, say). */
  lastService?: string;
  /** Why services were skipped or failed last time, in words. */
  lastErrors: Array<{ service: string; message: string; kind: string; at: string }>;
  /** The pipeline is stopped until the user acts (wrong key, quota). */
  halted?: { service: string; message: string };
}

export type TranslateField = 'title' | 'abstract';

export interface Status {
  syncing: boolean;
  lastSync?: SyncReport;
  /** When the background will next look for a listing (ISO). */
  nextPollAt?: string;
  nextPollReason?: string;
  feeds: FeedState[];
  badge: string;
  translation: TranslationStatus;
}

/** Hugging Face's daily papers as stored, for the reader's Trending tab. */
export interface TrendingReply {
  /** The daily list answered for (`YYYY-MM-DD`, UTC); absent when none is stored. */
  date?: string;
  /** Most upvoted first. */
  items: TrendingItem[];
  /** Stored daily lists with papers, newest first (for day navigation). */
  days: HfDayRow[];
  /** How the last fetch went (errors in words; the stored list is kept) and the next planned fetch. */
  state: HfFetchState;
  /** A fetch is under way. */
  fetching: boolean;
}

export interface Protocol {
  /** Fetch now (or join the sync under way) and answer with its report. */
  'sync-now': { request: Record<string, never>; response: SyncReport };
  'get-status': { request: Record<string, never>; response: Status };
  /** The user has seen these papers (the popup showed them): the badge counts them no more. */
  'mark-seen': { request: { ids: string[] }; response: { badge: string } };
  'set-starred': { request: { id: string; starred: boolean }; response: null };
  'set-read': { request: { id: string; read: boolean }; response: { badge: string } };
  /** Translate these papers' fields now (on demand, or a retry), ahead of the background queue; answers when done. */
  'translate-papers': { request: { ids: string[]; fields: TranslateField[] }; response: { translated: number; failed: number } };
  /** The stored trending list of a day (default: the newest with papers) and the fetch state. */
  trending: { request: { date?: string }; response: TrendingReply };
  /** Fetch Hugging Face's list of a day now (default: the day due; joins a fetch under way) and answer how it went. */
  'trending-refresh': { request: { date?: string }; response: HfFetchReport };
  /**
   * Options page "Test" button: translate a sample sentence with the given (possibly unsaved) settings
   * and keys. Answers with the translation or the error in words; never throws for service errors.
   */
  'translate-test': {
    request: { translation: TranslationSettings; secrets: Secrets; sample: string };
    response: { ok: true; text: string; service: string; ms: number } | { ok: false; error: string; kind: string };
  };
}

export type MessageType = keyof Protocol;
export type Message = { [K in MessageType]: { type: K } & Protocol[K]['request'] }[MessageType];
export type Reply<K extends MessageType> = Protocol[K]['response'];

/** Replies travel as `{ ok, value }` / `{ ok: false, error }` so that a failure arrives as a message, not a hang. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

export function isMessage(m: unknown): m is Message {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  const r = m as Record<string, unknown>;
  switch (t) {
    case 'sync-now':
    case 'get-status':
      return true;
    case 'mark-seen':
      return Array.isArray(r.ids) && r.ids.every((x) => typeof x === 'string');
    case 'set-starred':
      return typeof r.id === 'string' && typeof r.starred === 'boolean';
    case 'set-read':
      return typeof r.id === 'string' && typeof r.read === 'boolean';
    case 'translate-papers':
      return (
        Array.isArray(r.ids) &&
        r.ids.every((x) => typeof x === 'string') &&
        Array.isArray(r.fields) &&
        r.fields.every((f) => f === 'title' || f === 'abstract')
      );
    case 'trending':
    case 'trending-refresh':
      return r.date === undefined || (typeof r.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.date));
    case 'translate-test':
      return !!r.translation && typeof r.translation === 'object' && !!r.secrets && typeof r.secrets === 'object' && typeof r.sample === 'string';
    default:
      return false;
  }
}

/** Sends a typed message through `send` (browser.runtime.sendMessage) and unwraps the envelope. */
export async function request<K extends MessageType>(
  send: (m: unknown) => Promise<unknown>,
  type: K,
  body: Protocol[K]['request'] = {} as Protocol[K]['request'],
): Promise<Reply<K>> {
  const env = (await send({ type, ...body })) as Envelope<Reply<K>> | undefined;
  if (!env) throw new Error('The background did not answer');
  if (!env.ok) throw new Error(env.error);
  return env.value;
}
