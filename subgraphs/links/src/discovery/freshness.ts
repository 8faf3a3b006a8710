import type { DiscoveryConfig } from './config.ts';
import type { DiscoveryState } from './types.ts';

/**
 * Whether an answer recorded at `checkedAt` still stands at `now`, so the platform is not asked again:
 * NOT_FOUND for `notFoundTtlSeconds`, ERROR for `errorTtlSeconds`, FOUND as long as it is remembered,
 * PENDING never (it means "ask again").
 */
export function isFresh(state: DiscoveryState, checkedAt: Date, config: DiscoveryConfig, now: Date): boolean {
  const ageMs = now.getTime() - checkedAt.getTime();
  if (state === 'FOUND') return true;
  if (state === 'NOT_FOUND') return ageMs < config.notFoundTtlSeconds * 1000;
  if (state === 'ERROR') return ageMs < config.errorTtlSeconds * 1000;
  return false;
}

/** How long the shared cache keeps an answer, in seconds (0: not cached). */
export function cacheTtlSeconds(state: DiscoveryState, config: DiscoveryConfig): number {
  if (state === 'FOUND' || state === 'NOT_FOUND') return config.notFoundTtlSeconds;
  if (state === 'ERROR') return config.errorTtlSeconds;
  return 0;
}

/** The key of one (platform, ISRC) pair in maps and in the shared cache (`discovery:<platform>:<isrc>`). */
export function pairKey(platform: string, isrc: string): string {
  return `discovery:${platform}:${isrc}`;
}

/** The ISRC of a {@link pairKey} (its last segment). */
export function isrcOfPairKey(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}
