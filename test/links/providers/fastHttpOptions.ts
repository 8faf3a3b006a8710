import type { ProviderHttpOptions } from '../../../subgraphs/links/src/providers/providerHttpOptions.ts';

/** Limits that keep tests fast: short timeouts and backoff, no rate limiting unless a test sets one. */
export const FAST_HTTP: ProviderHttpOptions = {
  timeoutMs: 1000,
  maxRetries: 2,
  maxRetryWaitMs: 3000,
  retryBaseDelayMs: 20,
  concurrency: 8,
  requestsPerSecond: Number.POSITIVE_INFINITY,
};
