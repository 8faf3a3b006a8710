import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import type { DatabaseOptions } from '../../lib/db/openDatabase.ts';
import { startStack, type RunningStack } from '../../lib/startStack.ts';
import { createSubgraph, serveSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { SUBGRAPH_MODULES } from '../../subgraphs/modules.ts';
import { BACKEND, requireEnv } from './backend.ts';
import { TEST_ENV } from './subgraph.ts';

/** A stack whose subgraphs can be stopped and started again on the same port and data. */
export interface RestartableStack extends RunningStack {
  adminKey: string;
  /** The environment every piece got, `SUBGRAPH_SIGNING_SECRET` included. */
  env: NodeJS.ProcessEnv;
  /** Database options for a database of this stack's kind that outlives one process (e.g. another gateway's). */
  database(label: string): DatabaseOptions;
  /** Closes a subgraph: its port refuses connections and its database is closed. */
  stop(name: SubgraphName): Promise<void>;
  /** Creates and serves the subgraph again on its old port, over the same database. */
  restart(name: SubgraphName): Promise<void>;
}

/**
 * The whole API in this process on free ports, like `startTestStack`, but on
 * databases that survive a subgraph's restart: PGlite in a temporary folder
 * (not in memory), or a schema of its own on the Postgres server.
 */
export async function startRestartableStack(overrides: NodeJS.ProcessEnv = {}): Promise<RestartableStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-restart-'));
  const tag = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  const database = (label: string): DatabaseOptions => {
    if (BACKEND === 'embedded') return { url: undefined, dataDir: join(dataDir, label) };
    schemas.push(`t_${label.replace(/\W/g, '_')}_${tag}`);
    return { url: requireEnv('DATABASE_URL'), schema: schemas.at(-1), poolSize: 4 };
  };
  const databases = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, database(name)])) as Record<SubgraphName, DatabaseOptions>;
  // Known here, so a restarted subgraph accepts the gateway's signatures.
  const env: NodeJS.ProcessEnv = {
    ...TEST_ENV,
    SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('base64'),
    // This stack's entity cache on the shared Redis is its own.
    ENTITY_CACHE_NAMESPACE: `test-${tag}`,
    ...(BACKEND === 'services' ? { REDIS_URL: requireEnv('REDIS_URL') } : {}),
    ...overrides,
  };
  const stack = await startStack({
    env,
    ports: { gateway: 0, ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 0])) },
    subgraphOptions: (name) => ({ ...databases[name], seed: true }),
    gatewayOptions: { database: database('gateway'), seed: true },
  });
  const ports = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, running]) => [name, running.port])) as Record<SubgraphName, number>;
  const stopped = new Set<SubgraphName>();
  return {
    ...stack,
    adminKey: stack.adminKey!,
    env,
    database,
    async stop(name) {
      stopped.add(name);
      await stack.subgraphs[name].close();
    },
    async restart(name) {
      const subgraph = await createSubgraph(SUBGRAPH_MODULES[name], { env, ...databases[name], seed: false });
      stack.subgraphs[name] = await serveSubgraph(subgraph, { env, port: ports[name] });
      stopped.delete(name);
    },
    async close() {
      // A subgraph left stopped has closed its database already.
      await stack.gateway.close();
      await Promise.all(SUBGRAPHS.filter(({ name }) => !stopped.has(name)).map(({ name }) => stack.subgraphs[name].close()));
      rmSync(dataDir, { recursive: true, force: true });
      if (BACKEND === 'services') await dropSchemas(schemas);
    },
  };
}

async function dropSchemas(schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
