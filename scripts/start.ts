/**
 * `npm start`: the whole API in one process — the four subgraphs on the
 * embedded defaults (or DATABASE_URL / REDIS_URL), demo data seeded on first
 * start, and the gateway in front of them. SIGTERM/SIGINT drain it: requests
 * in flight finish, then everything closes.
 */
import { startStack } from '../lib/startStack.ts';
import { printAdminKey } from '../gateway/src/auth/printAdminKey.ts';
import { exitOnSignals } from '../lib/exitOnSignals.ts';
import { startTracing } from '../lib/observability/tracing.ts';

// First, so every server's spans (and Prisma's) reach the exporter.
const tracing = startTracing({ env: process.env, serviceName: 'trackgraph' });
const stack = await startStack({ log: (line) => console.log(line) });
if (stack.adminKey) printAdminKey(stack.adminKey, stack.gateway.url);
console.log(`\nTrackgraph gateway ready at ${stack.gateway.url}\n`);
exitOnSignals('trackgraph', () => stack.close().finally(() => tracing?.shutdown()));
