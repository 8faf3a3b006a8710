import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

const FRESH = /\bno-(cache|store)\b/i;

/**
 * Whether the client asked for a fresh answer (`Cache-Control: no-cache` or
 * `no-store`, `Pragma: no-cache`): such a request is neither answered from the
 * entity cache nor joined to another caller's fetch in flight.
 */
export function asksForFresh(options: GraphQLDataSourceProcessOptions): boolean {
  if (!('incomingRequestContext' in options)) return false;
  const incoming = options.incomingRequestContext.request.http?.headers;
  return Boolean(incoming && (FRESH.test(incoming.get('cache-control') ?? '') || FRESH.test(incoming.get('pragma') ?? '')));
}
