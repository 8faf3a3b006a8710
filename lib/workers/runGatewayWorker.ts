import { serveGateway } from '../../gateway/src/serveGateway.ts';
import { exitOnSignals } from '../exitOnSignals.ts';
import { startTracing } from '../observability/tracing.ts';
import type { WorkerReady } from './runGatewayCluster.ts';

/** A gateway worker of `npm start`: serves the shared port and tells the primary (which prints the ready line and the key). */
export async function runGatewayWorker(): Promise<void> {
  const tracing = await startTracing({ env: process.env, serviceName: 'trackgraph' });
  const running = await serveGateway();
  const ready: WorkerReady = { type: 'trackgraph:ready', url: running.url, ...(running.gateway.adminKey ? { adminKey: running.gateway.adminKey } : {}) };
  process.send?.(ready);
  exitOnSignals('gateway worker', () => running.close().finally(() => tracing?.shutdown()));
}
