import { randomUUID } from 'node:crypto';
import type { Cache } from '../Cache.ts';
import { RedisCache } from '../RedisCache.ts';

/**
 * Generations bumped by writers in this process, per subgraph. Process-wide on
 * purpose: on the embedded default (`npm start`) every writer of a PGlite
 * database runs in the gateway's process, since PGlite admits one process.
 */
const local = new Map<string, string>();
let localCounter = 0;

/** How long a generation stays in Redis (far beyond any entry's lifetime; a lost one only empties the cache). */
const GENERATION_TTL_SECONDS = 30 * 86_400;

/** The key prefix entity-cache entries and generations share, from `ENTITY_CACHE_NAMESPACE`. */
export function entityCachePrefix(env: NodeJS.ProcessEnv): string {
  return `${env.ENTITY_CACHE_NAMESPACE || 'trackgraph'}:entity-cache:`;
}

/** The key a subgraph's generation is stored under in the shared tier. */
export function generationKey(subgraph: string): string {
  return `gen:${subgraph}`;
}

/**
 * A subgraph's write generation: an opaque token every acknowledged write
 * replaces. Cached entities remember the token they were read under and are
 * served only while it is still current, so a write makes every older entry
 * of its subgraph unreachable at once, in every process that shares the tier.
 *
 * Writers call {@link bump} after their transaction commits and before they
 * acknowledge the write (the database adapter does this for every write, see
 * `trackWrites`). Readers read the generation before they read the data, so an
 * entry filled while a write was committing carries the old token and dies.
 */
export class WriteGenerations {
  readonly #shared: Cache | undefined;

  private constructor(shared: Cache | undefined) {
    this.#shared = shared;
  }

  /** With `REDIS_URL`, generations live in Redis (shared by every process); otherwise in this process. */
  static async create(env: NodeJS.ProcessEnv): Promise<WriteGenerations> {
    if (!env.REDIS_URL) return new WriteGenerations(undefined);
    return new WriteGenerations(await RedisCache.connect({ url: env.REDIS_URL, keyPrefix: entityCachePrefix(env) }));
  }

  /** Generations kept in this process only (the embedded default, and tests). */
  static inProcess(): WriteGenerations {
    return new WriteGenerations(undefined);
  }

  /** `redis` when shared between processes, `memory` when this process's own. */
  get kind(): 'memory' | 'redis' {
    return this.#shared ? 'redis' : 'memory';
  }

  /** Replaces the subgraph's generation: every entry cached before is no longer served. */
  async bump(subgraph: string): Promise<void> {
    // Local too: a gateway in this process sees the write without a round trip.
    local.set(subgraph, `${process.pid}.${++localCounter}`);
    await this.#shared?.set(generationKey(subgraph), randomUUID(), GENERATION_TTL_SECONDS);
  }

  /**
   * The subgraph's current generation, for a cache of data derived from its
   * database (the analytics series cache) to stamp entries with and check
   * them against. Read it before reading the database, as the gateway does.
   */
  async current(subgraph: string): Promise<string> {
    if (!this.#shared) return WriteGenerations.local(subgraph);
    const stored = await this.#shared.get<string>(generationKey(subgraph));
    return typeof stored === 'string' ? stored : WriteGenerations.start(this.#shared, subgraph);
  }

  /** This process's generation of the subgraph (memory tier only). */
  static local(subgraph: string): string {
    let generation = local.get(subgraph);
    if (generation === undefined) local.set(subgraph, (generation = `${process.pid}.${++localCounter}`));
    return generation;
  }

  /**
   * Starts a generation where none is stored (first use, or lost by Redis):
   * a fresh random token, so no entry stored under an older one comes back.
   */
  static async start(shared: Cache, subgraph: string): Promise<string> {
    const generation = randomUUID();
    await shared.set(generationKey(subgraph), generation, GENERATION_TTL_SECONDS);
    return generation;
  }

  async close(): Promise<void> {
    await this.#shared?.close();
  }
}
