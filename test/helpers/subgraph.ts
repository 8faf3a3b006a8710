import type { BaseContext } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import type { Caller } from '../../lib/auth/Caller.ts';
import { createCache } from '../../lib/cache/createCache.ts';
import { WriteGenerations } from '../../lib/cache/entities/WriteGenerations.ts';
import { createSubgraph, type Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { PrismaLike, SubgraphModule } from '../../lib/subgraph/SubgraphModule.ts';
import { BACKEND, isolatedDatabase } from './backend.ts';
import { testCaller } from './callers.ts';

/**
 * The environment test subgraphs and stacks get unless a test passes its own: platform discovery
 * off, so no test asks the real platforms (discovery tests point it at local fakes).
 */
export const TEST_ENV: NodeJS.ProcessEnv = { DISCOVERY_ENABLED: 'false' };

/** A subgraph on its own isolated database (seeded with demo data unless told otherwise). */
export async function createTestSubgraph<TPrisma extends PrismaLike, TContext extends BaseContext>(
  module: SubgraphModule<TPrisma, TContext>,
  options: { seed?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Subgraph<TPrisma, TContext>> {
  const database = isolatedDatabase(module.name);
  const cache = await createCache(BACKEND === 'services' ? process.env : {}, `test:${database.schema ?? 'mem'}:${module.name}:`);
  // Write generations beside the Redis cache, in a namespace of this file's own (the subgraph caches reads only where writes are heard).
  const generations = BACKEND === 'services' ? await WriteGenerations.create({ REDIS_URL: process.env.REDIS_URL, ENTITY_CACHE_NAMESPACE: `test:${database.schema}` }) : undefined;
  const subgraph = await createSubgraph(module, { ...database, seed: options.seed ?? true, cache, generations, env: options.env ?? TEST_ENV });
  const close = subgraph.close;
  return {
    ...subgraph,
    async close() {
      // Drop the per-file schema so repeated runs leave nothing behind.
      if (subgraph.db.kind === 'postgres') await subgraph.db.sql.exec(`DROP SCHEMA IF EXISTS "${subgraph.db.schema}" CASCADE`);
      await close();
      await cache.close();
      await generations?.close();
    },
  };
}

/** Result of {@link execute}: data, errors, and the SQL statements the operation sent. */
export interface ExecuteResult<TData> {
  data: TData | null | undefined;
  errors: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
  sql: string[];
}

/**
 * Runs one operation against the subgraph's schema with a fresh request context, as
 * `caller` (default: a test account with every scope; `null` for an anonymous request).
 */
export async function execute<TData = Record<string, any>, TPrisma extends PrismaLike = PrismaLike, TContext extends BaseContext = BaseContext>(
  subgraph: Subgraph<TPrisma, TContext>,
  query: string | DocumentNode,
  variables: Record<string, unknown> = {},
  caller: Caller | null = testCaller(),
): Promise<ExecuteResult<TData>> {
  const sql: string[] = [];
  const stop = subgraph.onQuery((statement) => sql.push(statement));
  try {
    const response = await subgraph.server.executeOperation({ query, variables }, { contextValue: subgraph.context(caller) });
    if (response.body.kind !== 'single') throw new TypeError('expected a single result, got an incremental one');
    const { data, errors } = response.body.singleResult;
    return { data: data as TData, errors: errors as ExecuteResult<TData>['errors'], sql };
  } finally {
    stop();
  }
}

/** An `_entities` operation selecting `selection` on `typename`, as the gateway sends it. */
export function entitiesQuery(typename: string, selection: string): string {
  return `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`;
}
