import type { BaseContext } from '@apollo/server';
import { exitOnSignals } from '../exitOnSignals.ts';
import { createSubgraph, serveSubgraph, type RunningSubgraph } from './createSubgraph.ts';
import type { PrismaLike, SubgraphModule } from './SubgraphModule.ts';

/** Creates and serves one subgraph, logs where, and stops cleanly on SIGINT/SIGTERM. */
export async function runSubgraphMain<TPrisma extends PrismaLike, TContext extends BaseContext>(
  module: SubgraphModule<TPrisma, TContext>,
): Promise<RunningSubgraph> {
  const subgraph = await createSubgraph(module);
  const running = await serveSubgraph(subgraph);
  console.log(`[${module.name}] ${subgraph.db.location}; cache ${subgraph.cache.kind}; serving ${running.url}`);
  exitOnSignals(module.name, () => running.close());
  return running;
}
