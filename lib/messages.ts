/**
 * The one message protocol between the extension's contexts. Pages read the database directly for
 * speed; everything that writes user state, touches the network or changes the badge asks the
 * background, which is the single writer.
 */
import type { FeedState } from './db/schema';
import type { SyncReport } from './sync/sync';

export interface Status {
  syncing: boolean;
  lastSync?: SyncReport;
  /** When the background will next look for a listing (ISO). */
  nextPollAt?: string;
  nextPollReason?: string;
  feeds: FeedState[];
  badge: string;
}

export interface Protocol {
  /** Fetch now (or join the sync under way) and answer with its report. */
  'sync-now': { request: Record<string, never>; response: SyncReport };
  'get-status': { request: Record<string, never>; response: Status };
  /** The user has seen these papers (the popup showed them): the badge counts them no more. */
  'mark-seen': { request: { ids: string[] }; response: { badge: string } };
  'set-starred': { request: { id: string; starred: boolean }; response: null };
  'set-read': { request: { id: string; read: boolean }; response: { badge: string } };
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
