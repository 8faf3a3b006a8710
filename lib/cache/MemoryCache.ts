import { LRUCache } from 'lru-cache';
import type { Cache } from './Cache.ts';

/** Options for {@link MemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. @default 10000 */
  maxEntries?: number;
}

/** In-process LRU cache: the embedded default, and nothing shared between processes. */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  readonly #lru: LRUCache<string, { json: string }>;

  constructor(options: MemoryCacheOptions = {}) {
    this.#lru = new LRUCache({ max: options.maxEntries ?? 10_000 });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const hit = this.#lru.get(key);
    // Stored as JSON so callers get a copy, as they would from Redis.
    return hit ? (JSON.parse(hit.json) as T) : undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return Promise.all(keys.map((key) => this.get<T>(key)));
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.#lru.set(key, { json: JSON.stringify(value) }, { ttl: ttlSeconds * 1000 });
  }

  async setMany(entries: ReadonlyArray<readonly [string, unknown]>, ttlSeconds: number): Promise<void> {
    for (const [key, value] of entries) await this.set(key, value, ttlSeconds);
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.#lru.delete(key);
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#lru.clear();
  }
}
