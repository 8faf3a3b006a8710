import type { Caller } from '../../lib/auth/Caller.ts';
import type { ApiKeyRecord, ApiKeyStore } from './auth/ApiKeyStore.ts';
import type { Measures, OperationGuard } from './protection/OperationGuard.ts';
import type { PersistedQueryStore } from './protection/persistedQueryStore.ts';
import type { RateLimiter } from './protection/RateLimiter.ts';
import type { RegisteredOperations } from './protection/RegisteredOperations.ts';
import type { Plan } from './protection/plans.ts';

/** What lives as long as the gateway: the key store and the guard. */
export interface GatewayServices {
  keys: ApiKeyStore;
  guard: OperationGuard;
  plans: Record<string, Plan>;
  /** Automatic persisted queries, shared with Apollo Server. */
  persistedQueries: PersistedQueryStore;
  /** Requests and cost per minute, per key or client IP. */
  rateLimiter: RateLimiter;
  /** The allow-list of keys marked "registered operations only". */
  registered: RegisteredOperations;
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
