import cluster, { type Worker } from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningSubgraph } from '../subgraph/createSubgraph.ts';
import { envPrefix, type SubgraphName } from '../config.ts';
import { logger } from '../logger.ts';

/** What a gateway worker tells the primary once it serves. */
export interface WorkerReady {
  type: 'trackgraph:ready';
  url: string;
  adminKey?: string;
}

/** The primary's side: gateway workers that share one port, replaced when one dies. */
export interface GatewayCluster {
  url: string;
  adminKey?: string;
  /** SIGTERM to every worker (each drains its requests), then waits for them all. */
  close(): Promise<void>;
}

// A worker dying at start again and again must not spin the primary.
const RESTART_DELAY_MS = 500;

/**
 * Forks `count` gateway workers (node:cluster, each accepting on the shared gateway
 * port itself) in front of the subgraphs this process
 * serves. The first worker starts alone, so only it migrates the key database and
 * makes the first-start admin key; the others follow. A worker that dies (a
 * signal, or a non-zero exit) while the cluster is not closing is replaced.
 */
export async function runGatewayCluster(count: number, subgraphs: Record<SubgraphName, RunningSubgraph>, env: NodeJS.ProcessEnv): Promise<GatewayCluster> {
  const workerEnv = {
    ...env,
    ...Object.fromEntries(Object.entries(subgraphs).map(([name, running]) => [`${envPrefix(name as SubgraphName)}_URL`, running.url])),
    TRACKGRAPH_ROLE: 'gateway',
  };
  // Workers accept for themselves (not the primary's round-robin): a draining worker then stops taking
  // connections at once, where round-robin would still hand it ones it can only reset.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let closing = false;
  const fork = () =>
    new Promise<WorkerReady>((resolve, reject) => {
      const worker = cluster.fork(workerEnv);
      worker.on('message', (message: WorkerReady) => message?.type === 'trackgraph:ready' && resolve(message));
      worker.once('exit', (code, signal) => {
        reject(new Error(`gateway worker ${worker.process.pid} exited before serving (${signal ?? code})`));
        // Exit code 0 is a worker that was told to stop (SIGTERM to it alone drains it): not a crash.
        if (closing || code === 0) return;
        logger.warn({ pid: worker.process.pid, code, signal }, 'gateway worker exited; starting another');
        void sleep(RESTART_DELAY_MS).then(() => {
          if (!closing) fork().catch((error: Error) => logger.error({ err: error.message }, 'gateway worker did not start'));
        });
      });
    });
  const first = await fork();
  await Promise.all(Array.from({ length: count - 1 }, fork));
  return {
    url: first.url,
    adminKey: first.adminKey,
    async close() {
      closing = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
      await Promise.all(
        workers.map((worker) => {
          const exited = new Promise((resolve) => worker.once('exit', resolve));
          worker.process.kill('SIGTERM');
          return exited;
        }),
      );
    },
  };
}
