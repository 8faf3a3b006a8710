import { afterAll, describe, expect, it } from 'vitest';
import { randomSigningSecret, signRequest } from '../../lib/auth/requestSigning.ts';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { testCaller } from '../helpers/callers.ts';
import { post } from '../helpers/stack.ts';

let api: ApiProcesses | undefined;
afterAll(() => api?.cleanup());

const SUBGRAPH_PORTS = ['LINKS_PORT', 'ANALYTICS_PORT', 'LIBRARY_PORT', 'AUDIO_MATCHES_PORT'] as const;
const ENTITIES = JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'Track', isrc: 'GBDUW0000053' }] } });

describe(`identity over HTTP against npm start (${BACKEND})`, () => {
  it('keys, contracts and signed subgraph requests, with the secret npm start makes itself', async () => {
    api = await apiProcesses('auth', { DISCOVERY_ENABLED: 'false' });
    const { url, adminKey, child } = await api.start();
    expect(adminKey).toMatch(/^sk_/);

    // Anonymous: the public catalog, and 401 for what needs an account.
    expect((await post(url, '{ track(isrc: "GBDUW0000053") { title } }')).body.data.track.title).toBe('One More Time');
    const anonymous = await post(url, '{ account { credits } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    // A bad key: 403.
    expect((await post(url, '{ __typename }', {}, { key: `sk_${'x'.repeat(43)}` })).status).toBe(403);

    // A partner key, made through GraphQL by the admin key, used in a header and in the query string.
    const created = await post(url, 'mutation { createApiKey(input: { accountId: "acme", label: "e2e" }) { key apiKey { id } } }', {}, { key: adminKey });
    const { key, apiKey } = created.body.data.createApiKey;
    expect((await post(url, '{ account { id credits } }', {}, { key })).body.data.account).toEqual({ id: 'acme', credits: 0 });
    const viaQuery = await fetch(`${url}?query=${encodeURIComponent('{ account { id } }')}&api_key=${key}`);
    expect(((await viaQuery.json()) as any).data.account.id).toBe('acme');
    const internal = await post(url, '{ discoveryPlatforms { source } }', {}, { key });
    // Suggestions, if any, name only fields of the key's contract.
    expect(internal.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Cannot query field "discoveryPlatforms" on type "Query"\.( Did you mean "discoveryPool"\?)?$/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

    // Every subgraph port refuses what the gateway did not sign: unsigned, or signed with a guessed secret.
    for (const variable of SUBGRAPH_PORTS) {
      const subgraph = `http://localhost:${api.env[variable]}/graphql`;
      const unsigned = await fetch(subgraph, { method: 'POST', headers: { 'content-type': 'application/json' }, body: ENTITIES });
      expect(unsigned.status).toBe(401);
      expect(((await unsigned.json()) as any).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'unsigned' });
      const forgedHeaders = signRequest(randomSigningSecret(), { method: 'POST', path: '/graphql', body: ENTITIES, caller: testCaller('demo'), requestId: 'forged' });
      const forged = await fetch(subgraph, { method: 'POST', headers: { 'content-type': 'application/json', ...forgedHeaders }, body: ENTITIES });
      expect(forged.status).toBe(401);
    }

    // Revoked: refused.
    await post(url, `mutation { revokeApiKey(id: "${apiKey.id}") { id } }`, {}, { key: adminKey });
    expect((await post(url, '{ account { id } }', {}, { key })).status).toBe(403);
    expect(await api.stop(child)).toBe(0);

    // AUTH_REQUIRED: anonymous requests are refused outright, keys still work.
    const strict = await api.run('scripts/start.ts', { AUTH_REQUIRED: 'true' }, /gateway ready at (\S+)/);
    const refused = await post(strict.url, '{ track(isrc: "GBDUW0000053") { title } }');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect((await post(strict.url, '{ track(isrc: "GBDUW0000053") { title } }', {}, { key: adminKey })).status).toBe(200);
    // The Sandbox page still loads (it runs nothing; its requests carry the key its user sets).
    expect((await fetch(strict.url, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(`${strict.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html' } })).status).not.toBe(200);
    // The bootstrap passes the door, and is FORBIDDEN because keys exist.
    const bootstrap = await post(strict.url, 'mutation { bootstrapApiKey(label: "late") { key } }');
    expect(bootstrap.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await api.stop(strict.child)).toBe(0);
  }, 300_000);
});
