/**
 * A peer for `npm run bench gateways`: Hive Gateway (`@graphql-hive/gateway`)
 * with its defaults, serving the benchmark's supergraph. The one addition is
 * an `onFetch` hook that signs each subgraph request as our gateway would
 * (our subgraphs answer nothing else); it runs below Hive's in-flight
 * deduplication, which therefore stays on as by default.
 */
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { peerConfigFromEnv, plainHeaders, signPeerRequest } from './peerSigning.ts';

const config = peerConfigFromEnv();
const gateway = createGatewayRuntime({
  supergraph: config.supergraph,
  // Only where each subgraph listens changes; kind, options and everything else stay the supergraph's and Hive's.
  transportEntries: Object.fromEntries(Object.entries(config.subgraphUrls).map(([name, location]) => [name, { location }])),
  plugins: () => [
    {
      onFetch({ url, options, setOptions }) {
        const body = typeof options.body === 'string' ? options.body : '';
        setOptions({ ...options, headers: { ...plainHeaders(options.headers), ...signPeerRequest(config, url, body) } });
      },
    },
  ],
});
const server = createServer(gateway);
await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
console.log(`[hive-gateway] serving http://${config.host}:${config.port}/graphql`);
const stop = () => void Promise.resolve(gateway.dispose()).finally(() => server.close(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
