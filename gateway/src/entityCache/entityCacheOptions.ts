import { intFromEnv } from '../../../lib/config.ts';

/** The entity cache's settings, read from the environment by {@link entityCacheOptions}. */
export interface EntityCacheOptions {
  /** Longest any entry is kept, whatever the subgraph's hint says (`ENTITY_CACHE_MAX_TTL`, seconds). @default 86400 */
  maxTtlSeconds: number;
  /** Entries kept in this process's LRU (`ENTITY_CACHE_MAX_ENTRIES`). @default 50000 */
  maxEntries: number;
}

/** Why the cache is off, for the start-up log; undefined when it is on. */
export type EntityCacheSetting = { enabled: true; options: EntityCacheOptions } | { enabled: false; reason: string };

/**
 * Reads `ENTITY_CACHE` (`on`, `off`, or unset for on wherever it can be kept
 * fresh): writes must reach the cache before they are acknowledged, so without
 * `REDIS_URL` it is on only when every subgraph writes in this process
 * (`npm start` on the embedded databases, which no other process can open).
 * `ENTITY_CACHE=on` where that does not hold is refused rather than served stale.
 */
export function entityCacheOptions(env: NodeJS.ProcessEnv, inProcessWriters: boolean): EntityCacheSetting {
  const raw = (env.ENTITY_CACHE ?? '').trim().toLowerCase();
  if (!['', 'on', 'off'].includes(raw)) throw new TypeError(`ENTITY_CACHE must be on or off, got "${env.ENTITY_CACHE}"`);
  const maxTtlSeconds = intFromEnv(env, 'ENTITY_CACHE_MAX_TTL', 86_400);
  if (maxTtlSeconds < 1) throw new TypeError(`ENTITY_CACHE_MAX_TTL must be at least 1 (seconds), got "${env.ENTITY_CACHE_MAX_TTL}"`);
  const maxEntries = intFromEnv(env, 'ENTITY_CACHE_MAX_ENTRIES', 50_000);
  if (maxEntries < 1) throw new TypeError(`ENTITY_CACHE_MAX_ENTRIES must be at least 1, got "${env.ENTITY_CACHE_MAX_ENTRIES}"`);
  if (raw === 'off') return { enabled: false, reason: 'ENTITY_CACHE=off' };
  if (!env.REDIS_URL && !inProcessWriters) {
    const reason = 'the subgraphs run in other processes and REDIS_URL is not set, so their writes could not reach this cache';
    if (raw === 'on') throw new TypeError(`ENTITY_CACHE=on cannot be kept fresh here: ${reason}. Set REDIS_URL (shared by the gateway, the subgraphs and the import scripts) or ENTITY_CACHE=off.`);
    return { enabled: false, reason };
  }
  return { enabled: true, options: { maxTtlSeconds, maxEntries } };
}
