import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import type { Caller } from '../auth/Caller.ts';
import { httpDuration, httpRequests, registry } from '../metrics.ts';
import { traceRequests } from '../observability/traceRequests.ts';
import { GracefulDrain } from './GracefulDrain.ts';
import { answerClientError, answerErrors, exactPath, notFound } from './httpErrorHandlers.ts';
import { sendJsonError } from './jsonErrors.ts';

/** What `GET /health` and `GET /ready` report. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  [detail: string]: unknown;
}

/** Per-request values the HTTP layer establishes before GraphQL runs. */
export interface RequestInfo {
  /** From a well-formed `x-request-id`, else a new UUID; echoed in the response. */
  requestId: string;
  /** The exact request body (signatures are computed over it). */
  rawBody?: Buffer;
  /** On a subgraph: the caller the gateway signed (null: anonymous). Never read from unsigned headers. */
  caller?: Caller | null;
}

/** A Node request with what the HTTP layer added. */
export type TrackgraphRequest = IncomingMessage & { trackgraph: RequestInfo };

/** Options for {@link createHttpServer}. */
export interface HttpServerOptions {
  /** `gateway` or the subgraph's name: labels logs and metrics. */
  name: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind. @default "localhost" */
  host?: string;
  /** Largest request body accepted. @default "2mb" */
  bodyLimit?: string;
  /** `GET /health`: the process answers (always 200 while it does; `status` says how it is). */
  health: () => Promise<HealthReport>;
  /** `GET /ready`: should it get traffic (anything but `ok` gives 503; always 503 while draining). */
  ready: () => Promise<HealthReport>;
  /** Handlers for `/graphql` and `/`, after the body is parsed. */
  graphql: RequestHandler[];
  /** Longest wait for in-flight requests on close. @default `SHUTDOWN_GRACE_MS`, else 10000 */
  shutdownGraceMs?: number;
  /** Runs once the HTTP server has drained and closed (stop Apollo, close pools). */
  onClose?: () => Promise<void>;
  /** `METRICS_TOKEN`: when set, `/metrics` wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Count and time every request for /metrics. @default true (off only to measure what it costs) */
  countRequests?: boolean;
  /** Extra routes, mounted before the GraphQL handlers. */
  routes?: (app: Express) => void;
  /** `TRUST_PROXY`: Express's `trust proxy` (`true`, a hop count, or addresses), so `req.ip` is the client behind a proxy. @default none */
  trustProxy?: string;
}

/** Express's `trust proxy` setting from its text form. */
function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** A listening server. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  port: number;
  /** The Node server (tests reach its connections). */
  http: Server;
  /** True once close() has begun. */
  readonly draining: boolean;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then runs onClose. */
  close(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const JSON_TYPES = ['application/json', 'application/*+json'];
// Response headers a browser client may read.
const EXPOSED_HEADERS = ['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-cost-limit', 'x-ratelimit-cost-remaining', 'retry-after'];

/**
 * The HTTP layer every Trackgraph server shares: request ids, JSON bodies with
 * JSON errors (never an HTML page or a stack trace), `/health`, `/ready`,
 * `/metrics`, and a graceful close that loses no request in flight.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { name, host = 'localhost' } = options;
  const grace = options.shutdownGraceMs ?? (Number(process.env.SHUTDOWN_GRACE_MS) || 10_000);

  const app = express();
  const http = createServer(app);
  const drain = new GracefulDrain(http, name);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(options.trustProxy));
  app.use((req, res, next) => {
    const sent = req.headers['x-request-id'];
    const requestId = typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    (req as unknown as TrackgraphRequest).trackgraph = { requestId };
    res.setHeader('x-request-id', requestId);
    drain.track(res);
    if (options.countRequests !== false) {
      const started = process.hrtime.bigint();
      res.once('close', () => {
        const route = req.route?.path ?? (req.path === '/' || req.path === '/graphql' ? '/graphql' : 'other');
        httpRequests.inc({ server: name, route, status: String(res.statusCode) });
        httpDuration.observe({ server: name, route }, Number(process.hrtime.bigint() - started) / 1e9);
      });
    }
    next();
  });

  app.get('/health', async (_req, res) => {
    // Liveness: answering at all is the point; whether to send traffic here is /ready's question.
    const report = await options.health().catch((error: Error) => ({ status: 'down' as const, error: error.message }));
    res.status(200).json({ ...report, draining: drain.draining });
  });
  app.get('/ready', async (_req, res) => {
    if (drain.draining) return void res.status(503).json({ status: 'down', draining: true });
    const report = await options.ready().catch((error: Error) => ({ status: 'down' as const, error: error.message }));
    res.status(report.status === 'ok' ? 200 : 503).json({ ...report, draining: false });
  });
  app.get('/metrics', async (req, res) => {
    if (options.metricsToken && req.headers.authorization !== `Bearer ${options.metricsToken}`) {
      return void sendJsonError(res, 401, 'UNAUTHENTICATED', '/metrics needs `Authorization: Bearer <METRICS_TOKEN>`.');
    }
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  });
  options.routes?.(app);

  const parseJson = express.json({
    limit: options.bodyLimit ?? '2mb',
    type: JSON_TYPES,
    verify: (req, _res, buffer) => {
      (req as unknown as TrackgraphRequest).trackgraph.rawBody = buffer;
    },
  });
  const requireJson: RequestHandler = (req, res, next) => {
    if (req.method === 'POST' && !req.is(JSON_TYPES)) {
      return void sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as `content-type: application/json` (POST) or as a GET query string.');
    }
    // Apollo's Express integration wants a body object even for GET.
    req.body ??= {};
    next();
  };
  app.use(['/graphql', '/'], traceRequests(name));
  app.use(['/graphql', '/'], exactPath, cors({ exposedHeaders: EXPOSED_HEADERS }), parseJson, requireJson, ...options.graphql);

  app.use(notFound);
  app.use(answerErrors(name, (req) => (req as unknown as TrackgraphRequest).trackgraph?.requestId));

  http.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    http,
    get draining() {
      return drain.draining;
    },
    close() {
      closing ??= drain.close(grace).then(() => options.onClose?.());
      return closing;
    },
  };
}
