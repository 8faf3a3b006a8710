/** Limits for one platform's requests. */
export interface ProviderHttpOptions {
  /** Time allowed for one attempt (response and body), in milliseconds. @default 5000 */
  timeoutMs: number;
  /** Retries after the first attempt, for 429, 502/503/504, timeouts and network errors. @default 3 */
  maxRetries: number;
  /** Longest wait before one retry; a longer `Retry-After` makes the request fail at once. @default 30000 */
  maxRetryWaitMs: number;
  /** Delay before the first retry when the platform gave no `Retry-After`, before jitter. @default 500 */
  retryBaseDelayMs: number;
  /** Requests to the platform in flight at once. @default 4 */
  concurrency: number;
  /** Requests started per second (fractions allowed: 0.5 is one every two seconds). @default 10 */
  requestsPerSecond: number;
}

/** Defaults for {@link ProviderHttpOptions}; each platform overrides concurrency and rate. */
export const DEFAULT_HTTP_OPTIONS: ProviderHttpOptions = {
  timeoutMs: 5000,
  maxRetries: 3,
  maxRetryWaitMs: 30_000,
  retryBaseDelayMs: 500,
  concurrency: 4,
  requestsPerSecond: 10,
};

/** p-queue's `intervalCap`/`interval` for a rate in requests per second (fractions allowed). */
export function rateWindow(requestsPerSecond: number): { intervalCap?: number; interval?: number } {
  if (!Number.isFinite(requestsPerSecond)) return {};
  if (requestsPerSecond >= 1) return { intervalCap: Math.round(requestsPerSecond), interval: 1000 };
  return { intervalCap: 1, interval: Math.round(1000 / requestsPerSecond) };
}

/** Concurrency and request rate for one platform. */
export interface PlatformLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests started per second. */
  requestsPerSecond: number;
}

/**
 * Default limits per platform, from each platform's published limits where it has one:
 * Deezer 50 requests / 5 s, MusicBrainz 1 request / s per IP, Discogs 60 authenticated requests / min.
 * Spotify (rolling 30 s window), Apple Music, TIDAL and Beatport publish no number; these stay modest.
 */
export const DEFAULT_PLATFORM_LIMITS = {
  SPOTIFY: { concurrency: 4, requestsPerSecond: 10 },
  APPLE_MUSIC: { concurrency: 4, requestsPerSecond: 10 },
  DEEZER: { concurrency: 5, requestsPerSecond: 10 },
  TIDAL: { concurrency: 4, requestsPerSecond: 5 },
  MUSICBRAINZ: { concurrency: 1, requestsPerSecond: 1 },
  BEATPORT: { concurrency: 2, requestsPerSecond: 5 },
  DISCOGS: { concurrency: 1, requestsPerSecond: 1 },
} as const satisfies Record<string, PlatformLimits>;
