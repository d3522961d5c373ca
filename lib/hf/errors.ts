/** Why a Hugging Face daily-papers answer could not be used. The message is written for the user. */
export type HfErrorKind =
  | 'http' // non-2xx status
  | 'rate-limited' // 429 / 503 (with or without Retry-After)
  | 'not-json' // HTML, a truncated body or something else instead of JSON
  | 'changed' // JSON, but not the shape we know: the API changed
  | 'timeout'
  | 'network';

export class HfError extends Error {
  constructor(
    readonly kind: HfErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'HfError';
  }
}
