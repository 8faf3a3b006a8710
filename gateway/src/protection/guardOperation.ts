import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RequestHandler } from 'express';
import { ErrorCode, TrackgraphError } from '../../../lib/errors.ts';
import { sendJsonError } from '../../../lib/http/jsonErrors.ts';
import type { IdentifiedRequest } from '../auth/authenticate.ts';
import { rejected } from '../observability/gatewayMetrics.ts';
import { LimitError, type Measures, type OperationGuard } from './OperationGuard.ts';
import type { RegisteredOperations } from './RegisteredOperations.ts';

/** What the guard found: the measures (for the Apollo context and the rate limit), or why the operation is refused. */
export type GuardedRequest = IdentifiedRequest & { measures?: Measures; refusal?: TrackgraphError };

/** The key may run registered operations only, and this is not one (HTTP 403). */
export class NotRegisteredError extends TrackgraphError {
  constructor() {
    super(ErrorCode.OPERATION_NOT_REGISTERED, 'This API key may run registered operations only, and this is not one of them (see schema/operations/).', {}, 403);
    rejected.inc({ code: ErrorCode.OPERATION_NOT_REGISTERED, measure: 'none' });
  }
}

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
 * looked up first) against the caller's plan, and for a key limited to
 * registered operations, checks it is one. A refused operation is answered by
 * {@link refuseOverLimit} once the rate limit has counted it.
 */
export function guardOperation(guard: OperationGuard, persistedQueries: KeyValueCache<string>, registered: RegisteredOperations): RequestHandler {
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
    const registeredOnly = request.identity.apiKey?.registeredOperationsOnly ?? false;
    // Nothing to measure (no query, an unknown hash): Apollo Server answers that; a registered-only key has nothing to run.
    if (source === undefined) {
      if (registeredOnly && typeof hash !== 'string') request.refusal = new NotRegisteredError();
      return next();
    }
    try {
      const inspected = guard.inspect(
        {
          source,
          operationName: typeof operation.operationName === 'string' ? operation.operationName : undefined,
          variables: operation.variables && typeof operation.variables === 'object' ? (operation.variables as Record<string, unknown>) : undefined,
        },
        request.identity.plan,
      );
      if (inspected) request.measures = inspected.measures;
      if (registeredOnly && (!inspected || !registered.nameOf(inspected.document))) request.refusal = new NotRegisteredError();
    } catch (error) {
      if (!(error instanceof LimitError)) return next(error);
      request.refusal = error;
    }
    next();
  };
}

/**
 * Express middleware: answers an operation the guard refused with one error:
 * over a limit, HTTP 400 (`QUERY_TOO_COMPLEX` or `DOCUMENT_TOO_LARGE`, with
 * `measure`, `value`, `limit` and `cost`); not registered, HTTP 403
 * (`OPERATION_NOT_REGISTERED`). Nothing was parsed by Apollo, planned, or
 * sent to a subgraph.
 */
export const refuseOverLimit: RequestHandler = (req, res, next) => {
  const { refusal } = req as unknown as GuardedRequest;
  if (!refusal) return next();
  const { http, code, ...details } = refusal.extensions as { http?: { status?: number }; code: string };
  sendJsonError(res, http?.status ?? 400, code, refusal.message, details);
};
