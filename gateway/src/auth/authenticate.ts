import type { RequestHandler } from 'express';
import { parse, Kind } from 'graphql';
import type { TrackgraphRequest } from '../../../lib/http/createHttpServer.ts';
import { sendJsonError } from '../../../lib/http/jsonErrors.ts';
import { ANONYMOUS_CONTRACT } from '../contracts/contracts.ts';
import { rejected } from '../observability/gatewayMetrics.ts';
import { ANONYMOUS_PLAN, type Plan } from '../protection/plans.ts';
import { presentedApiKey } from './apiKeySecrets.ts';
import { ApiKeyStore, type ApiKeyRecord } from './ApiKeyStore.ts';
import type { Caller } from '../../../lib/auth/Caller.ts';

const NO_PARAMS = new URLSearchParams();

/** Who the gateway established a request comes from. */
export interface Identity {
  caller: Caller | null;
  apiKey: ApiKeyRecord | null;
  contract: string;
  plan: Plan;
  clientIp: string;
}

/** A request after {@link authenticate}. */
export type IdentifiedRequest = TrackgraphRequest & { identity: Identity };

/** Options for {@link authenticate}. */
export interface AuthenticateOptions {
  keys: ApiKeyStore;
  contracts: readonly string[];
  plans: Record<string, Plan>;
  /** `AUTH_REQUIRED=true`: anonymous requests are refused (all but the key bootstrap). */
  authRequired: boolean;
}

/** Whether an anonymous request body is nothing but `mutation { bootstrapApiKey(…) }`, the one thing AUTH_REQUIRED lets through. */
function isBootstrapOnly(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || query.length > 2_000) return false;
  try {
    const document = parse(query, { maxTokens: 200 });
    return document.definitions.every(
      (d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation' && d.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === 'bootstrapApiKey' || s.name.value === '__typename')),
    );
  } catch {
    return false;
  }
}

/**
 * Express middleware: identifies the caller from `Authorization: Bearer sk_…`,
 * `x-api-key: sk_…` or (GET) `?api_key=sk_…`. No key: anonymous, public
 * contract (401 when AUTH_REQUIRED). A wrong, malformed or revoked key: 403.
 * The key itself is never logged nor echoed.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const anonymousPlan = options.plans[ANONYMOUS_PLAN]!;
  return (req, res, next) => {
    const request = req as unknown as IdentifiedRequest;
    const clientIp = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    // Most requests have no query string: parse one only when there is.
    const query = req.originalUrl.includes('?') ? new URL(req.originalUrl, 'http://gateway').searchParams : NO_PARAMS;
    if (req.method !== 'GET' && query.has('api_key')) {
      rejected.inc({ code: 'BAD_REQUEST', measure: 'api_key' });
      return sendJsonError(res, 400, 'BAD_REQUEST', 'The `api_key` query parameter is accepted on GET requests only: send the key as `Authorization: Bearer sk_…` (a URL ends up in logs and browser history).');
    }
    const presented = presentedApiKey(req, query);
    if (presented.key === null) {
      if ('conflict' in presented) {
        rejected.inc({ code: 'BAD_REQUEST', measure: 'api_key' });
        return sendJsonError(res, 400, 'BAD_REQUEST', 'The request carries two different API keys; send one.');
      }
      // The Sandbox page itself runs nothing (its requests carry the key its user sets), nor does the bootstrap need one.
      const landingPage = req.method === 'GET' && !query.has('query') && !query.has('extensions') && /text\/html/.test(req.headers.accept ?? '');
      if (options.authRequired && !landingPage && !(req.method === 'POST' && isBootstrapOnly(req.body))) {
        rejected.inc({ code: 'UNAUTHENTICATED', measure: 'none' });
        return sendJsonError(res, 401, 'UNAUTHENTICATED', 'This API needs a key: send `Authorization: Bearer sk_…`.', {}, { 'www-authenticate': 'Bearer' });
      }
      request.identity = { caller: null, apiKey: null, contract: ANONYMOUS_CONTRACT, plan: anonymousPlan, clientIp };
      return next();
    }
    options.keys.authenticate(presented.key).then((record) => {
      if (!record || record.revokedAt) {
        rejected.inc({ code: 'FORBIDDEN', measure: record ? 'revoked' : 'unknown' });
        return sendJsonError(res, 403, 'FORBIDDEN', 'This API key is not valid: it is unknown or revoked.', { reason: 'INVALID_KEY' });
      }
      const plan = options.plans[record.plan];
      if (!plan || !options.contracts.includes(record.contract)) {
        rejected.inc({ code: 'FORBIDDEN', measure: 'configuration' });
        return sendJsonError(res, 403, 'FORBIDDEN', 'This API key names a contract or plan this gateway does not have; ask an admin to update it.', { reason: 'INVALID_KEY' });
      }
      request.identity = { caller: { ...ApiKeyStore.callerOf(record), entitiesPerMonth: plan.entitiesPerMonth }, apiKey: record, contract: record.contract, plan, clientIp };
      next();
    }, next);
  };
}
