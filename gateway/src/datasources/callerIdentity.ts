import { encodeCaller } from '../../../lib/auth/requestSigning.ts';
import type { SubgraphFetchContext } from './SubgraphDataSource.ts';

/**
 * Everything about the caller that changes a subgraph's answer, as signed
 * (account, key, scopes, plan, contract, profile): fetches of two callers
 * with different identities are never shared or merged.
 */
export function callerIdentity(context: Partial<SubgraphFetchContext> & { contract?: unknown }): string {
  return `${encodeCaller(context.caller ?? null)}\u0000${String(context.contract ?? '')}`;
}
