import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Cache } from '../../../lib/cache/Cache.ts';

/** How long a persisted query is kept when Apollo gives no TTL: a day (clients resend the text after a miss). */
const DEFAULT_TTL_SECONDS = 86_400;

/**
 * Automatic persisted queries stored in the shared cache: Redis when
 * `REDIS_URL` is set (every gateway process sees a query registered on
 * another), the in-memory LRU otherwise. Apollo Server prefixes keys `apq:`.
 */
export class PersistedQueryStore implements KeyValueCache<string> {
  constructor(readonly cache: Cache) {}

  get(key: string): Promise<string | undefined> {
    return this.cache.get<string>(key);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.cache.set(key, value, options?.ttl ?? DEFAULT_TTL_SECONDS);
  }

  delete(key: string): Promise<void> {
    return this.cache.delete(key);
  }
}
