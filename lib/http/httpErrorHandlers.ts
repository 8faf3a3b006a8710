import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { logger } from '../logger.ts';
import { sendJsonError } from './jsonErrors.ts';

// What Node itself refuses before Express sees a request, as Node answers it (status), in our JSON shape.
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'BAD_REQUEST', 'The request headers are too large.'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'DOCUMENT_TOO_LARGE', 'The request chunk extensions are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'BAD_REQUEST', 'The request took too long to arrive.'],
};

/**
 * `clientError`: Node's default answer is a bare `400 Bad Request` with no body; this sends the
 * same status with a JSON error (e.g. for a body cut short of its `Content-Length`), then closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node does: answer only when nothing of an in-flight response was written yet.
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !pending?.headersSent) {
    const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'BAD_REQUEST', 'The request is not valid HTTP (e.g. its body is shorter than its Content-Length).'];
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/** Any path that is not an endpoint. */
export const notFound: RequestHandler = (_req, res) =>
  sendJsonError(res, 404, 'NOT_FOUND', 'No such endpoint: GraphQL is served at /graphql; /health, /ready and /metrics are the operator endpoints.');

/** `app.use` matches by prefix: `/graphql/anything` is no endpoint either. */
export const exactPath: RequestHandler = (req, res, next) => (req.path === '/' ? next() : notFound(req, res, next));

/**
 * The last Express handler: a body that could not be read is the caller's
 * mistake (JSON error with its status); anything else is logged and answered
 * INTERNAL_SERVER_ERROR without detail.
 */
export function answerErrors(server: string, requestIdOf: (req: Parameters<ErrorRequestHandler>[1]) => string | undefined): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      const { length, limit } = error as { length?: number; limit?: number };
      return sendJsonError(res, 413, 'DOCUMENT_TOO_LARGE', `The request body is ${length ?? 'over'} bytes; at most ${limit} are accepted.`, { measure: 'bytes', value: length, limit });
    }
    if (type === 'entity.parse.failed') return sendJsonError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON.');
    if (type === 'request.aborted') return sendJsonError(res, 400, 'BAD_REQUEST', 'The request was aborted by the client.');
    // Any other refusal of the body (e.g. `content-encoding: gzip` that is not gzip) is the caller's mistake, not a 500.
    const { status, expose } = error as { status?: number; expose?: boolean };
    if (expose && status && status >= 400 && status < 500) return sendJsonError(res, status, 'BAD_REQUEST', 'The request body could not be read as sent (e.g. its content-encoding does not match it).');
    logger.error({ err: error, server, requestId: requestIdOf(req) }, 'unhandled HTTP error');
    sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
