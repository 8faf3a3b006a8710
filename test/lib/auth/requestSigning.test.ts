import { describe, expect, it } from 'vitest';
import { checkSigningSecret, MAX_SIGNATURE_AGE_MS, randomSigningSecret, signRequest, SIGNING_HEADERS, verifyRequest } from '../../../lib/auth/requestSigning.ts';
import { testCaller } from '../../helpers/callers.ts';

const SECRET = randomSigningSecret();
const BODY = JSON.stringify({ query: '{ account { id } }' });
const parts = { method: 'POST', path: '/graphql', body: BODY, caller: testCaller('acme'), requestId: 'req-1' };

describe('subgraph request signatures', () => {
  it('verifies what it signed and hands back the caller and the request id', () => {
    const headers = signRequest(SECRET, parts);
    expect(verifyRequest({ secret: SECRET, headers, method: 'POST', path: '/graphql', body: BODY })).toMatchObject({ ok: true, caller: testCaller('acme'), requestId: 'req-1' });
  });

  it('carries an anonymous caller as no caller at all', () => {
    const headers = signRequest(SECRET, { ...parts, caller: null });
    expect(headers[SIGNING_HEADERS.caller]).toBeUndefined();
    expect(verifyRequest({ secret: SECRET, headers, method: 'POST', path: '/graphql', body: BODY })).toMatchObject({ ok: true, caller: null });
  });

  it.each([
    ['the body', { body: BODY.replace('id', 'credits') }],
    ['the path', { path: '/graphql?x=1' }],
    ['the method', { method: 'GET' }],
  ])('refuses a request whose %s changed after signing', (_what, change) => {
    const headers = signRequest(SECRET, parts);
    expect(verifyRequest({ secret: SECRET, headers, method: 'POST', path: '/graphql', body: BODY, ...change })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a forged caller, a changed request id, and another secret', () => {
    const headers = signRequest(SECRET, parts);
    const forged = { ...headers, [SIGNING_HEADERS.caller]: Buffer.from(JSON.stringify(testCaller('admin'))).toString('base64url') };
    expect(verifyRequest({ secret: SECRET, headers: forged, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest({ secret: SECRET, headers: { ...headers, [SIGNING_HEADERS.requestId]: 'req-2' }, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest({ secret: randomSigningSecret(), headers, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a request signed more than five minutes ago, or that far in the future', () => {
    const now = Date.now();
    const old = signRequest(SECRET, parts, now - MAX_SIGNATURE_AGE_MS - 1_000);
    expect(verifyRequest({ secret: SECRET, headers: old, method: 'POST', path: '/graphql', body: BODY, now })).toEqual({ ok: false, reason: 'stale' });
    const future = signRequest(SECRET, parts, now + MAX_SIGNATURE_AGE_MS + 1_000);
    expect(verifyRequest({ secret: SECRET, headers: future, method: 'POST', path: '/graphql', body: BODY, now })).toEqual({ ok: false, reason: 'stale' });
    const recent = signRequest(SECRET, parts, now - MAX_SIGNATURE_AGE_MS + 5_000);
    expect(verifyRequest({ secret: SECRET, headers: recent, method: 'POST', path: '/graphql', body: BODY, now }).ok).toBe(true);
  });

  it('refuses a replay of the same signed request', () => {
    const seen = new Set<string>();
    const remember = (nonce: string) => (seen.has(nonce) ? true : (seen.add(nonce), false));
    const headers = signRequest(SECRET, parts);
    expect(verifyRequest({ secret: SECRET, headers, method: 'POST', path: '/graphql', body: BODY, seen: remember }).ok).toBe(true);
    expect(verifyRequest({ secret: SECRET, headers, method: 'POST', path: '/graphql', body: BODY, seen: remember })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses unsigned and malformed requests without computing anything', () => {
    expect(verifyRequest({ secret: SECRET, headers: {}, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'unsigned' });
    const headers = signRequest(SECRET, parts);
    for (const broken of [{ [SIGNING_HEADERS.signature]: 'v1=zz' }, { [SIGNING_HEADERS.timestamp]: 'yesterday' }, { [SIGNING_HEADERS.nonce]: '' }, { [SIGNING_HEADERS.requestId]: 'x'.repeat(201) }]) {
      expect(verifyRequest({ secret: SECRET, headers: { ...headers, ...broken }, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('wants a secret of at least 32 characters', () => {
    expect(() => checkSigningSecret('short')).toThrow(/at least 32 characters, got 5/);
    expect(checkSigningSecret(randomSigningSecret())).toHaveLength(43);
  });
});
