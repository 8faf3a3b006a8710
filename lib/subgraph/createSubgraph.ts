import { join } from 'node:path';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { createCache, type Cache } from '../cache/createCache.ts';
import { WriteGenerations } from '../cache/entities/WriteGenerations.ts';
import { trackWrites } from '../db/trackWrites.ts';
import { hostFromEnv, intFromEnv, ROOT, subgraphPort } from '../config.ts';
import { applyMigrations, type MigrationReport } from '../db/migrate.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../db/openDatabase.ts';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/Caller.ts';
import { checkSigningSecret } from '../auth/requestSigning.ts';
import { formatError } from '../errors.ts';
import { serveApollo, type RunningServer } from '../http/serveApollo.ts';
import { logger } from '../logger.ts';
import type { BaseDeps, PrismaLike, SubgraphModule } from './SubgraphModule.ts';
import { useCacheHints } from './useCacheHints.ts';
import { verifyGatewaySignature } from './verifyGatewaySignature.ts';

/** Options for {@link createSubgraph}. */
export interface CreateSubgraphOptions extends DatabaseOptions {
  /**
   * Seed the demo data: true always (seeding is idempotent), false never.
   * @default on first start (no migration had run before), unless `SEED_DEMO=false`
   */
  seed?: boolean;
  /** Cache to use. @default createCache() from REDIS_URL */
  cache?: Cache;
  /** Where writes are announced to the gateway's entity cache. @default from REDIS_URL (see WriteGenerations) */
  generations?: WriteGenerations;
  env?: NodeJS.ProcessEnv;
}

/** A subgraph with its database open and migrated, not yet listening. */
export interface Subgraph<TPrisma extends PrismaLike, TContext extends BaseContext> {
  module: SubgraphModule<TPrisma, TContext>;
  db: Database;
  prisma: TPrisma;
  cache: Cache;
  /** What every request context is built from (services included). */
  deps: BaseDeps<TPrisma>;
  server: ApolloServer<TContext>;
  migrations: MigrationReport;
  /** A fresh per-request context, as an HTTP request from `caller` would get. @default anonymous */
  context(caller?: Caller | null): TContext;
  /** Every SQL statement Prisma sends is passed here (for tests and benchmarks). */
  onQuery(listener: (sql: string) => void): () => void;
  close(): Promise<void>;
}

/** Opens the subgraph's database, applies its migrations, seeds demo data, and builds its Apollo Server. */
export async function createSubgraph<TPrisma extends PrismaLike, TContext extends BaseContext>(
  module: SubgraphModule<TPrisma, TContext>,
  options: CreateSubgraphOptions = {},
): Promise<Subgraph<TPrisma, TContext>> {
  const env = options.env ?? process.env;
  const db = await openDatabase(module.name, options, env);
  const migrations = await applyMigrations(db, join(ROOT, 'prisma', module.name, 'migrations'));
  const generations = options.generations ?? (await WriteGenerations.create(env));
  // Every committed write, whoever makes it (resolvers, discovery, imports), retires the cached entities of this subgraph.
  const prisma = module.createPrisma(trackWrites(db.adapter, { onWrite: () => generations.bump(module.name), neutralTables: module.cacheNeutralTables }));
  const listeners = new Set<(sql: string) => void>();
  prisma.$on('query', (event) => listeners.forEach((listener) => listener(event.query)));
  await module.afterMigrations?.(prisma);
  const firstStart = migrations.fresh;
  if (options.seed ?? (firstStart && env.SEED_DEMO !== 'false')) await module.seedDemo(prisma);
  const cache = options.cache ?? (await createCache(env, `trackgraph:${module.name}:`));
  const deps: BaseDeps<TPrisma> = {
    prisma,
    cache,
    services: module.createServices?.({ prisma, cache, env }) ?? {},
    // PGlite admits one process and Redis carries generations between processes; otherwise another process's writes go unheard.
    writeGeneration: generations.kind === 'redis' || db.kind === 'pglite' ? () => generations.current(module.name) : null,
  };
  const server = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as GraphQLResolverMap<unknown> }]),
    introspection: true,
    formatError,
    // Our entry points stop every server in order on SIGINT/SIGTERM and exit 0.
    stopOnTerminationSignals: false,
    // The gateway reports usage to Studio, with the subgraphs' traces inside its own. Cache hints
    // (the gateway's response policy is made of them) come from useCacheHints, a cheaper stand-in for Apollo's plugin.
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true }), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginCacheControlDisabled(), useCacheHints()],
  });
  let closing: Promise<void> | undefined;
  return {
    module,
    db,
    prisma,
    cache,
    deps,
    server,
    migrations,
    context: (caller = null) => module.createContext(deps, { caller, requestId: randomUUID() }),
    onQuery(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        await server.stop().catch(() => undefined);
        // Services may still be writing (e.g. late platform answers) through prisma and the cache.
        await deps.services.close?.();
        await prisma.$disconnect();
        if (!options.cache) await cache.close();
        if (!options.generations) await generations.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/** A subgraph serving HTTP. */
export interface RunningSubgraph extends RunningServer {
  name: string;
  /** The subgraph behind it (database, Prisma client, cache). */
  subgraph: Subgraph<PrismaLike, BaseContext>;
}

/**
 * Serves a created subgraph at `/graphql` with `/health` and `/ready` (database
 * and cache checked). With `SUBGRAPH_SIGNING_SECRET` set it answers only
 * requests the gateway signed; without it every request is anonymous.
 */
export async function serveSubgraph<TPrisma extends PrismaLike, TContext extends BaseContext>(
  subgraph: Subgraph<TPrisma, TContext>,
  options: { port?: number; host?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningSubgraph> {
  const env = options.env ?? process.env;
  const { module, prisma, cache, db, deps } = subgraph;
  const secret = env.SUBGRAPH_SIGNING_SECRET ? checkSigningSecret(env.SUBGRAPH_SIGNING_SECRET) : undefined;
  if (!secret) logger.warn({ subgraph: module.name }, 'SUBGRAPH_SIGNING_SECRET is not set: this subgraph answers anyone who reaches its port, and treats every request as anonymous');
  const running = await serveApollo({
    name: module.name,
    server: subgraph.server,
    port: options.port ?? subgraphPort(module.name, env),
    host: options.host ?? hostFromEnv(env),
    before: secret ? [verifyGatewaySignature(secret, module.name)] : [],
    shutdownGraceMs: intFromEnv(env, 'SHUTDOWN_GRACE_MS', 10_000),
    context: async (req) => module.createContext(deps, { caller: (secret && req.trackgraph.caller) || null, requestId: req.trackgraph.requestId }),
    health: async () => {
      const database = await prisma.$queryRawUnsafe('SELECT 1').then(() => 'ok', () => 'down');
      const cacheState = (await cache.healthy()) ? 'ok' : 'degraded';
      return {
        status: database === 'down' ? 'down' : cacheState === 'ok' ? 'ok' : 'degraded',
        subgraph: module.name,
        database: { state: database, kind: db.kind },
        cache: { state: cacheState, kind: cache.kind },
      };
    },
    // Ready while the database answers: without the cache (Redis away) a subgraph still answers, only slower.
    ready: async () => {
      const database = await prisma.$queryRawUnsafe('SELECT 1').then(() => 'ok' as const, () => 'down' as const);
      return { status: database, subgraph: module.name, database };
    },
  });
  return {
    ...running,
    get draining() {
      return running.draining;
    },
    name: module.name,
    subgraph: subgraph as unknown as Subgraph<PrismaLike, BaseContext>,
    async close() {
      await running.close();
      await subgraph.close();
    },
  };
}
