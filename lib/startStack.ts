import { serveGateway, type RunningGateway } from '../gateway/src/serveGateway.ts';
import type { GatewayDatabaseOptions } from '../gateway/src/gatewayDatabase.ts';
import { SUBGRAPH_MODULES } from '../subgraphs/modules.ts';
import { randomSigningSecret } from './auth/requestSigning.ts';
import { SUBGRAPHS, type SubgraphName } from './config.ts';
import { createSubgraph, serveSubgraph, type CreateSubgraphOptions, type RunningSubgraph } from './subgraph/createSubgraph.ts';

/** Options for {@link startStack}. */
export interface StartStackOptions {
  env?: NodeJS.ProcessEnv;
  /** Port for each subgraph and the gateway; 0 picks free ones. @default from the environment */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** Per-subgraph database and seeding options (tests pass isolated databases). */
  subgraphOptions?: (name: SubgraphName) => CreateSubgraphOptions;
  /** The gateway's database and first-start key. */
  gatewayOptions?: GatewayDatabaseOptions;
  log?: (line: string) => void;
}

/** The whole API in one process. */
export interface RunningStack {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** The admin key the gateway created on its first start (printed once), if it did. */
  adminKey?: string;
  /** Drains the gateway first (requests in flight finish), then the subgraphs. */
  close(): Promise<void>;
}

/**
 * Starts the four subgraphs (each with its own database, migrated and seeded)
 * and the gateway in front of them. Embedded, those databases are schemas of one
 * PGlite at `<DATA_DIR>/pgdata`. Without `SUBGRAPH_SIGNING_SECRET` a random
 * secret is made for these processes, so the subgraphs answer only this gateway.
 */
export async function startStack(options: StartStackOptions = {}): Promise<RunningStack> {
  const env = { ...(options.env ?? process.env) };
  env.SUBGRAPH_SIGNING_SECRET ||= randomSigningSecret();
  const subgraphs = await startSubgraphs({ ...options, env });
  const started = Object.entries(subgraphs);
  let gateway: RunningGateway;
  try {
    gateway = await serveGateway({
      env,
      port: options.ports?.gateway,
      subgraphUrls: Object.fromEntries(started.map(([name, running]) => [name, running.url])),
      // PGlite admits one process: every write to these databases happens here, where the entity cache sees it.
      inProcessWriters: started.every(([, running]) => running.subgraph.db.kind === 'pglite'),
      ...options.gatewayOptions,
      database: { shared: true, ...options.gatewayOptions?.database },
    });
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    throw error;
  }
  const { entityCache } = gateway.gateway;
  options.log?.(`[gateway] ${gateway.gateway.database.db.location}; API keys; entity cache ${entityCache.kind === 'off' ? `off (${entityCache.reason})` : entityCache.kind}; ${gateway.url}`);
  return {
    gateway,
    subgraphs,
    adminKey: gateway.gateway.adminKey,
    async close() {
      await gateway.close();
      await Promise.all(Object.values(subgraphs).map((s) => s.close()));
    },
  };
}

/**
 * The four subgraphs, each with its database migrated and seeded, serving HTTP
 * (`options.env` must carry the signing secret the gateway will use).
 */
export async function startSubgraphs(options: StartStackOptions & { env: NodeJS.ProcessEnv }): Promise<Record<SubgraphName, RunningSubgraph>> {
  const { env } = options;
  const log = options.log ?? (() => undefined);
  const started = await Promise.all(
    SUBGRAPHS.map(async ({ name }) => {
      // Embedded, every database of the stack is a schema of one PGlite (one initdb, one WebAssembly heap).
      // A new cluster from the demo template skips migrating and seeding (unless demo data is off).
      const subgraph = await createSubgraph(SUBGRAPH_MODULES[name], { env, shared: true, demoTemplate: env.SEED_DEMO !== 'false', ...options.subgraphOptions?.(name) });
      const running = await serveSubgraph(subgraph, { env, port: options.ports?.[name] });
      log(`[${name}] ${subgraph.db.location}; cache ${subgraph.cache.kind}; ${running.url}`);
      return [name, running] as const;
    }),
  );
  return Object.fromEntries(started) as unknown as Record<SubgraphName, RunningSubgraph>;
}
