import { randomSigningSecret } from '../../lib/auth/requestSigning.ts';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { startStack, type RunningStack } from '../../lib/startStack.ts';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { BaseContext } from '@apollo/server';
import type { PrismaLike } from '../../lib/subgraph/SubgraphModule.ts';
import { buildSyntheticCatalog } from '../../scripts/syntheticCatalog.ts';
import { writeSyntheticCatalog } from '../../scripts/writeSyntheticCatalog.ts';
import { postGraphQL } from './postGraphQL.ts';

/** The whole API for a benchmark: isolated databases (Postgres schemas when DATABASE_URL is set, else in-memory PGlite), a synthetic catalog, an admin key. */
export interface BenchStack extends RunningStack {
  adminKey: string;
  /** The secret the subgraphs verify, for a second gateway over them. */
  signingSecret: string;
  byName: Record<SubgraphName, Subgraph<PrismaLike, BaseContext>>;
  /** POSTs an operation with the admin key (or `key`); throws on GraphQL errors. */
  post(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<any>;
  close(): Promise<void>;
}

/**
 * Starts the stack for `label` with `tracks` synthetic recordings written to every subgraph.
 * @param matches the demo account's synthetic audio matches @default the catalog's (3 per fifth recording)
 */
export async function startBenchStack(label: string, tracks: number, env: NodeJS.ProcessEnv = {}, matches?: number): Promise<BenchStack & { catalog: ReturnType<typeof buildSyntheticCatalog> }> {
  const database = (name: string) =>
    process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema: `bench_${label}_${name.replace(/-/g, '_')}_${process.pid}` } : { inMemory: true };
  const signingSecret = randomSigningSecret();
  const stack = await startStack({
    // On the real services (DATABASE_URL), Redis too when REDIS_URL is set: keys are then trusted until revoked, as in production.
    env: { DISCOVERY_ENABLED: 'false', LOG_LEVEL: 'warn', SUBGRAPH_SIGNING_SECRET: signingSecret, ENTITY_CACHE_NAMESPACE: `bench-${label}-${process.pid}`, ...(process.env.DATABASE_URL && process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), ...env },
    ports: { gateway: 0, ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 0])) },
    subgraphOptions: (name) => ({ ...database(name), seed: false }),
    gatewayOptions: { database: database('gateway'), seed: true },
  });
  const byName = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, running]) => [name, running.subgraph])) as BenchStack['byName'];
  const catalog = buildSyntheticCatalog(tracks);
  await writeSyntheticCatalog(catalog, {
    links: byName.links.prisma as never,
    analytics: byName.analytics.prisma as never,
    library: byName.library.prisma as never,
    audioMatches: byName['audio-matches'].prisma as never,
  }, () => undefined, undefined, matches);
  const adminKey = stack.adminKey!;
  return {
    ...stack,
    adminKey,
    signingSecret,
    byName,
    catalog,
    post: (query, variables = {}, key = adminKey) => postGraphQL(stack.gateway.url, key ? { authorization: `Bearer ${key}` } : {}, query, variables),
    async close() {
      const schemas = [...Object.values(byName).map((s) => s.db), stack.gateway.gateway.database.db].filter((db) => db.kind === 'postgres').map((db) => db.schema);
      const sql = byName.links.db.sql;
      for (const schema of schemas) await sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await stack.close();
    },
  };
}
