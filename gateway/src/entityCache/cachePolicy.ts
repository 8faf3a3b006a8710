import type { Caller } from '../../../lib/auth/Caller.ts';
import { createHash } from 'node:crypto';

/** Who may read an entry: every caller, or only the caller that filled it. */
export type EntryScope = 'shared' | 'caller';

/** How one subgraph's answers are cached. */
export interface SubgraphCachePolicy {
  scope: EntryScope;
  /** Entries end at the next UTC midnight (data that changes by the day). */
  endsAtUtcMidnight?: boolean;
}

/**
 * Per subgraph, beyond what its `@cacheControl` hints say. Anything not listed
 * is per caller: a subgraph added later never shares one caller's data by default.
 */
export const SUBGRAPH_CACHE_POLICIES: Record<string, SubgraphCachePolicy> = {
  // Links and metadata are the same for everyone (hints: PUBLIC, 1 h for tracks, 1 day for links).
  links: { scope: 'shared' },
  // Public hints, but every read counts the ISRC against the caller's monthly quota: a hit is only
  // skipped counting for a caller already counted, and only until the day (and month) ends.
  analytics: { scope: 'caller', endsAtUtcMidnight: true },
};

/** The policy of `subgraph` (per caller unless listed). */
export function policyOf(subgraph: string): SubgraphCachePolicy {
  return SUBGRAPH_CACHE_POLICIES[subgraph] ?? { scope: 'caller' };
}

/**
 * The scope part of a cache key: `s` for shared entries, a digest of the whole
 * verified caller (account, key, contract, plan, profile) for per-caller ones,
 * undefined when a per-caller entry has no caller to belong to (not cached).
 */
export function scopeKey(policy: SubgraphCachePolicy, caller: Caller | null | undefined): string | undefined {
  if (policy.scope === 'shared') return 's';
  return caller ? `c${digest(JSON.stringify(caller))}` : undefined;
}

/** Seconds to keep an entry: the hint, the configured cap, and the policy's own end, whichever comes first. */
export function entryTtl(policy: SubgraphCachePolicy, hintMaxAge: number, maxTtlSeconds: number, now = Date.now()): number {
  let ttl = Math.min(hintMaxAge, maxTtlSeconds);
  if (policy.endsAtUtcMidnight) {
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 0, 0);
    ttl = Math.min(ttl, Math.floor((midnight.getTime() - now) / 1000));
  }
  return Math.max(ttl, 0);
}

/** A short stable digest (128 bits) for cache keys. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
