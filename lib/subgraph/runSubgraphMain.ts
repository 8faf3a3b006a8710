import type { BaseContext } from '@apollo/server';
import { exitOnSignals } from '../exitOnSignals.ts';
import { startTracing } from '../observability/tracing.ts';
import { createSubgraph, serveSubgraph, type RunningSubgraph } from './createSubgraph.ts';
import type { PrismaLike, SubgraphModule } from './SubgraphModule.ts';

/** Creates and serves one subgraph, logs where, and stops cleanly on SIGINT/SIGTERM. */
export async function runSubgraphMain<TPrisma extends PrismaLike, TContext extends BaseContext>(
  module: SubgraphModule<TPrisma, TContext>,
): Promise<RunningSubgraph> {
  // First, so the spans of every request and SQL statement reach the exporter.
  const tracing = await startTracing({ env: process.env, serviceName: `trackgraph-${module.name}` });
  const subgraph = await createSubgraph(module);
  const running = await serveSubgraph(subgraph);
  console.log(`[${module.name}] ${subgraph.db.location}; cache ${subgraph.cache.kind}; serving ${running.url}`);
  exitOnSignals(module.name, () => running.close().finally(() => tracing?.shutdown()));
  return running;
}
