/**
 * A peer for `npm run bench gateways`: a stock `@apollo/gateway` in a stock
 * `@apollo/server` (standalone server, no plugins), serving the benchmark's
 * supergraph. Its `RemoteGraphQLDataSource` keeps its own fetcher
 * (make-fetch-happen); a wrapper only adds our signature headers, since our
 * subgraphs answer signed requests alone.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { SubgraphName } from '../../../lib/config.ts';
import { peerConfigFromEnv, plainHeaders, signPeerRequest } from './peerSigning.ts';

const config = peerConfigFromEnv();
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(config.supergraph, 'utf8'),
  buildService({ name, url }) {
    const source = new RemoteGraphQLDataSource({ url: config.subgraphUrls[name as SubgraphName] ?? url });
    const stockFetcher = source.fetcher;
    source.fetcher = (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      return stockFetcher(input, { ...init, headers: { ...plainHeaders(init?.headers), ...signPeerRequest(config, input, body) } });
    };
    return source;
  },
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: config.port, host: config.host } });
console.log(`[apollo-gateway] serving ${url.replace(/\/$/, '')}/graphql`);
const stop = () => void server.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
