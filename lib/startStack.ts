import { serveGateway } from '../gateway/src/serveGateway.ts';
import { SUBGRAPH_MODULES } from '../subgraphs/modules.ts';
import { SUBGRAPHS, type SubgraphName } from './config.ts';
import type { RunningServer } from './http/serveApollo.ts';
import { createSubgraph, serveSubgraph, type CreateSubgraphOptions } from './subgraph/createSubgraph.ts';

/** Options for {@link startStack}. */
export interface StartStackOptions {
  env?: NodeJS.ProcessEnv;
  /** Port for each subgraph and the gateway; 0 picks free ones. @default from the environment */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** Per-subgraph database and seeding options (tests pass isolated databases). */
  subgraphOptions?: (name: SubgraphName) => CreateSubgraphOptions;
  log?: (line: string) => void;
}

/** The whole API in one process. */
export interface RunningStack {
  gateway: RunningServer;
  subgraphs: Record<SubgraphName, RunningServer>;
  close(): Promise<void>;
}

/** Starts the four subgraphs (each with its own database, migrated and seeded) and the gateway in front of them. */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const started = await Promise.all(
    SUBGRAPHS.map(async ({ name }) => {
      const subgraph = await createSubgraph(SUBGRAPH_MODULES[name], { env, ...options.subgraphOptions?.(name) });
      const running = await serveSubgraph(subgraph, { env, port: options.ports?.[name] });
      log(`[${name}] ${subgraph.db.location}; cache ${subgraph.cache.kind}; ${running.url}`);
      return [name, running] as const;
    }),
  );
  const subgraphs = Object.fromEntries(started) as unknown as Record<SubgraphName, RunningServer>;
  const gateway = await serveGateway({
    env,
    port: options.ports?.gateway,
    subgraphUrls: Object.fromEntries(started.map(([name, running]) => [name, running.url])),
  });
  return {
    gateway,
    subgraphs,
    async close() {
      await gateway.close();
      await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    },
  };
}
