import { intFromEnv } from '../../../../lib/config.ts';

/** How long discovery trusts what a platform said, and how long it waits for an answer. */
export interface DiscoveryConfig {
  /**
   * Seconds a NOT_FOUND answer is trusted before the platform is asked again (`DISCOVERY_NOT_FOUND_TTL_SECONDS`).
   * 0 asks again every time.
   * @default 604800 (7 days)
   */
  notFoundTtlSeconds: number;
  /**
   * Seconds a failed lookup (ERROR) is remembered before it is retried (`DISCOVERY_ERROR_TTL_SECONDS`).
   * 0 retries every time.
   * @default 300
   */
  errorTtlSeconds: number;
  /**
   * Milliseconds one discover() call waits for all platforms together (`DISCOVERY_TIMEOUT_MS`);
   * a platform still busy then is reported PENDING.
   * @default 4000
   */
  timeoutMs: number;
}

/** The defaults of {@link DiscoveryConfig}. */
export const DEFAULT_DISCOVERY_CONFIG: Readonly<DiscoveryConfig> = {
  notFoundTtlSeconds: 7 * 24 * 60 * 60,
  errorTtlSeconds: 300,
  timeoutMs: 4000,
};

/**
 * Reads the discovery settings from `env` (see README.md in this folder).
 * A value that is not a whole number, or is negative (a zero timeout too), throws a TypeError naming it.
 */
export function loadDiscoveryConfig(env: NodeJS.ProcessEnv = process.env): DiscoveryConfig {
  const config = {
    notFoundTtlSeconds: intFromEnv(env, 'DISCOVERY_NOT_FOUND_TTL_SECONDS', DEFAULT_DISCOVERY_CONFIG.notFoundTtlSeconds),
    errorTtlSeconds: intFromEnv(env, 'DISCOVERY_ERROR_TTL_SECONDS', DEFAULT_DISCOVERY_CONFIG.errorTtlSeconds),
    timeoutMs: intFromEnv(env, 'DISCOVERY_TIMEOUT_MS', DEFAULT_DISCOVERY_CONFIG.timeoutMs),
  };
  if (config.notFoundTtlSeconds < 0) throw new TypeError(`DISCOVERY_NOT_FOUND_TTL_SECONDS must be ≥ 0, got ${config.notFoundTtlSeconds}`);
  if (config.errorTtlSeconds < 0) throw new TypeError(`DISCOVERY_ERROR_TTL_SECONDS must be ≥ 0, got ${config.errorTtlSeconds}`);
  if (config.timeoutMs <= 0) throw new TypeError(`DISCOVERY_TIMEOUT_MS must be > 0, got ${config.timeoutMs}`);
  return config;
}
