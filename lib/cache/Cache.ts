/**
 * The cross-request cache every subgraph uses: Redis when `REDIS_URL` is set,
 * an in-process LRU otherwise. Values are JSON. A cache never throws: a backend
 * failure reads as a miss and a write that is dropped.
 */
export interface Cache {
  /** `memory` or `redis`, for logs and /health. */
  readonly kind: 'memory' | 'redis';
  /** The value stored under `key`, or undefined on a miss. */
  get<T>(key: string): Promise<T | undefined>;
  /** One result per key, in key order (a single round trip on Redis). */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Stores `value` for `ttlSeconds`. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Stores several entries with one TTL (a single round trip on Redis). */
  setMany(entries: ReadonlyArray<readonly [string, unknown]>, ttlSeconds: number): Promise<void>;
  /** Removes the keys. */
  delete(...keys: string[]): Promise<void>;
  /** Whether the backend answers now (false while Redis is away). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
