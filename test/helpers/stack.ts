import { randomBytes } from 'node:crypto';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { startStack, type RunningStack } from '../../lib/startStack.ts';
import type { LinksPrisma } from '../../subgraphs/links/src/db.ts';
import { BACKEND, isolatedDatabase } from './backend.ts';
import { TEST_ENV } from './subgraph.ts';

/** A running test stack, with the admin key its gateway made. */
export interface TestStack extends RunningStack {
  adminKey: string;
  /** The links subgraph's Prisma client (credits, catalog rows). */
  linksPrisma: LinksPrisma;
  /** Creates a key through the gateway's store and returns its secret. */
  createKey(input: { accountId: string; label?: string; contract?: string; scopes?: string[]; plan?: string; registeredOperationsOnly?: boolean }): Promise<string>;
}

/**
 * The whole API in this process on free ports: every subgraph on its own
 * isolated, seeded database, the gateway composed over them with an isolated
 * key database and an admin key for the demo account.
 */
export async function startTestStack(options: { env?: NodeJS.ProcessEnv } = {}): Promise<TestStack> {
  const databases = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, isolatedDatabase(name)]));
  const ports = { gateway: 0, ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 0])) };
  const env = options.env ?? TEST_ENV;
  const gatewayDatabase = isolatedDatabase('gateway');
  const stack = await startStack({
    // On the shared Redis, each stack counts its own rate limits (anonymous callers are all 127.0.0.1 here).
    env: {
      ...env,
      // Entity-cache entries and generations of one stack never meet another's on the shared Redis.
      ENTITY_CACHE_NAMESPACE: env.ENTITY_CACHE_NAMESPACE ?? `test-${randomBytes(6).toString('hex')}`,
      ...(BACKEND === 'services' ? { REDIS_URL: env.REDIS_URL ?? process.env.REDIS_URL, RATE_LIMIT_NAMESPACE: env.RATE_LIMIT_NAMESPACE ?? `test-${randomBytes(6).toString('hex')}` } : {}),
    },
    ports,
    subgraphOptions: (name: SubgraphName) => ({ ...databases[name], seed: true }),
    gatewayOptions: { database: gatewayDatabase, seed: true },
  });
  const { keys } = stack.gateway.gateway.services;
  return {
    ...stack,
    adminKey: stack.adminKey!,
    linksPrisma: stack.subgraphs.links.subgraph.prisma as unknown as LinksPrisma,
    createKey: async (input) => (await keys.create({ label: 'test key', ...input })).key,
    async close() {
      await stack.close();
      // Each stack's schemas on the shared Postgres go with it.
      if (BACKEND === 'services') for (const { schema } of [gatewayDatabase, ...Object.values(databases)]) if (schema) await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** Counts the SQL statements each subgraph of `stack` sends while `run` runs. */
export async function countStatements<T>(stack: RunningStack, run: () => Promise<T>): Promise<{ result: T; statements: Record<string, number> }> {
  const statements: Record<string, number> = {};
  const stops = Object.entries(stack.subgraphs).map(([name, { subgraph }]) => subgraph.onQuery(() => void (statements[name] = (statements[name] ?? 0) + 1)));
  try {
    return { result: await run(), statements };
  } finally {
    for (const stop of stops) stop();
  }
}

/** How {@link post} sends a request. */
export interface PostOptions {
  /** An API key, sent as `Authorization: Bearer <key>`. */
  key?: string;
  headers?: Record<string, string>;
}

/** POSTs a GraphQL operation and returns the parsed body, the HTTP status and the response headers. */
export async function post<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, options: PostOptions = {}): Promise<{ status: number; headers: Headers; body: { data?: T; errors?: any[]; extensions?: any } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: T; errors?: any[] } };
}
