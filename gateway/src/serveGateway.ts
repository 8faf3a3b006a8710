import type { IncomingMessage } from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import type { RequestHandler } from 'express';
import { hostFromEnv, intFromEnv, type SubgraphName } from '../../lib/config.ts';
import { createHttpServer, type RunningServer } from '../../lib/http/createHttpServer.ts';
import { PROFILE_ID_HEADER, withProfileHeader, type Caller } from '../../lib/auth/Caller.ts';
import { authenticate } from './auth/authenticate.ts';
import type { Plan } from './protection/plans.ts';
import { guardOperation, refuseOverLimit, type GuardedRequest } from './protection/guardOperation.ts';
import { rateLimit } from './protection/rateLimit.ts';
import type { GatewayContext } from './context.ts';
import { createGateway, type Gateway, type GatewayOptions } from './createGateway.ts';

/** Options for {@link serveGateway}. */
export interface ServeGatewayOptions extends GatewayOptions {
  /** @default `GATEWAY_PORT`, else 4000 */
  port?: number;
  /** @default `HOST`, else localhost */
  host?: string;
}

/** The serving gateway. */
export interface RunningGateway extends RunningServer {
  gateway: Gateway;
}

/** A subgraph's state as the gateway sees it: `ok`, `down` (no answer in a second) or its own word. */
async function probe(url: string, path: '/health' | '/ready'): Promise<string> {
  try {
    const response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { status?: string };
    return response.ok ? (body.status ?? 'ok') : (body.status ?? 'down');
  } catch {
    return 'down';
  }
}

/** Benchmarks' baseline: every request is `caller`, nothing looked up. */
function fixedCaller(caller: Caller, plans: Record<string, Plan>): RequestHandler {
  return (req, _res, next) => {
    (req as unknown as GuardedRequest).identity = { caller, apiKey: null, contract: caller.contract, plan: plans[caller.plan]!, clientIp: req.ip ?? '' };
    next();
  };
}

/** Serves the gateway: identification, then the caller's contract; `/health` and `/ready` report each subgraph. */
export async function serveGateway(options: ServeGatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const disable = options.disable ?? {};
  const gateway = await createGateway(options);
  await gateway.start();
  const { services } = gateway;
  const handlers = new Map<string, RequestHandler>();
  for (const [contract, server] of gateway.servers) {
    handlers.set(
      contract,
      expressMiddleware(server, {
        context: async ({ req }): Promise<GatewayContext> => {
          const request = req as IncomingMessage as GuardedRequest;
          // The client's profile rides in the signed caller: a subgraph never reads it from a header of its own.
          const caller = withProfileHeader(request.identity.caller, req.headers[PROFILE_ID_HEADER]);
          return { ...request.identity, caller, requestId: request.trackgraph.requestId, measures: request.measures, services };
        },
      }),
    );
  }
  const dispatch: RequestHandler = (req, res, next) => handlers.get((req as unknown as GuardedRequest).identity.contract)!(req, res, next);
  const subgraphStates = (path: '/health' | '/ready') =>
    Promise.all(Object.entries(gateway.subgraphUrls).map(async ([name, url]) => [name, await probe(url, path)] as const)).then(
      (states) => Object.fromEntries(states) as Record<SubgraphName, string>,
    );

  const running = await createHttpServer({
    name: 'gateway',
    port: options.port ?? intFromEnv(env, 'GATEWAY_PORT', 4000),
    host: options.host ?? hostFromEnv(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    trustProxy: env.TRUST_PROXY,
    shutdownGraceMs: intFromEnv(env, 'SHUTDOWN_GRACE_MS', 10_000),
    countRequests: !disable.metrics,
    // The front door, in order: who is calling, what the operation costs, whether the caller may spend it, refusal, execution.
    graphql: [
      disable.authentication ? fixedCaller(disable.authentication, services.plans) : authenticate({ keys: services.keys, contracts: [...gateway.servers.keys()], plans: services.plans, authRequired: gateway.authRequired }),
      ...(disable.limits ? [] : [guardOperation(services.guard, services.persistedQueries, services.registered)]),
      ...(disable.rateLimits ? [] : [rateLimit(services.rateLimiter)]),
      ...(disable.limits ? [] : [refuseOverLimit]),
      dispatch,
    ],
    health: async () => {
      const subgraphs = await subgraphStates('/health');
      // The gateway itself answers; a subgraph that does not makes it degraded, not down.
      return { status: Object.values(subgraphs).every((s) => s === 'ok') ? 'ok' : 'degraded', subgraphs };
    },
    ready: async () => {
      const subgraphs = await subgraphStates('/ready');
      return { status: Object.values(subgraphs).every((s) => s === 'ok') ? 'ok' : 'degraded', supergraph: 'loaded', subgraphs };
    },
    onClose: () => gateway.stop(),
  });
  return Object.assign(running, { gateway });
}
