import { describe, expect, it } from 'vitest';
import { randomSigningSecret, verifyRequest } from '../../lib/auth/requestSigning.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import { peerConfigFromEnv, plainHeaders, signPeerRequest } from '../../bench/lib/peers/peerSigning.ts';

const caller: Caller = { accountId: 'demo', keyId: 'k1', scopes: ['admin'], contract: 'internal', plan: 'internal', entitiesPerMonth: 5 };
const secret = randomSigningSecret();
const URL_ = 'http://127.0.0.1:4101/graphql?x=1';
const BODY = '{"query":"{ __typename }"}';

describe('peer gateways sign subgraph requests as our gateway does', () => {
  it('a subgraph verifies the signature and reads the fixed caller', () => {
    const headers = signPeerRequest({ secret, caller }, URL_, BODY);
    const verified = verifyRequest({ secret, headers, method: 'POST', path: '/graphql?x=1', body: BODY });
    expect(verified).toMatchObject({ ok: true, caller });
  });

  it('refuses a signature over other bytes, another path or another secret', () => {
    const headers = signPeerRequest({ secret, caller }, URL_, BODY);
    expect(verifyRequest({ secret, headers, method: 'POST', path: '/graphql?x=1', body: `${BODY} ` })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest({ secret, headers, method: 'POST', path: '/graphql', body: BODY })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRequest({ secret: randomSigningSecret(), headers, method: 'POST', path: '/graphql?x=1', body: BODY })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('signs each request afresh (a replay is refused by nonce)', () => {
    const [a, b] = [signPeerRequest({ secret, caller }, URL_, BODY), signPeerRequest({ secret, caller }, URL_, BODY)];
    expect(a['x-trackgraph-nonce']).not.toBe(b['x-trackgraph-nonce']);
    expect(a['x-request-id']).not.toBe(b['x-request-id']);
  });

  it('reads headers in every shape a fetch init may carry them', () => {
    expect(plainHeaders(new Headers({ 'Content-Type': 'application/json' }))).toEqual({ 'content-type': 'application/json' });
    expect(plainHeaders([['a', '1']])).toEqual({ a: '1' });
    expect(plainHeaders({ a: '1' })).toEqual({ a: '1' });
    expect(plainHeaders(undefined)).toEqual({});
  });
});

describe('peer configuration', () => {
  const env = { PORT: '4100', BENCH_CALLER: JSON.stringify(caller), BENCH_SUPERGRAPH: '/x.graphql', BENCH_SUBGRAPH_URLS: '{"links":"http://l"}', SUBGRAPH_SIGNING_SECRET: secret };
  it('reads every variable', () => {
    expect(peerConfigFromEnv(env)).toEqual({ port: 4100, host: 'localhost', supergraph: '/x.graphql', subgraphUrls: { links: 'http://l' }, secret, caller });
  });
  it('names what is missing or malformed', () => {
    expect(() => peerConfigFromEnv({ ...env, BENCH_CALLER: undefined })).toThrow(/BENCH_CALLER is required/);
    expect(() => peerConfigFromEnv({ ...env, PORT: '99999' })).toThrow(/PORT must be a TCP port/);
    expect(() => peerConfigFromEnv({ ...env, BENCH_CALLER: '{"keyId":"x"}' })).toThrow(/BENCH_CALLER must be a Caller/);
    expect(() => peerConfigFromEnv({ ...env, SUBGRAPH_SIGNING_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
