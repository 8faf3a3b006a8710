import { SCOPES, type Caller } from '../../lib/auth/Caller.ts';

/** A verified caller for subgraph tests: the account given, every scope unless told otherwise. */
export function testCaller(accountId = 'test-account', scopes: readonly string[] = SCOPES): Caller {
  return { accountId, keyId: `key-${accountId}`, scopes, contract: 'internal', plan: 'internal' };
}
