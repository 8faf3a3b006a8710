import type { Caller } from '../../lib/auth/Caller.ts';
import type { ApiKeyRecord, ApiKeyStore } from './auth/ApiKeyStore.ts';
import type { Measures, OperationGuard } from './protection/OperationGuard.ts';
import type { PersistedQueryStore } from './protection/persistedQueryStore.ts';
import type { Plan } from './protection/plans.ts';

/** What lives as long as the gateway: the key store and the guard. */
export interface GatewayServices {
  keys: ApiKeyStore;
  guard: OperationGuard;
  plans: Record<string, Plan>;
  /** Automatic persisted queries, shared with Apollo Server. */
  persistedQueries: PersistedQueryStore;
}

/**
 * The Apollo context of one gateway request: who is calling (verified), what
 * they may see and spend, and what the guard measured. Subgraph fetches carry
 * `caller` and `requestId`, signed.
 */
export interface GatewayContext {
  caller: Caller | null;
  /** The key behind `caller`, as stored. */
  apiKey: ApiKeyRecord | null;
  requestId: string;
  /** Name of the contract the caller sees. */
  contract: string;
  plan: Plan;
  /** Client address, for anonymous rate limits. */
  clientIp: string;
  /** Filled in before planning. */
  measures?: Measures;
  services: GatewayServices;
}
