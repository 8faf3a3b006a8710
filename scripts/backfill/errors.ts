/** The command was called wrongly or its input cannot be read; the CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The API failed a request: an HTTP error, a GraphQL error, or an answer the
 * backfill cannot use; the CLI exits 1. `code` is the error's
 * `extensions.code` when the API sent one, else `HTTP_<status>`,
 * `NETWORK_ERROR` or `BAD_RESPONSE`.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status of the last answer, when there was one. */
    readonly status?: number,
  ) {
    super(`${code}: ${message}`);
  }
}
