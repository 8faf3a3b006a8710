import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from './logger.ts';

/**
 * Every `extensions.code` the API can return. One enum for the whole project so
 * clients can switch on a stable, documented set.
 */
export enum ErrorCode {
  /** An argument failed validation; `extensions.argument` names it. */
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** No credentials were sent where they are required. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The caller is known but may not see or do this. */
  FORBIDDEN = 'FORBIDDEN',
  /** The addressed object does not exist. */
  NOT_FOUND = 'NOT_FOUND',
  /** A write collided with existing data (unique constraint). */
  CONFLICT = 'CONFLICT',
  /** Too many requests; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The account has no credits left for a billable operation. */
  INSUFFICIENT_CREDITS = 'INSUFFICIENT_CREDITS',
  /** The account's monthly quota of analytics entities is used up, and this entity is not among them; `extensions.entity`, `limit`, `month`. */
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  /** A dependency (a subgraph, the database, a platform API) did not answer in time or at all. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The operation is over a limit of the caller's plan (cost, depth, aliases, …); `extensions.measure`, `value`, `limit`. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** The document or the request body is too large (bytes or tokens); `extensions.measure`, `limit`. */
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  /** The key may run only registered operations, and this is not one of them. */
  OPERATION_NOT_REGISTERED = 'OPERATION_NOT_REGISTERED',
  /** The HTTP request is malformed (not JSON, two different keys, …). */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The request body is not JSON. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** Anything unexpected; details are logged, never sent. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Extra, machine-readable detail attached to an error. */
export type ErrorDetails = Record<string, unknown>;

/** Longest piece of a caller's value an error quotes back. */
export const MAX_QUOTED_LENGTH = 200;

/**
 * A caller's value as an error may quote it: strings longer than
 * {@link MAX_QUOTED_LENGTH} are cut (a 1 MB argument must not come back
 * three times), arrays and objects are summarised.
 */
export function previewValue(value: unknown): unknown {
  // Cut to exactly MAX_QUOTED_LENGTH characters, so a layer that shortens again leaves it as it is.
  if (typeof value === 'string') return value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH - 1)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.length > 10 ? `[${value.length} items]` : value.map(previewValue);
  if (value && typeof value === 'object') return '{…}';
  return value;
}

/**
 * Shortens every quoted string longer than {@link MAX_QUOTED_LENGTH} inside an
 * error message (graphql-js and our own messages quote the value sent), pairing
 * quotes from left to right, and cuts a message still over 1,000 characters.
 */
export function shortenQuotes(message: string): string {
  if (message.length <= MAX_QUOTED_LENGTH) return message;
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('"', i);
    if (open === -1) break;
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === '\\' ? 2 : 1;
    if (close >= message.length) break;
    const inner = message.slice(open + 1, close);
    out += message.slice(i, open) + (inner.length > MAX_QUOTED_LENGTH ? `"${inner.slice(0, MAX_QUOTED_LENGTH - 1)}…" (${inner.length} characters)` : `"${inner}"`);
    i = close + 1;
  }
  out += message.slice(i);
  return out.length > 1_000 ? `${out.slice(0, 1_000)}… (message cut)` : out;
}

/** Base class: a GraphQLError whose `extensions.code` is one of {@link ErrorCode}. */
export class TrackgraphError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, httpStatus?: number) {
    super(message, {
      extensions: { code, ...details, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
    });
  }
}

/**
 * A bad argument. `argument` is the argument's path as the caller wrote it
 * (`isrc`, `items[3].isrc`), so a client can point at the field.
 */
export class BadUserInputError extends TrackgraphError {
  constructor(message: string, argument: string, value?: unknown, details: ErrorDetails = {}) {
    super(ErrorCode.BAD_USER_INPUT, shortenQuotes(message), { argument, ...(value === undefined ? {} : { value: previewValue(value) }), ...details });
  }
}

/** The addressed object does not exist. */
export class NotFoundError extends TrackgraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.NOT_FOUND, message, details);
  }
}

/** No credentials where the operation needs an account (HTTP 401 when raised by the gateway). */
export class UnauthenticatedError extends TrackgraphError {
  constructor(message = 'This operation needs an API key: send `Authorization: Bearer sk_…`.', details: ErrorDetails = {}, httpStatus?: number) {
    super(ErrorCode.UNAUTHENTICATED, message, details, httpStatus);
  }
}

/** The caller is known but may not do this (a missing scope, a wrong or revoked key). */
export class ForbiddenError extends TrackgraphError {
  constructor(message: string, details: ErrorDetails = {}, httpStatus?: number) {
    super(ErrorCode.FORBIDDEN, message, details, httpStatus);
  }
}

/** A unique constraint rejected a write. */
export class ConflictError extends TrackgraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

/** A scalar refused an input value (a literal or a variable): reported as BAD_USER_INPUT naming the argument. */
export class ScalarInputError extends Error {
  override name = 'ScalarInputError';
}

/**
 * The argument a literal refused by a scalar was given to, read from the
 * document just before the value (`from: "2025-13-01"` → `from`); undefined
 * when the error is something else or the value sits inside a list or object.
 */
function refusedLiteralArgument(error: unknown): string | undefined {
  const { originalError, nodes } = (error ?? {}) as { originalError?: unknown; nodes?: readonly { loc?: { start: number; source: { body: string } } }[] };
  const loc = nodes?.[0]?.loc;
  if (!(originalError instanceof ScalarInputError) || !loc) return undefined;
  return /(\w+)\s*:\s*$/.exec(loc.source.body.slice(Math.max(0, loc.start - 200), loc.start))?.[1];
}

/** Codes whose message was written for the caller and may be shown as is. */
const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

/** Codes that graphql-js and Apollo Server produce themselves (parse and validation errors). */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo Server `formatError`: keeps errors that carry a known code, and
 * replaces anything else (a Prisma or driver error, a bug) with a generic
 * INTERNAL_SERVER_ERROR so internals never leak. The original is logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A literal a scalar refused fails validation in graphql-js; to the caller it is bad input, like any other.
  const literalArgument = formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? refusedLiteralArgument(error) : undefined;
  if (literalArgument) formatted = { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT, argument: literalArgument } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (PUBLIC_CODES.has(code) || FRAMEWORK_CODES.has(code))) {
    // Apollo adds a stack trace in development; clients do not need it.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // A variable graphql-js refused before any resolver ran: name it, as every BAD_USER_INPUT does.
    const variable = code === ErrorCode.BAD_USER_INPUT && !extensions.argument ? /^Variable "\$(\w+)"/.exec(formatted.message)?.[1] : undefined;
    return { ...formatted, message: shortenQuotes(formatted.message), extensions: variable ? { ...extensions, argument: `$${variable}` } : extensions };
  }
  // Apollo's own refusals of a malformed request (e.g. a persisted query hash that does not match) carry a 4xx and no code.
  const status = (error as { extensions?: { http?: { status?: number } } })?.extensions?.http?.status;
  if (code === ErrorCode.INTERNAL_SERVER_ERROR && status && status >= 400 && status < 500 && (error as Error).name === 'GraphQLError' && !(error as { originalError?: unknown }).originalError) {
    return { message: shortenQuotes(formatted.message), extensions: { code: ErrorCode.BAD_REQUEST } };
  }
  // The original error may be wrapped (Apollo, graphql-js): log the innermost one, with its stack.
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  logger.error({ err: original, path: formatted.path }, 'unexpected error; answered INTERNAL_SERVER_ERROR');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
