import { describe, expect, it } from 'vitest';
import { MAX_PROFILE_ID_HEADER_LENGTH, withProfileHeader, type Caller } from '../../../lib/auth/Caller.ts';
import { signRequest, verifyRequest } from '../../../lib/auth/requestSigning.ts';

const caller: Caller = { accountId: 'acme', keyId: 'k1', scopes: ['library'], contract: 'partner', plan: 'partner' };

describe('x-profile-id in the signed caller', () => {
  it('adds the first value, trimmed and cut, without touching the cached caller', () => {
    expect(withProfileHeader(caller, ' 7 ')).toEqual({ ...caller, profileId: '7' });
    expect(withProfileHeader(caller, ['3', '4'])).toEqual({ ...caller, profileId: '3' });
    expect(withProfileHeader(caller, 'x'.repeat(10_000))!.profileId).toHaveLength(MAX_PROFILE_ID_HEADER_LENGTH);
    expect(withProfileHeader(caller, undefined)).toBe(caller);
    expect(withProfileHeader(null, '7')).toBeNull();
    expect(caller).not.toHaveProperty('profileId');
  });

  it('is covered by the signature', () => {
    const secret = 's'.repeat(32);
    const body = '{"query":"{ profile { name } }"}';
    const headers = signRequest(secret, { method: 'POST', path: '/graphql', body, caller: withProfileHeader(caller, '7'), requestId: 'r1' });
    const verified = verifyRequest({ secret, headers, method: 'POST', path: '/graphql', body });
    expect(verified).toMatchObject({ ok: true, caller: { profileId: '7' } });
    const swapped = signRequest(secret, { method: 'POST', path: '/graphql', body, caller: withProfileHeader(caller, '8'), requestId: 'r1' });
    expect(verifyRequest({ secret, headers: { ...headers, 'x-trackgraph-caller': swapped['x-trackgraph-caller'] }, method: 'POST', path: '/graphql', body })).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
