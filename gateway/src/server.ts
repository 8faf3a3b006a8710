/** Starts the gateway alone (`npm run start:gateway`); the subgraphs must be running at their URLs. */
import { serveGateway } from './serveGateway.ts';

const running = await serveGateway();
console.log(`[gateway] serving ${running.url}`);
const stop = () => void running.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
