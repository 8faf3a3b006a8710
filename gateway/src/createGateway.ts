import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { gql } from 'graphql-tag';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { boolFromEnv, intFromEnv, ROOT, SUBGRAPHS, subgraphUrl, type SubgraphName } from '../../lib/config.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import { checkSigningSecret } from '../../lib/auth/requestSigning.ts';
import { createCache } from '../../lib/cache/createCache.ts';
import { entityCachePrefix } from '../../lib/cache/entities/WriteGenerations.ts';
import { RedisCache } from '../../lib/cache/RedisCache.ts';
import { logger } from '../../lib/logger.ts';
import { formatError } from '../../lib/errors.ts';
import { ApiKeyStore } from './auth/ApiKeyStore.ts';
import { openGatewayDatabase, type GatewayDatabase, type GatewayDatabaseOptions } from './gatewayDatabase.ts';
import { buildApiSchema } from './composeSupergraph.ts';
import type { GatewayContext, GatewayServices } from './context.ts';
import { contractPaths, FULL_CONTRACT, readContracts } from './contracts/contracts.ts';
import { useAnonymousUpgrade } from './contracts/useAnonymousUpgrade.ts';
import { LocalSubgraphDataSource } from './datasources/LocalSubgraphDataSource.ts';
import { FetchBatcher } from './datasources/batchFetches.ts';
import { InFlightFetches } from './datasources/dedupeInFlight.ts';
import { SubgraphDataSource } from './datasources/SubgraphDataSource.ts';
import { EntityCachingDataSource } from './entityCache/EntityCachingDataSource.ts';
import { entityCacheOptions } from './entityCache/entityCacheOptions.ts';
import { EntityStore } from './entityCache/EntityStore.ts';
import { CostModel } from './protection/CostModel.ts';
import { OperationGuard } from './protection/OperationGuard.ts';
import { PersistedQueryStore } from './protection/persistedQueryStore.ts';
import { RateLimiter } from './protection/RateLimiter.ts';
import { RegisteredOperations } from './protection/RegisteredOperations.ts';
import { readPlans } from './protection/plans.ts';
import { useMetrics } from './observability/useMetrics.ts';
import { useCachePolicy } from './protection/useCachePolicy.ts';
import { useCostExtension } from './protection/useCostExtension.ts';
import { resolvers } from './resolvers/index.ts';
import { usageReportingPlugins } from './observability/usageReporting.ts';

/**
 * Parts of the front door a benchmark turns off to measure what each costs.
 * Code only: nothing in the environment can reach it.
 */
export interface DisabledFeatures {
  /** No key is looked up: every request is this caller. */
  authentication?: Caller;
  /** Subgraph requests go unsigned (to subgraphs served without verification). */
  signing?: boolean;
  /** No operation is measured or refused before it runs. */
  limits?: boolean;
  /** Nothing is counted per key or client. */
  rateLimits?: boolean;
  /** No operation or request is counted or timed for /metrics, nor logged. */
  metrics?: boolean;
}

