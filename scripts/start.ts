/**
 * `npm start`: the whole API in one process — the four subgraphs on the
 * embedded defaults (or DATABASE_URL / REDIS_URL), demo data seeded on first
 * start, and the gateway in front of them.
 */
import { startStack } from '../lib/startStack.ts';

const stack = await startStack({ log: (line) => console.log(line) });
console.log(`\nTrackgraph gateway ready at ${stack.gateway.url}\n`);
const stop = () => void stack.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
