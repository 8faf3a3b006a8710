import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import type { GatewayCacheHint, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Pool, type Dispatcher } from 'undici';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { signRequest } from '../../../lib/auth/requestSigning.ts';
import { ErrorCode } from '../../../lib/errors.ts';
import { logger } from '../../../lib/logger.ts';
import { subgraphFetchDuration, subgraphFetchErrors } from '../observability/gatewayMetrics.ts';
import type { FetchBatcher, SendOutcome } from './batchFetches.ts';
import { callerIdentity } from './callerIdentity.ts';
import type { InFlightFetches } from './dedupeInFlight.ts';
import { fetchErrorPath, type ErrorPath } from './fetchErrorPath.ts';

/** Options for {@link SubgraphDataSource}. */
export interface SubgraphDataSourceOptions {
  /** The subgraph's name (errors say which subgraph failed). */
  name: string;
  /** Its GraphQL endpoint. */
  url: string;
  /** HMAC secret shared with the subgraphs; requests are signed with it. Empty: unsigned (benchmarks' baseline only). */
  signingSecret: string;
  /** Longest wait for a whole answer. @default 10000 */
  timeoutMs?: number;
  /** Most sockets open to the subgraph at once; further requests queue. @default 64 */
  connections?: number;
  /** Idle time after which a pooled socket is closed, below the subgraph's keep-alive (5 s). @default 4000 */
  keepAliveTimeoutMs?: number;
  /** Identical fetches in flight, shared by every subgraph's client; unset: every fetch goes out. */
  inFlight?: InFlightFetches;
  /** Merges the fetches ready in one turn of the event loop with the same query and caller; unset: each fetch alone. */
  batcher?: FetchBatcher;
}

/** What the gateway hands each subgraph fetch (the Apollo context of the request). */
export interface SubgraphFetchContext {
  caller: Caller | null;
  requestId: string;
}

// Failures that happen before a subgraph has read the request: safe to send it once more.
const RETRYABLE = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ECONNREFUSED']);
// A mutation is retried only when it cannot have arrived at all.
const RETRYABLE_MUTATION = new Set(['ECONNREFUSED']);

type FetchContext = SubgraphFetchContext & Record<string, unknown>;

/**
 * The gateway's client for one subgraph: a bounded pool of keep-alive
 * connections (undici), a deadline per request, one retry for a request lost
 * on a connection the subgraph had just closed, and a signature on every
 * request carrying the verified caller. A subgraph that fails, hangs or
 * answers garbage yields a SERVICE_UNAVAILABLE error for its fields only
 * (with `serviceName`, and a path to the first of them), never a thrown error
 * that would sink the whole response.
 */
export class SubgraphDataSource implements GraphQLDataSource<FetchContext> {
  readonly #options: Required<Omit<SubgraphDataSourceOptions, 'inFlight' | 'batcher'>>;
  readonly #inFlight: InFlightFetches | undefined;
  readonly #batcher: FetchBatcher | undefined;
  readonly #pool: Pool;
  readonly #path: string;

