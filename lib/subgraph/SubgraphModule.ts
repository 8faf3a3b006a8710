import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DocumentNode } from 'graphql';
import type { Caller } from '../auth/Caller.ts';
import type { Cache } from '../cache/Cache.ts';
import type { SubgraphName } from '../config.ts';

/** The Prisma client surface the shared runtime needs (every generated client has it). */
export interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * What a subgraph keeps for as long as it runs (API clients with their rate limiters and tokens,
 * settings read from the environment), closed after its server has stopped.
 */
export interface SubgraphServices {
  close?(): Promise<void>;
}

/** What every subgraph hands its resolvers, besides its own loaders. */
export interface BaseDeps<TPrisma, TServices extends SubgraphServices = SubgraphServices> {
  prisma: TPrisma;
  cache: Cache;
  /** The subgraph's long-lived services (`{}` when its module has none). */
  services: TServices;
  /**
   * This subgraph's current write generation (see `WriteGenerations`): every
   * acknowledged write replaces it, in every process sharing REDIS_URL. A
   * cross-request cache of database reads stores it beside each entry and
   * serves only entries whose generation is still current. Null where another
   * process may write unheard (a database server without REDIS_URL): cache no reads then.
   */
  writeGeneration: (() => Promise<string>) | null;
}

/** Who is asking, as the gateway signed it. */
export interface SubgraphRequest {
  /** The verified caller; null for anonymous requests (and always null when no signing secret is configured). */
  caller: Caller | null;
  /** The gateway's request id, for logs. */
  requestId: string;
}

/** Everything that makes one subgraph, so one runtime can start any of them. */
export interface SubgraphModule<TPrisma extends PrismaLike, TContext, TServices extends SubgraphServices = SubgraphServices> {
  name: SubgraphName;
  /** The subgraph's SDL (schema.graphql beside src/). */
  typeDefs: DocumentNode;
  /** Resolvers, typed by the generated `Resolvers` of the subgraph. */
  resolvers: object;
  /** Builds the generated Prisma client on a driver adapter, with query events on. */
  createPrisma(adapter: SqlDriverAdapterFactory): TPrisma;
  /** Builds the subgraph's long-lived services once, when it starts; a bad setting throws there. */
  createServices?(deps: { prisma: TPrisma; cache: Cache; env: NodeJS.ProcessEnv }): TServices;
  /** Per-request context: fresh DataLoaders every time, and the verified caller. */
  createContext(deps: BaseDeps<TPrisma, TServices>, request: SubgraphRequest): TContext;
  /**
   * Tables whose writes change no answer the gateway's entity cache may hold
   * (per-caller counters and ledgers behind fields that are never cached):
   * writing them does not empty the cache. @default none
   */
  cacheNeutralTables?: readonly string[];
  /** Inserts the demo data once; must be idempotent. */
  seedDemo(prisma: TPrisma): Promise<void>;
  /** Runs on every start after the migrations (derived columns a migration reset); must be idempotent and cheap when there is nothing to do. */
  afterMigrations?(prisma: TPrisma): Promise<void>;
}
