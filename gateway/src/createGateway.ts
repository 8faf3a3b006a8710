import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLFormattedError } from 'graphql';
import { subgraphUrl, type SubgraphName } from '../../lib/config.ts';
import { formatError } from '../../lib/errors.ts';
import { SUPERGRAPH_PATH } from './composeSupergraph.ts';

/** Options for {@link createGateway}. */
export interface GatewayOptions {
  /** Supergraph SDL. @default the checked-in schema/supergraph.graphql */
  supergraphSdl?: string;
  /** URL of each subgraph. @default `<SUBGRAPH>_URL`, else http://localhost:<port>/graphql */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Keeps a subgraph's error code and adds which subgraph raised it
 * (`extensions.serviceName`, set by Apollo Gateway); anything else goes
 * through the shared formatter, which hides internals.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const serviceName = formatted.extensions?.serviceName;
  const result = formatError(formatted, error);
  return typeof serviceName === 'string' ? { ...result, extensions: { ...result.extensions, serviceName } } : result;
}

/** Apollo Gateway inside Apollo Server, serving the composed supergraph. */
export function createGateway(options: GatewayOptions = {}): { server: ApolloServer; gateway: ApolloGateway } {
  const env = options.env ?? process.env;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'),
    // The supergraph records default URLs; where the subgraphs really are is configuration.
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({ url: options.subgraphUrls?.[name as SubgraphName] ?? (env[`${name.toUpperCase().replace(/-/g, '_')}_URL`] || url) }),
  });
  const server = new ApolloServer({
    gateway,
    introspection: true,
    formatError: formatGatewayError,
    // Our entry points stop every server in order on SIGINT/SIGTERM and exit 0.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true })],
  });
  return { server, gateway };
}

/** Base URL of a subgraph's /health, from its GraphQL URL. */
export function healthUrl(graphqlUrl: string): string {
  return new URL('/health', graphqlUrl).toString();
}

export { subgraphUrl };
