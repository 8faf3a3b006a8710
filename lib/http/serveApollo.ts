import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';

/** What `GET /health` reports. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  [detail: string]: unknown;
}

/** Options for {@link serveApollo}. */
export interface ServeApolloOptions<TContext extends BaseContext> {
  /** A started-or-not Apollo Server; it is started here. */
  server: ApolloServer<TContext>;
  /** Builds the per-request context (loaders are created here, never shared). */
  context: (req: IncomingMessage) => Promise<TContext>;
  /** Answers `GET /health`; `down` gives HTTP 503. */
  health: () => Promise<HealthReport>;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind. @default "localhost" */
  host?: string;
  /** Largest request body accepted. @default "2mb" */
  bodyLimit?: string;
}

/** A listening server. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves an Apollo Server at `/graphql` (and `/`), with `GET /health`, on node:http via Express. */
export async function serveApollo<TContext extends BaseContext>(options: ServeApolloOptions<TContext>): Promise<RunningServer> {
  const { server, host = 'localhost' } = options;
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const report = await options.health().catch((error: Error) => ({ status: 'down' as const, error: error.message }));
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });
  const graphql = expressMiddleware(server, { context: async ({ req }) => options.context(req) });
  app.use(['/graphql', '/'], cors(), express.json({ limit: options.bodyLimit ?? '2mb' }), graphql);
  const http = createServer(app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    async close() {
      await server.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
