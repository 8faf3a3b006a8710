import type { HttpService } from './types.ts';

/** What went wrong when talking to a platform. */
export type ProviderErrorCode =
  | 'HTTP_ERROR'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'UNAUTHORIZED'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'MALFORMED_RESPONSE'
  | 'ABORTED'
  | 'DISABLED';

/** Options for {@link ProviderError}. */
export interface ProviderErrorOptions {
  /** The platform that failed. */
  platform: HttpService;
  /** What went wrong. */
  code: ProviderErrorCode;
  /** HTTP status of the failed response, or null when there was no response. @default null */
  status?: number | null;
  /** Whether trying again later may succeed. @default false */
  retryable?: boolean;
  /** Whether the platform said we are sending too many requests. @default false */
  rateLimited?: boolean;
  /** How long the platform asked us to wait (from `Retry-After`), in milliseconds. @default null */
  retryAfterMs?: number | null;
  /** How many attempts were made before giving up. @default 1 */
  attempts?: number;
  /** The underlying error, if any. */
  cause?: unknown;
}

/** A platform request that failed, after any retries. */
export class ProviderError extends Error {
  /** The platform that failed. */
  readonly platform: HttpService;
  /** What went wrong. */
  readonly code: ProviderErrorCode;
  /** HTTP status of the failed response, or null when there was none. */
  readonly status: number | null;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  /** Whether the platform said we are sending too many requests. */
  readonly rateLimited: boolean;
  /** How long the platform asked us to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | null;
  /** How many attempts were made before giving up. */
  readonly attempts: number;

  constructor(message: string, options: ProviderErrorOptions) {
    super(`${options.platform}: ${message}`, { cause: options.cause });
    this.name = 'ProviderError';
    this.platform = options.platform;
    this.code = options.code;
    this.status = options.status ?? null;
    this.retryable = options.retryable ?? false;
    this.rateLimited = options.rateLimited ?? false;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.attempts = options.attempts ?? 1;
  }

  /** A copy of this error that records how many attempts were made. */
  withAttempts(attempts: number): ProviderError {
    const message = this.message.slice(this.platform.length + 2);
    return new ProviderError(`${message} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
      platform: this.platform,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      rateLimited: this.rateLimited,
      retryAfterMs: this.retryAfterMs,
      attempts,
      cause: this.cause,
    });
  }
}
