/**
 * Starts the gateway alone (`npm run start:gateway`): the subgraphs must be
 * running at their `<SUBGRAPH>_URL`s with the same `SUBGRAPH_SIGNING_SECRET`.
 */
import '../../lib/productionMode.ts';
import { exitOnSignals } from '../../lib/exitOnSignals.ts';
import { startTracing } from '../../lib/observability/tracing.ts';
import { printAdminKey } from './auth/printAdminKey.ts';
import { serveGateway } from './serveGateway.ts';

// First, so every request's spans reach the exporter.
const tracing = await startTracing({ env: process.env, serviceName: 'trackgraph-gateway' });
const running = await serveGateway();
if (running.gateway.adminKey) printAdminKey(running.gateway.adminKey, running.url);
console.log(`[gateway] serving ${running.url}`);
exitOnSignals('gateway', () => running.close().finally(() => tracing?.shutdown()));