  constructor(options: SubgraphDataSourceOptions) {
    this.#options = { timeoutMs: 10_000, connections: 64, keepAliveTimeoutMs: 4_000, ...options };
    this.#inFlight = options.inFlight;
    this.#batcher = options.batcher;
    const url = new URL(options.url);
    this.#path = `${url.pathname}${url.search}`;
    this.#pool = new Pool(url.origin, {
      connections: this.#options.connections,
      keepAliveTimeout: this.#options.keepAliveTimeoutMs,
      keepAliveMaxTimeout: this.#options.keepAliveTimeoutMs,
      headersTimeout: this.#options.timeoutMs,
      bodyTimeout: this.#options.timeoutMs,
    });
  }

  /** Sends one fetch of a query plan; the subgraph's cache hint narrows the response's. */
  async process(options: GraphQLDataSourceProcessOptions<FetchContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    const forwarded: Record<string, string> = {};
    // Headers the gateway itself adds to a fetch (e.g. asking for a federated trace).
    for (const [name, value] of request.http?.headers ?? []) forwarded[name] = value;
    // Worked out only when the fetch fails (parsing is not free).
    const failedPath = () => fetchErrorPath(request.query);
    const isMutation = /^\s*mutation\b/.test(request.query ?? '');
    const context = options.context as FetchContext;
    const sendBody = (sent: string) => this.#sendWithRetry(sent, forwarded, isMutation, context);
    // Traces and other headers the gateway adds belong to one fetch: those go out alone, as do writes.
    const batchable = this.#batcher && !isMutation && request.query && Object.keys(forwarded).length === 0;
    const send = async () => {
      const outcome = batchable
        ? await this.#batcher!.run({ query: request.query!, variables: request.variables, operationName: request.operationName }, body, callerIdentity(context), sendBody)
        : await sendBody(body);
      return 'failed' in outcome ? this.#error(failedPath, outcome.failed) : outcome.response;
    };
    const response = await (this.#inFlight ? this.#inFlight.run(this.#options.name, options, body, send) : send());
    if ('incomingRequestContext' in options) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict(cacheHint(response.http?.headers.get('cache-control')));
    }
    return response;
  }

  async #sendWithRetry(body: string, forwarded: Record<string, string>, isMutation: boolean, context: FetchContext): Promise<SendOutcome> {
    const started = process.hrtime.bigint();
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#send(body, forwarded, context);
        } catch (error) {
          const { code = '', afterResponse } = error as { code?: string; afterResponse?: boolean };
          const retryable = attempt === 1 && !afterResponse && (isMutation ? RETRYABLE_MUTATION : RETRYABLE).has(code);
          if (!retryable) throw error;
        }
      }
    } catch (error) {
      return this.#unavailable(error as Error & { code?: string }, context);
    } finally {
      subgraphFetchDuration.observe({ subgraph: this.#options.name }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  async #send(body: string, forwarded: Record<string, string>, context: SubgraphFetchContext): Promise<SendOutcome> {
    // Signed per attempt: a retry is a new request with a fresh nonce.
    const headers: Record<string, string> = {
      ...forwarded,
      'content-type': 'application/json',
      accept: 'application/json',
      ...(this.#options.signingSecret
        ? signRequest(this.#options.signingSecret, { method: 'POST', path: this.#path, body, caller: context.caller ?? null, requestId: context.requestId })
        : { 'x-request-id': context.requestId }),
    };
    propagation.inject(otelContext.active(), headers);
    // Not AbortSignal.timeout(): its timer fires after every request, answered or not, building a DOMException (a stack trace) each time.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no answer within ${this.#options.timeoutMs} ms`, 'TimeoutError')), this.#options.timeoutMs);
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await this.#pool.request({ path: this.#path, method: 'POST', headers, body, signal: deadline.signal });
      try {
        text = await response.body.text();
      } catch (error) {
        // Part of the answer arrived: the subgraph ran the request, so it is not sent again.
        throw Object.assign(error as Error, { afterResponse: true });
      }
    } finally {
      clearTimeout(timer);
    }
    const responseHeaders = new Map<string, string>();
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const isGraphQL = typeof parsed === 'object' && parsed !== null && ('data' in parsed || 'errors' in parsed);
    if (response.statusCode === 401) {
      logger.error({ subgraph: this.#options.name, requestId: context.requestId }, 'subgraph refused the gateway signature: SUBGRAPH_SIGNING_SECRET differs between the gateway and this subgraph');
      return { failed: 'refused the gateway (signature)' };
    }
    // A subgraph's own GraphQL errors (also on 400, e.g. a bad variable) keep their codes.
    if (isGraphQL) return { response: { ...(parsed as GatewayGraphQLResponse), http: { headers: responseHeaders } } as unknown as GatewayGraphQLResponse };
    subgraphFetchErrors.inc({ subgraph: this.#options.name, reason: `http_${response.statusCode}` });
    return { failed: `answered HTTP ${response.statusCode} without a GraphQL body` };
  }

  #unavailable(error: Error & { code?: string }, context: SubgraphFetchContext): SendOutcome {
    const timedOut = error.name === 'TimeoutError' || error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT';
    const reason = timedOut ? 'timeout' : (error.code ?? 'error');
    subgraphFetchErrors.inc({ subgraph: this.#options.name, reason });
    logger.warn({ subgraph: this.#options.name, requestId: context.requestId, reason, err: error.message }, 'subgraph fetch failed');
    return { failed: timedOut ? `did not answer within ${this.#options.timeoutMs} ms` : 'could not be reached' };
  }

  #error(failedPath: () => ErrorPath | undefined, what: string): GatewayGraphQLResponse {
    const path = failedPath();
    const error = { message: `The ${this.#options.name} subgraph ${what}; its fields are null in this response.`, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    return { errors: [path ? { ...error, path } : error] } as GatewayGraphQLResponse;
  }

  /** Closes the connection pool (after the gateway has drained). */
  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** A subgraph's `Cache-Control` answer as a cache hint (no header: not cacheable). */
export function cacheHint(header: string | null | undefined): GatewayCacheHint {
  const hint: GatewayCacheHint = { maxAge: 0 };
  for (const part of (header ?? '').split(',')) {
    const [name, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (name === 'max-age' && value && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}
