import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { TrackgraphRequest } from '../http/createHttpServer.ts';

/** Attribute carrying the request id (`x-request-id`, which the gateway forwards to the subgraphs). */
export const REQUEST_ID_ATTRIBUTE = 'trackgraph.request_id';

const tracer = trace.getTracer('trackgraph');

/**
 * Express middleware: one SERVER span per GraphQL request, named
 * `<server> graphql`, continuing the caller's trace from its W3C
 * `traceparent` (for a subgraph: the gateway's fetch span), and active while
 * the handlers after it run, so Apollo's and Prisma's spans nest under it.
 * Costs next to nothing while no tracer provider is registered.
 */
export function traceRequests(server: string): RequestHandler {
  return (req, res, next) => {
    // Mounted by prefix (`/` matches everything): only `/graphql` and `/` themselves are GraphQL; a CORS preflight runs none.
    if (req.path !== '/' || req.method === 'OPTIONS') return next();
    // Only what the headers say: an in-process caller's context must not leak in (tests run everything in one process).
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${server} graphql`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'http.route': '/graphql',
          // The path without the query string, which may carry an API key.
          'url.path': req.originalUrl.split('?')[0],
          [REQUEST_ID_ATTRIBUTE]: (req as unknown as TrackgraphRequest).trackgraph.requestId,
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      // Closed before the answer was complete: the client went away or the server gave up.
      if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'connection closed before the response was sent' });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
