import type { IncomingMessage } from 'node:http';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DocumentNode } from 'graphql';
import type { Cache } from '../cache/Cache.ts';
import type { SubgraphName } from '../config.ts';

/** The Prisma client surface the shared runtime needs (every generated client has it). */
export interface PrismaLike {
  $on(event: 'query', listener: (event: { query: string; duration: number }) => void): void;
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** What every subgraph hands its resolvers, besides its own loaders. */
export interface BaseDeps<TPrisma> {
  prisma: TPrisma;
  cache: Cache;
}

/** Everything that makes one subgraph, so one runtime can start any of them. */
export interface SubgraphModule<TPrisma extends PrismaLike, TContext> {
  name: SubgraphName;
  /** The subgraph's SDL (schema.graphql beside src/). */
  typeDefs: DocumentNode;
  /** Resolvers, typed by the generated `Resolvers` of the subgraph. */
  resolvers: object;
  /** Builds the generated Prisma client on a driver adapter, with query events on. */
  createPrisma(adapter: SqlDriverAdapterFactory): TPrisma;
  /** Per-request context: fresh DataLoaders every time. */
  createContext(deps: BaseDeps<TPrisma>, req?: IncomingMessage): TContext;
  /** Inserts the demo data once; must be idempotent. */
  seedDemo(prisma: TPrisma): Promise<void>;
}
