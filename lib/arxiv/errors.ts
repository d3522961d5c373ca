/** Why a feed or API answer could not be used. The message is written for the user. */
export type FeedErrorKind =
  | 'http' // non-2xx status
  | 'rate-limited' // 429 / 503 with Retry-After
  | 'error-feed' // arXiv's own error document (bad category, malformed id)
  | 'truncated' // body cut mid-stream: not well-formed XML
  | 'not-feed' // HTML or something else instead of a feed
  | 'timeout'
  | 'network';

export class FeedError extends Error {
  constructor(
    readonly kind: FeedErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'FeedError';
  }
}
