import type { IncomingMessage } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import { createHttpServer, type HealthReport, type RunningServer, type TrackgraphRequest } from './createHttpServer.ts';

export type { HealthReport, RunningServer, TrackgraphRequest };

/** Options for {@link serveApollo}. */
export interface ServeApolloOptions<TContext extends BaseContext> {
  /** `gateway` or the subgraph's name (logs, metrics). */
  name: string;
  /** A not-yet-started Apollo Server; it is started here and stopped on close. */
  server: ApolloServer<TContext>;
  /** Builds the per-request context (loaders are created here, never shared). */
  context: (req: TrackgraphRequest) => Promise<TContext>;
  /** `GET /health` (liveness: always 200 while the process answers). */
  health: () => Promise<HealthReport>;
  /** `GET /ready`; anything but `ok` gives HTTP 503. @default health */
  ready?: () => Promise<HealthReport>;
  /** Runs before GraphQL (e.g. the signature check); may answer the request itself. */
  before?: RequestHandler[];
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind. @default "localhost" */
  host?: string;
  /** Largest request body accepted. @default "2mb" */
  bodyLimit?: string;
  /** Runs after the HTTP server and Apollo have stopped. */
  onClose?: () => Promise<void>;
  /** Longest drain on close. @default `SHUTDOWN_GRACE_MS`, else 10000 */
  shutdownGraceMs?: number;
}

/** Serves one Apollo Server at `/graphql` (and `/`) on the shared HTTP layer. */
export async function serveApollo<TContext extends BaseContext>(options: ServeApolloOptions<TContext>): Promise<RunningServer> {
  const { server } = options;
  await server.start();
  const graphql = expressMiddleware(server, { context: async ({ req }) => options.context(req as IncomingMessage as TrackgraphRequest) });
  return createHttpServer({
    name: options.name,
    port: options.port,
    host: options.host,
    bodyLimit: options.bodyLimit,
    shutdownGraceMs: options.shutdownGraceMs,
    health: options.health,
    ready: options.ready ?? options.health,
    graphql: [...(options.before ?? []), graphql],
    onClose: async () => {
      await server.stop();
      await options.onClose?.();
    },
  });
}
