/** How {@link retryDelay} and the client wait between attempts. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 6 */
  maxAttempts?: number;
  /** Wait before the second attempt when the server says nothing; doubles each time. @default 500 */
  baseDelayMs?: number;
  /** Longest wait between two attempts, whatever `Retry-After` says. @default 300000 (5 minutes) */
  maxDelayMs?: number;
  /** Waits (tests pass a fake clock). @default {@link sleep} */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Statuses that mean "later": rate limited, or the gateway or a subgraph briefly unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** GraphQL error codes that mean the same in a 200 answer. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE']);

/**
 * Milliseconds from now that a `Retry-After` value asks to wait: delta seconds
 * or an HTTP date; null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1`: what the server asked for when it
 * said, else exponential backoff from `baseDelayMs` with up to 20% jitter (so
 * clients that failed together do not retry together), capped at `maxDelayMs`.
 */
export function retryDelay(attempt: number, serverMs: number | null, options: RetryOptions = {}): number {
  const { baseDelayMs = 500, maxDelayMs = 300_000 } = options;
  const wanted = serverMs ?? baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2);
  return Math.min(Math.max(0, Math.round(wanted)), maxDelayMs);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
