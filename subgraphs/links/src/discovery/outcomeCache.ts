import type { Cache } from '../../../../lib/cache/Cache.ts';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import type { DiscoveryConfig } from './config.ts';
import { cacheTtlSeconds, isFresh, pairKey } from './freshness.ts';
import type { DiscoveryState, PlatformOutcome } from './types.ts';

/** An outcome as stored in the shared cache (JSON: the date as ISO text). */
interface CachedOutcome {
  state: DiscoveryState;
  checkedAt: string;
  tracks: ProviderTrack[];
  error: string | null;
}

/**
 * Recent answers other requests (or processes) recorded for these (platform, ISRC) pairs, by
 * {@link pairKey}, in one cache round trip. Entries older than their TTL are ignored even if the
 * cache still holds them (the TTL may have been lowered since).
 */
export async function readCachedOutcomes(
  cache: Cache,
  pairs: readonly { platform: ProviderPlatform; isrc: string }[],
  config: DiscoveryConfig,
  now: Date,
): Promise<Map<string, PlatformOutcome>> {
  const found = new Map<string, PlatformOutcome>();
  if (pairs.length === 0) return found;
  const keys = pairs.map((pair) => pairKey(pair.platform, pair.isrc));
  const values = await cache.getMany<CachedOutcome>(keys);
  for (const [index, value] of values.entries()) {
    const pair = pairs[index]!;
    if (!value) continue;
    const checkedAt = new Date(value.checkedAt);
    if (Number.isNaN(checkedAt.getTime()) || !isFresh(value.state, checkedAt, config, now)) continue;
    found.set(keys[index]!, { platform: pair.platform, state: value.state, checkedAt, tracks: value.tracks, error: value.error });
  }
  return found;
}

/** Shares fresh answers through the cache: one setMany per TTL; PENDING and zero TTLs are not cached. */
export async function writeCachedOutcomes(
  cache: Cache,
  answers: readonly { isrc: string; outcome: PlatformOutcome }[],
  config: DiscoveryConfig,
): Promise<void> {
  const byTtl = new Map<number, [string, CachedOutcome][]>();
  for (const { isrc, outcome } of answers) {
    const ttl = cacheTtlSeconds(outcome.state, config);
    if (ttl <= 0) continue;
    const entry: CachedOutcome = { state: outcome.state, checkedAt: outcome.checkedAt.toISOString(), tracks: outcome.tracks, error: outcome.error };
    byTtl.set(ttl, [...(byTtl.get(ttl) ?? []), [pairKey(outcome.platform, isrc), entry]]);
  }
  await Promise.all([...byTtl].map(([ttl, entries]) => cache.setMany(entries, ttl)));
}
