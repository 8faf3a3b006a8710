import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RequestHandler } from 'express';
import { sendJsonError } from '../../../lib/http/jsonErrors.ts';
import type { IdentifiedRequest } from '../auth/authenticate.ts';
import { rejected } from '../observability/gatewayMetrics.ts';
import { LimitError, type Measures, type OperationGuard } from './OperationGuard.ts';

/** What the guard found, for the Apollo context. */
export type GuardedRequest = IdentifiedRequest & { measures?: Measures };

/** A GraphQL-over-HTTP request's parts, from a POST body or a GET query string. */
function operationOf(req: Parameters<RequestHandler>[0]): { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown } {
  if (req.method !== 'GET') return (req.body ?? {}) as Record<string, unknown>;
  const params = new URL(req.originalUrl, 'http://gateway').searchParams;
  const json = (name: string) => {
    const raw = params.get(name);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };
  return { query: params.get('query') ?? undefined, variables: json('variables'), operationName: params.get('operationName') ?? undefined, extensions: json('extensions') };
}

/**
 * Express middleware, before Apollo Server parses or validates anything:
 * refuses batched arrays, and measures the operation (a persisted query is
 * looked up first) against the caller's plan. Over a limit: HTTP 400 with one
 * error (`QUERY_TOO_COMPLEX` or `DOCUMENT_TOO_LARGE`, with `measure`, `value`,
 * `limit`, `cost`), and no subgraph is asked anything.
 */
export function guardOperation(guard: OperationGuard, persistedQueries: KeyValueCache<string>): RequestHandler {
  return async (req, res, next) => {
    const request = req as unknown as GuardedRequest;
    if (Array.isArray(req.body)) {
      rejected.inc({ code: 'BAD_REQUEST', measure: 'batch' });
      return sendJsonError(res, 400, 'BAD_REQUEST', 'Batched requests are not accepted: send one operation per request (they run in parallel over HTTP/1.1 keep-alive or HTTP/2).');
    }
    const operation = operationOf(req);
    let source = typeof operation.query === 'string' ? operation.query : undefined;
    const hash = (operation.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    if (source === undefined && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) source = await persistedQueries.get(`apq:${hash}`);
    // Nothing to measure (no query, an unknown hash): Apollo Server answers that.
    if (source === undefined) return next();
    try {
      const measures = guard.inspect(
        {
          source,
          operationName: typeof operation.operationName === 'string' ? operation.operationName : undefined,
          variables: operation.variables && typeof operation.variables === 'object' ? (operation.variables as Record<string, unknown>) : undefined,
        },
        request.identity.plan,
      );
      if (measures) request.measures = measures;
    } catch (error) {
      if (!(error instanceof LimitError)) return next(error);
      const { http: _http, code, ...details } = error.extensions as Record<string, unknown>;
      return sendJsonError(res, 400, String(code), error.message, details);
    }
    next();
  };
}
