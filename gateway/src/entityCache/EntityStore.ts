import { LRUCache } from 'lru-cache';
import type { Cache } from '../../../lib/cache/Cache.ts';
import { generationKey, WriteGenerations } from '../../../lib/cache/entities/WriteGenerations.ts';
import { entityCacheInvalidations } from '../observability/gatewayMetrics.ts';

/** One cached answer: the subgraph's JSON for one entity (or one root fetch). */
export interface CachedEntry {
  data: unknown;
  /** The subgraph's write generation when the data was read. */
  generation: string;
  /** The subgraph's max-age hint and when the entry was stored (ms), for the response's own Cache-Control. */
  maxAge: number;
  storedAt: number;
  /** Scope hint of the answer (`PRIVATE` entries are per caller). */
  private: boolean;
}

/** What a lookup found: the current generation (undefined: do not use or fill the cache now) and each key's entry. */
export interface Lookup {
  generation: string | undefined;
  entries: (CachedEntry | undefined)[];
  /** Keys whose entry was found but belongs to an older generation (or ran out). */
  stale: boolean[];
}

/** Options for {@link EntityStore}. */
export interface EntityStoreOptions {
  /** Entries kept in this process. */
  maxEntries: number;
  /** The tier shared between gateway processes (Redis), holding the generations too. Absent: this process only. */
  shared?: Cache;
}

/**
 * Where entities are kept: an LRU in this process in front of Redis when one is
 * shared. Every lookup first learns the subgraph's current write generation
 * (from this process, or in the same Redis round trip as the entries) and
 * serves only entries read under it.
 */
export class EntityStore {
  readonly #lru: LRUCache<string, CachedEntry>;
  readonly #shared: Cache | undefined;
  /** The generation last seen per subgraph, to count invalidations. */
  readonly #seen = new Map<string, string>();

  constructor(options: EntityStoreOptions) {
    this.#lru = new LRUCache({ max: options.maxEntries });
    this.#shared = options.shared;
  }

  /** `memory` or `redis`, for logs. */
  get kind(): 'memory' | 'redis' {
    return this.#shared ? 'redis' : 'memory';
  }

  /** The entries of `keys` under the subgraph's current generation. */
  async lookup(subgraph: string, keys: readonly string[]): Promise<Lookup> {
    const now = Date.now();
    const local = keys.map((key) => this.#lru.get(key));
    let generation: string | undefined;
    const fromShared = new Map<number, CachedEntry>();
    if (!this.#shared) {
      generation = WriteGenerations.local(subgraph);
    } else {
      // One round trip: the generation, and whatever this process does not hold.
      const missing = keys.flatMap((key, index) => (local[index] ? [] : [index]));
      const [stored, ...found] = await this.#shared.getMany<unknown>([generationKey(subgraph), ...missing.map((index) => keys[index]!)]);
      if (typeof stored === 'string') generation = stored;
      // Lost or never set (or Redis away): start one, and neither serve nor fill until the next lookup reads it.
      else await WriteGenerations.start(this.#shared, subgraph);
      missing.forEach((index, position) => {
        const entry = found[position] as CachedEntry | undefined;
        if (entry) fromShared.set(index, entry);
      });
    }
    this.#noteGeneration(subgraph, generation);
    const stale: boolean[] = [];
    const entries = keys.map((key, index) => {
      const entry = local[index] ?? fromShared.get(index);
      const fresh = entry !== undefined && generation !== undefined && entry.generation === generation && entry.storedAt + entry.maxAge * 1000 > now;
      stale[index] = entry !== undefined && !fresh;
      if (!fresh) {
        if (local[index]) this.#lru.delete(key);
        return undefined;
      }
      if (!local[index]) this.#lru.set(key, entry, { ttl: Math.max(1, entry.storedAt + entry.maxAge * 1000 - now) });
      return entry;
    });
    return { generation, entries, stale };
  }

  /** Stores entries read under `generation` for `ttlSeconds`. */
  async store(entries: ReadonlyArray<readonly [string, CachedEntry]>, ttlSeconds: number): Promise<void> {
    if (entries.length === 0 || ttlSeconds <= 0) return;
    for (const [key, entry] of entries) this.#lru.set(key, entry, { ttl: ttlSeconds * 1000 });
    await this.#shared?.setMany(entries, ttlSeconds);
  }

  #noteGeneration(subgraph: string, generation: string | undefined): void {
    if (generation === undefined) return;
    const previous = this.#seen.get(subgraph);
    if (previous === generation) return;
    this.#seen.set(subgraph, generation);
    if (previous !== undefined) entityCacheInvalidations.inc({ subgraph });
  }

  async close(): Promise<void> {
    this.#lru.clear();
    await this.#shared?.close();
  }
}
