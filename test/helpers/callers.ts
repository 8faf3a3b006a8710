import { SCOPES, type Caller } from '../../lib/auth/Caller.ts';

/** A verified caller for subgraph tests: the account given, every scope unless told otherwise, a million analytics entities a month. */
export function testCaller(accountId = 'test-account', scopes: readonly string[] = SCOPES, entitiesPerMonth = 1_000_000): Caller {
  return { accountId, keyId: `key-${accountId}`, scopes, contract: 'internal', plan: 'internal', entitiesPerMonth };
}
