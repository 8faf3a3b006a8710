import { GraphQLError, type GraphQLFormattedError } from 'graphql';

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
  /** A dependency (database, platform API) did not answer in time or at all. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Anything unexpected; details are logged, never sent. */
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Extra, machine-readable detail attached to an error. */
export type ErrorDetails = Record<string, unknown>;

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
    super(ErrorCode.BAD_USER_INPUT, message, { argument, ...(value === undefined ? {} : { value }), ...details });
  }
}

/** The addressed object does not exist. */
export class NotFoundError extends TrackgraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.NOT_FOUND, message, details);
  }
}

/** A unique constraint rejected a write. */
export class ConflictError extends TrackgraphError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
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
  'BAD_REQUEST',
]);

/**
 * Apollo Server `formatError`: keeps errors that carry a known code, and
 * replaces anything else (a Prisma or driver error, a bug) with a generic
 * INTERNAL_SERVER_ERROR so internals never leak. The original is logged.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (PUBLIC_CODES.has(code) || FRAMEWORK_CODES.has(code))) {
    // Apollo adds a stack trace in development; clients do not need it.
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  console.error('[trackgraph] unexpected error', error);
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
