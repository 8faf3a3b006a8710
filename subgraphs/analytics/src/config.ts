import { intFromEnv } from '../../../lib/config.ts';

/** Settings of the analytics subgraph, read from the environment. */
export interface AnalyticsConfig {
  /** How long a loaded stream series stays in the shared cache (`ANALYTICS_CACHE_TTL_SECONDS`). @default 300 */
  cacheTtlSeconds: number;
}

/** Reads {@link AnalyticsConfig}; a TypeError names a variable that is not a positive integer. */
export function analyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const cacheTtlSeconds = intFromEnv(env, 'ANALYTICS_CACHE_TTL_SECONDS', 300);
  // Redis rejects a TTL of 0 or less, which would silently turn every write into a drop.
  if (cacheTtlSeconds < 1) throw new TypeError(`ANALYTICS_CACHE_TTL_SECONDS must be at least 1, got ${cacheTtlSeconds}`);
  return { cacheTtlSeconds };
}
