import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

/** What a key may do besides reading its contract. `admin` implies every other scope. */
export const SCOPES = ['admin', 'credits', 'library', 'matches'] as const;
export type Scope = (typeof SCOPES)[number];

/** Scopes a new key gets when none are given: everything but administration. */
export const DEFAULT_SCOPES: readonly Scope[] = ['credits', 'library', 'matches'];

/**
 * The verified caller of a request, as the gateway established it from an API
 * key and signed it to the subgraphs. Anonymous requests have no Caller.
 */
export interface Caller {
  /** The account that owns the key: credits, libraries and matches are the account's. */
  accountId: string;
  /** The key's public id (never the secret). */
  keyId: string;
  scopes: readonly string[];
  /** Name of the schema contract the key sees. */
  contract: string;
  /** Name of the plan whose limits apply. */
  plan: string;
  /** The plan's monthly quota of analytics entities (recordings, playlists, charts). @default 0 */
  entitiesPerMonth?: number;
  /**
   * The profile the client named in its `x-profile-id` header, as sent (at most
   * {@link MAX_PROFILE_ID_HEADER_LENGTH} characters). Carried inside the signed caller
   * so nothing between gateway and subgraph can change it; the library checks it
   * belongs to `accountId`. Absent when the header was not sent.
   */
  profileId?: string;
}

/** The header a client names its profile with (the library reference's `X-Profile-Id`). */
export const PROFILE_ID_HEADER = 'x-profile-id';

/** Longest `x-profile-id` value the gateway passes on; a longer one is cut (and then refused by the library as malformed). */
export const MAX_PROFILE_ID_HEADER_LENGTH = 64;

/**
 * The caller with the profile a request's `x-profile-id` header names (the
 * first value when sent twice), or the caller unchanged when there is none.
 * Never mutates `caller` (the gateway caches it per key).
 */
export function withProfileHeader<T extends Caller | null>(caller: T, header: string | string[] | undefined): T {
  const value = Array.isArray(header) ? header[0] : header;
  if (!caller || value === undefined) return caller;
  return { ...caller, profileId: value.trim().slice(0, MAX_PROFILE_ID_HEADER_LENGTH) };
}

/** Whether the caller holds `scope` (admins hold every scope). */
export function hasScope(caller: Caller | null | undefined, scope: Scope): boolean {
  return Boolean(caller && (caller.scopes.includes(scope) || caller.scopes.includes('admin')));
}

/**
 * The caller, or UNAUTHENTICATED when the request is anonymous and FORBIDDEN
 * when the key lacks `scope`. Resolvers that act for an account start here.
 */
export function requireCaller(caller: Caller | null | undefined, scope?: Scope): Caller {
  if (!caller) throw new UnauthenticatedError(`This field needs an API key${scope ? ` with the "${scope}" scope` : ''}: send \`Authorization: Bearer sk_…\`.`);
  if (scope && !hasScope(caller, scope)) throw new ForbiddenError(`This API key lacks the "${scope}" scope.`, { scope });
  return caller;
}
