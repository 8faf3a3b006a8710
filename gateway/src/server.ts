/**
 * Starts the gateway alone (`npm run start:gateway`): the subgraphs must be
 * running at their `<SUBGRAPH>_URL`s with the same `SUBGRAPH_SIGNING_SECRET`.
 */
import { exitOnSignals } from '../../lib/exitOnSignals.ts';
import { printAdminKey } from './auth/printAdminKey.ts';
import { serveGateway } from './serveGateway.ts';

const running = await serveGateway();
if (running.gateway.adminKey) printAdminKey(running.gateway.adminKey, running.url);
console.log(`[gateway] serving ${running.url}`);
exitOnSignals('gateway', () => running.close());
