/** The one fetch wrapper every HTTP service goes through: network and status errors → TranslateError. */
import { TranslateError, httpError, isAbortError } from './types';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function defaultFetch(): FetchLike {
  return (input, init) => globalThis.fetch(input, init);
}

/** Re-throws what an aborted signal carries (our timeout is a TranslateError reason). */
function abortReason(signal: AbortSignal | undefined, fallback: unknown): unknown {
  if (signal?.aborted) return signal.reason ?? fallback;
  return fallback;
}

/** Sends a request; throws `TranslateError` for network failures and non-2xx statuses. */
export async function send(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  serviceName: string,
  opts: { httpError?: (res: Response) => Promise<TranslateError> } = {},
): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortReason(signal, new DOMException('Aborted', 'AbortError'));
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch (e) {
    if (isAbortError(e) || signal?.aborted) throw abortReason(signal, e);
    throw new TranslateError('offline', { params: { service: serviceName, detail: String(e) }, cause: e });
  }
  if (!res.ok) throw await (opts.httpError ? opts.httpError(res) : httpError(res, serviceName));
  return res;
}

/** Reads a JSON body; unreadable → `bad-response`. */
export async function readJson(res: Response, serviceName: string, signal?: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    if (isAbortError(e) || signal?.aborted) throw abortReason(signal, e);
    throw new TranslateError('offline', { params: { service: serviceName }, cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TranslateError('bad-response', { params: { service: serviceName, detail: text.slice(0, 200) }, cause: e });
  }
}

export function badResponse(serviceName: string, detail: string): TranslateError {
  return new TranslateError('bad-response', { params: { service: serviceName, detail } });
}

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