/** Options for {@link createGateway}. */
export interface GatewayOptions extends GatewayDatabaseOptions {
  /** Benchmarks only. */
  disable?: DisabledFeatures;
  /** URL of each subgraph. @default `<SUBGRAPH>_URL`, else http://localhost:<port>/graphql */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Supergraph SDL of each contract. @default the checked-in schema/contracts/<name>.supergraph.graphql (and schema/supergraph.graphql) */
  supergraphs?: Record<string, string>;
  /**
   * Every subgraph writes its database in this process, and no other process can
   * (`npm start` on the embedded databases): the entity cache can then be kept
   * fresh without Redis. @default false
   */
  inProcessWriters?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The gateway, built but not serving: one Apollo Server per contract over shared subgraph clients. */
export interface Gateway {
  /** Apollo Server of each contract, by contract name. */
  servers: Map<string, ApolloServer<GatewayContext>>;
  services: GatewayServices;
  database: GatewayDatabase;
  /** Where each subgraph is called. */
  subgraphUrls: Record<SubgraphName, string>;
  /** The admin key created on the first start (printed once), when one was. */
  adminKey?: string;
  /** The entity cache in front of the subgraphs (`memory`, `redis`), or why it is off. */
  entityCache: { kind: 'memory' | 'redis' } | { kind: 'off'; reason: string };
  /** `AUTH_REQUIRED`. */
  authRequired: boolean;
  start(): Promise<void>;
  /** Stops the Apollo servers, then closes the subgraph pools and the database. */
  stop(): Promise<void>;
}

/**
 * Keeps a subgraph's error code and adds which subgraph raised it
 * (`extensions.serviceName`, set by Apollo Gateway); anything else goes
 * through the shared formatter, which hides internals.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const serviceName = formatted.extensions?.serviceName;
  const result = formatError(formatted, error);
  return typeof serviceName === 'string' ? { ...result, extensions: { ...result.extensions, serviceName } } : result;
}

/** Apollo Gateway in Apollo Server, once per schema contract, serving the composed supergraph. */
export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const env = options.env ?? process.env;
  const secret = options.disable?.signing ? '' : env.SUBGRAPH_SIGNING_SECRET;
  if (!secret && !options.disable?.signing) throw new TypeError('SUBGRAPH_SIGNING_SECRET is required: the gateway signs every subgraph request with it (the subgraphs need the same value). `npm start` makes one for its own processes.');
  if (secret) checkSigningSecret(secret);
  const contracts = readContracts();
  const plans = readPlans(env);
  const supergraphs = options.supergraphs ?? Object.fromEntries(Object.keys(contracts).map((name) => [name, readFileSync(contractPaths(name).supergraph, 'utf8')]));
  const database = await openGatewayDatabase(options, env);
  const keys = new ApiKeyStore({ prisma: database.prisma, events: database.keyEvents, contracts: Object.keys(contracts), plans: Object.keys(plans), cacheTtlMs: intFromEnv(env, 'API_KEY_CACHE_TTL_MS', 300_000) });
  const guard = new OperationGuard({ model: new CostModel(supergraphs[FULL_CONTRACT]!), maxTokens: Math.max(...Object.values(plans).map((p) => p.maxTokens)) });
  const cache = await createCache(env, 'trackgraph:gateway:');
  const persistedQueries = new PersistedQueryStore(cache);
  const rateLimiter = await RateLimiter.create(env.REDIS_URL || undefined, { namespace: env.RATE_LIMIT_NAMESPACE });
  const registered = new RegisteredOperations();
  // Registered operations are persisted queries too: a client may send the hash of the file alone.
  await Promise.all(registered.persisted.map(([hash, text]) => persistedQueries.set(`apq:${hash}`, text, { ttl: 365 * 86_400 })));
  const services: GatewayServices = { keys, guard, plans, persistedQueries, rateLimiter, registered };

  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, options.subgraphUrls?.[name] ?? subgraphUrl(name, env)])) as Record<SubgraphName, string>;
  const timeoutMs = intFromEnv(env, 'SUBGRAPH_TIMEOUT_MS', 10_000);
  const inFlight = boolFromEnv(env, 'GATEWAY_DEDUP', true) ? new InFlightFetches() : undefined;
  const batchParts = boolFromEnv(env, 'GATEWAY_BATCH', true) ? intFromEnv(env, 'GATEWAY_BATCH_MAX', 32) : 1;
  if (batchParts < 1) throw new TypeError(`GATEWAY_BATCH_MAX must be at least 1 (1 sends every fetch alone), got ${batchParts}`);
  const entitySetting = entityCacheOptions(env, options.inProcessWriters ?? false);
  const entityStore = entitySetting.enabled
    ? new EntityStore({ maxEntries: entitySetting.options.maxEntries, shared: env.REDIS_URL ? await RedisCache.connect({ url: env.REDIS_URL, keyPrefix: entityCachePrefix(env) }) : undefined })
    : undefined;
  if (!entitySetting.enabled) logger.info({ reason: entitySetting.reason }, 'entity cache off');
  const withEntityCache = (name: string, source: SubgraphDataSource): GraphQLDataSource =>
    entityStore && entitySetting.enabled ? new EntityCachingDataSource(source, { subgraph: name, store: entityStore, ...entitySetting.options }) : source;
  const dataSources = new Map<string, GraphQLDataSource>(
    SUBGRAPHS.map(({ name }) => [
      name,
      withEntityCache(name, new SubgraphDataSource({
        name,
        url: subgraphUrls[name],
        signingSecret: secret ?? '',
        timeoutMs: intFromEnv(env, `${name.toUpperCase().replace(/-/g, '_')}_TIMEOUT_MS`, timeoutMs),
        connections: intFromEnv(env, 'SUBGRAPH_MAX_CONNECTIONS', 64),
        keepAliveTimeoutMs: intFromEnv(env, 'SUBGRAPH_KEEP_ALIVE_MS', 4_000),
        inFlight,
        batcher: batchParts > 1 ? new FetchBatcher({ subgraph: name, maxParts: batchParts }) : undefined,
      })),
    ]),
  );
  const gatewaySdl = gql(readFileSync(join(ROOT, 'gateway', 'schema.graphql'), 'utf8'));
  dataSources.set('gateway', new LocalSubgraphDataSource(buildSubgraphSchema([{ typeDefs: gatewaySdl, resolvers: resolvers as GraphQLResolverMap<unknown> }])));

  // The full API schema, for telling anonymous callers that an operation needs a key.
  const fullSchema: GraphQLSchema = buildApiSchema(supergraphs[FULL_CONTRACT]!);
  const servers = new Map<string, ApolloServer<GatewayContext>>();
  for (const [name, supergraphSdl] of Object.entries(supergraphs)) {
    const gateway = new ApolloGateway({
      supergraphSdl,
      // Where the subgraphs really are is configuration, not the supergraph file; one client each, shared by every contract.
      buildService: (service) => dataSources.get(service.name)!,
    });
    const server = new ApolloServer<GatewayContext>({
      gateway,
      introspection: true,
      formatError: formatGatewayError,
      // Keys travel in headers or, on GET, in the URL; no cookie or other ambient credential exists to forge a request with.
      csrfPrevention: false,
      // The entry points stop every server in order on SIGINT/SIGTERM.
      stopOnTerminationSignals: false,
      persistedQueries: { cache: persistedQueries },
      // The guard parses first with each plan's token limit; this is the backstop for the largest.
      parseOptions: { maxTokens: Math.max(...Object.values(plans).map((p) => p.maxTokens)) },
      // Order matters for willSendResponse: the anonymous upgrade rewrites the answer before metrics count it.
      plugins: [
        ...(name === FULL_CONTRACT ? [] : [useAnonymousUpgrade(fullSchema)]),
        useCostExtension(),
        useCachePolicy(),
        ...(options.disable?.metrics ? [] : [useMetrics()]),
        ApolloServerPluginLandingPageLocalDefault({ embed: true }),
        ...usageReportingPlugins<GatewayContext>(env),
      ],
    });
    servers.set(name, server);
  }

  const stopAll = async () => {
    await Promise.all([...servers.values()].map((server) => server.stop().catch(() => undefined)));
    await Promise.all([...dataSources.values()].map((source) => (source as Partial<SubgraphDataSource>).close?.()));
    await cache.close();
    await entityStore?.close();
    await rateLimiter.close();
    await database.close();
  };
  return {
    servers,
    services,
    database,
    subgraphUrls,
    adminKey: await database.firstStartAdminKey(keys, env),
    entityCache: entityStore ? { kind: entityStore.kind } : { kind: 'off', reason: entitySetting.enabled ? '' : entitySetting.reason },
    authRequired: boolFromEnv(env, 'AUTH_REQUIRED', false),
    async start() {
      await Promise.all([...servers.values()].map((server) => server.start()));
    },
    stop: stopAll,
  };
}
