import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { startStack, type RunningStack } from '../../lib/startStack.ts';
import { isolatedDatabase } from './backend.ts';
import { TEST_ENV } from './subgraph.ts';

/**
 * The whole API in this process on free ports: every subgraph on its own
 * isolated, seeded database, the gateway composed over them.
 */
export async function startTestStack(options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunningStack & { drop(): Promise<void> }> {
  const databases = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, isolatedDatabase(name)]));
  const ports = { gateway: 0, ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 0])) };
  const stack = await startStack({
    env: options.env ?? TEST_ENV,
    ports,
    subgraphOptions: (name: SubgraphName) => ({ ...databases[name], seed: true }),
  });
  return { ...stack, drop: async () => stack.close() };
}

/** POSTs a GraphQL operation and returns the parsed body (and the HTTP status). */
export async function post<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: { data?: T; errors?: any[] } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: T; errors?: any[] } };
}
