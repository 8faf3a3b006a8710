/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date.
 * @returns the wait in milliseconds (never negative), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names its weekday or month; this keeps Date.parse from reading "-5" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Options for {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay before the first retry, before jitter, in milliseconds. */
  baseDelayMs: number;
  /** Largest delay ever returned, in milliseconds. */
  maxDelayMs: number;
  /** Source of randomness in [0, 1). @default Math.random */
  random?: () => number;
}

/**
 * Exponential backoff with jitter for retry number `retry` (0 for the first retry):
 * somewhere between half and all of `baseDelayMs * 2^retry`, capped at `maxDelayMs`.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  // Half fixed, half random: spreads out clients that failed together without ever retrying instantly.
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
