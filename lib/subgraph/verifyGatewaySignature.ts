import type { RequestHandler } from 'express';
import { NonceWindow } from '../auth/NonceWindow.ts';
import { MAX_SIGNATURE_AGE_MS, verifyRequest, type SignatureFailure } from '../auth/requestSigning.ts';
import type { TrackgraphRequest } from '../http/createHttpServer.ts';
import { sendJsonError } from '../http/jsonErrors.ts';
import { logger } from '../logger.ts';

const MESSAGES: Record<SignatureFailure, string> = {
  unsigned: 'This subgraph answers only the Trackgraph gateway: the request is not signed.',
  malformed: 'The request signature headers are malformed.',
  'bad-signature': 'The request signature does not match its content.',
  stale: 'The request signature is too old (more than 5 minutes) or from the future.',
  replayed: 'This signed request was already received once.',
};

/**
 * Express middleware for subgraphs: refuses (401, before any resolver runs)
 * a request the gateway did not sign with `secret`, one changed after signing,
 * one older than 5 minutes, or a replay, and hands the verified caller and
 * request id on. A GET with no query (the Sandbox landing page) passes.
 */
export function verifyGatewaySignature(secret: string, subgraph: string): RequestHandler {
  // Nonces seen within the signature lifetime (both ways), so a captured request cannot be sent again.
  const seen = new NonceWindow(2 * MAX_SIGNATURE_AGE_MS);
  return (req, res, next) => {
    if (req.method === 'OPTIONS' || (req.method === 'GET' && !req.url.includes('?'))) return next();
    const info = (req as unknown as TrackgraphRequest).trackgraph;
    const verified = verifyRequest({
      secret,
      headers: req.headers,
      method: req.method,
      path: req.originalUrl,
      body: req.method === 'GET' ? '' : (info.rawBody ?? ''),
      seen: (nonce) => seen.seenBefore(nonce),
    });
    if (!verified.ok) {
      logger.warn({ subgraph, reason: verified.reason, requestId: info.requestId }, 'refused an unsigned or badly signed subgraph request');
      return sendJsonError(res, 401, 'UNAUTHENTICATED', MESSAGES[verified.reason], { reason: verified.reason });
    }
    info.caller = verified.caller;
    info.requestId = verified.requestId || info.requestId;
    res.setHeader('x-request-id', info.requestId);
    next();
  };
}
