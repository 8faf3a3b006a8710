import { intFromEnv } from '../config.ts';
import type { Cache } from './Cache.ts';
import { MemoryCache } from './MemoryCache.ts';
import { RedisCache } from './RedisCache.ts';

export type { Cache } from './Cache.ts';

/** Redis when `REDIS_URL` is set, otherwise an in-memory LRU of `CACHE_MAX_ENTRIES` entries. */
export async function createCache(env: NodeJS.ProcessEnv = process.env, keyPrefix = 'trackgraph:'): Promise<Cache> {
  if (env.REDIS_URL) return RedisCache.connect({ url: env.REDIS_URL, keyPrefix });
  return new MemoryCache({ maxEntries: intFromEnv(env, 'CACHE_MAX_ENTRIES', 10_000) });
}
