/**
 * `npm start`: the whole API — the four subgraphs on the embedded defaults (or
 * DATABASE_URL / REDIS_URL), demo data seeded on first start, and the gateway in
 * front of them. One process, or with GATEWAY_WORKERS > 1 (the default on a
 * server database with Redis and more than one core) the subgraphs here and the
 * gateway in that many worker processes sharing its port. SIGTERM/SIGINT drain
 * it: requests in flight finish, then everything closes.
 */
import cluster from 'node:cluster';
import { startStack, startSubgraphs } from '../lib/startStack.ts';
import { printAdminKey } from '../gateway/src/auth/printAdminKey.ts';
import { randomSigningSecret } from '../lib/auth/requestSigning.ts';
import { exitOnSignals } from '../lib/exitOnSignals.ts';
import { startTracing } from '../lib/observability/tracing.ts';
import { runGatewayCluster } from '../lib/workers/runGatewayCluster.ts';
import { runGatewayWorker } from '../lib/workers/runGatewayWorker.ts';
import { workerCounts } from '../lib/workers/workerCounts.ts';

if (cluster.isWorker && process.env.TRACKGRAPH_ROLE === 'gateway') {
  await runGatewayWorker();
} else {
  const counts = workerCounts(process.env);
  // First, so every server's spans (and Prisma's) reach the exporter.
  const tracing = await startTracing({ env: process.env, serviceName: 'trackgraph' });
  const log = (line: string) => console.log(line);
  if (counts.gateway === 1) {
    if (counts.reason !== 'one core') log(`[gateway] one process: ${counts.reason}`);
    const stack = await startStack({ log });
    if (stack.adminKey) printAdminKey(stack.adminKey, stack.gateway.url);
    console.log(`\nTrackgraph gateway ready at ${stack.gateway.url}\n`);
    exitOnSignals('trackgraph', () => stack.close().finally(() => tracing?.shutdown()));
  } else {
    // One secret for this process's subgraphs and every gateway worker.
    process.env.SUBGRAPH_SIGNING_SECRET ||= randomSigningSecret();
    const subgraphs = await startSubgraphs({ env: process.env, log });
    const gateways = await runGatewayCluster(counts.gateway, subgraphs, process.env);
    log(`[gateway] ${counts.gateway} worker processes (${counts.reason}); ${gateways.url}`);
    if (gateways.adminKey) printAdminKey(gateways.adminKey, gateways.url);
    console.log(`\nTrackgraph gateway ready at ${gateways.url}\n`);
    exitOnSignals('trackgraph', async () => {
      await gateways.close();
      await Promise.all(Object.values(subgraphs).map((s) => s.close()));
      await tracing?.shutdown();
    });
  }
}
