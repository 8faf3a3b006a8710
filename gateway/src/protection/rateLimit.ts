import type { RequestHandler } from 'express';
import { ErrorCode } from '../../../lib/errors.ts';
import { sendJsonError } from '../../../lib/http/jsonErrors.ts';
import { rejected } from '../observability/gatewayMetrics.ts';
import type { GuardedRequest } from './guardOperation.ts';
import type { RateLimiter } from './RateLimiter.ts';

/**
 * Express middleware, after the guard has measured the operation: counts the
 * request and its estimated cost against the caller's plan (per key; per
 * client IP for anonymous callers), one round trip to Redis. Every response
 * carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
 * (seconds until the window ends), and the same for cost; over a limit: HTTP
 * 429, `Retry-After` and a RATE_LIMITED error. Requests the guard refused
 * count too, so a caller cannot hammer the gateway with bombs.
 */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  return async (req, res, next) => {
    const { identity, measures, refusal } = req as unknown as GuardedRequest;
    const subject = identity.apiKey ? `key:${identity.apiKey.id}` : `ip:${identity.clientIp}`;
    // A refused operation runs nothing: it counts as a request, at no cost.
    const cost = refusal ? 0 : (measures?.cost ?? 0);
    let decision;
    try {
      decision = await limiter.consume(subject, identity.plan, cost);
    } catch (error) {
      return next(error);
    }
    res.setHeader('x-ratelimit-limit', String(decision.requestLimit));
    res.setHeader('x-ratelimit-remaining', String(decision.requestsRemaining));
    res.setHeader('x-ratelimit-reset', String(decision.resetSeconds));
    res.setHeader('x-ratelimit-cost-limit', String(decision.costLimit));
    res.setHeader('x-ratelimit-cost-remaining', String(decision.costRemaining));
    if (decision.allowed) return next();
    rejected.inc({ code: ErrorCode.RATE_LIMITED, measure: decision.exceeded! });
    const what = decision.exceeded === 'requests' ? `${decision.requestLimit} requests` : `an estimated cost of ${decision.costLimit}`;
    sendJsonError(
      res,
      429,
      ErrorCode.RATE_LIMITED,
      `Rate limit reached: your plan allows ${what} a minute. Retry after ${decision.resetSeconds} s.`,
      { measure: decision.exceeded, limit: decision.exceeded === 'requests' ? decision.requestLimit : decision.costLimit, retryAfterSeconds: decision.resetSeconds, ...(decision.exceeded === 'cost' ? { cost } : {}) },
      { 'retry-after': String(decision.resetSeconds) },
    );
  };
}
