import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { logger } from '../../lib/logger.ts';
import { grantCredits } from '../../subgraphs/links/src/credits/grantCredits.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Identity at the gateway, through the real subgraphs in this process: who may call, what each
 * caller sees (its contract), what it may do (its scopes), and whose credits it spends.
 */
let stack: TestStack;
let url: string;
/** HTTP requests each subgraph received. */
const received = {} as Record<SubgraphName, number>;
let partnerKey: string;
let publicKey: string;
let readOnlyKey: string;

beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.url;
  for (const { name } of SUBGRAPHS) {
    received[name] = 0;
    stack.subgraphs[name].http.on('request', () => (received[name] += 1));
  }
  partnerKey = await stack.createKey({ accountId: 'partner-co', contract: 'partner' });
  publicKey = await stack.createKey({ accountId: 'public-co', contract: 'public' });
  readOnlyKey = await stack.createKey({ accountId: 'reader-co', contract: 'partner', scopes: ['library'] });
});
afterAll(() => stack?.close());

const totalReceived = () => Object.values(received).reduce((a, b) => a + b, 0);
const TRACK = '{ track(isrc: "GBDUW0000053") { title links { source } } }';
const STREAMS = '{ track(isrc: "USUM72414866") { title spotifyStreams(from: "2025-03-07", to: "2025-03-08") { total } } }';

describe('no key: anonymous, the public contract', () => {
  it('reads the public catalog', async () => {
    const { status, body } = await post(url, TRACK);
    expect(status).toBe(200);
    expect(body.data.track.title).toBe('One More Time');
  });

  it.each([
    ['streams', STREAMS],
    ['the account', '{ account { credits } }'],
    ['resolveTracks', 'mutation { resolveTracks(inputType: ISRC, items: [{ isrc: "GBDUW0000053" }]) { processed } }'],
    ['the library', '{ libraryTracks { totalCount } }'],
  ])('is told %s needs a key: 401 UNAUTHENTICATED, with no subgraph asked', async (_what, query) => {
    const before = totalReceived();
    const { status, headers, body } = await post(url, query);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body.errors).toEqual([{ message: expect.stringMatching(/needs an API key/), extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(body.data).toBeUndefined();
    expect(totalReceived()).toBe(before);
  });

  it('gets a plain validation error for a field that exists nowhere', async () => {
    const { status, body } = await post(url, '{ track(isrc: "GBDUW0000053") { nonsense } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('a wrong key', () => {
  it.each([
    ['unknown', `sk_${'A'.repeat(43)}`],
    ['malformed', 'sk_short'],
    ['not a key at all', 'password'],
  ])('%s: 403 FORBIDDEN (INVALID_KEY), the key never echoed', async (_what, key) => {
    const before = totalReceived();
    const { status, body } = await post(url, TRACK, {}, { key });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'INVALID_KEY' });
    expect(JSON.stringify(body)).not.toContain(key);
    expect(totalReceived()).toBe(before);
  });

  it('revoked: refused at once by this gateway', async () => {
    const key = await stack.createKey({ accountId: 'leaver' });
    expect((await post(url, TRACK, {}, { key })).status).toBe(200);
    const [record] = await stack.gateway.gateway.services.keys.list({ accountId: 'leaver' });
    await post(url, `mutation { revokeApiKey(id: "${record!.id}") { revokedAt } }`, {}, { key: stack.adminKey });
    const { status, body } = await post(url, TRACK, {}, { key });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('where the key may be', () => {
  it('Authorization: Bearer, x-api-key, and ?api_key= on GET', async () => {
    expect((await post(url, STREAMS, {}, { key: partnerKey })).body.data.track.spotifyStreams).toHaveLength(2);
    expect((await post(url, STREAMS, {}, { headers: { 'x-api-key': partnerKey } })).body.data.track.spotifyStreams).toHaveLength(2);
    const get = await fetch(`${url}?query=${encodeURIComponent(STREAMS)}&api_key=${partnerKey}`);
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.track.spotifyStreams).toHaveLength(2);
  });

  it('refuses ?api_key= on a POST, and two different keys in one request', async () => {
    const onPost = await fetch(`${url}?api_key=${partnerKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TRACK }) });
    expect(onPost.status).toBe(400);
    expect(((await onPost.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const two = await post(url, TRACK, {}, { key: partnerKey, headers: { 'x-api-key': publicKey } });
    expect(two.status).toBe(400);
  });
});

describe('contracts', () => {
  it('a partner cannot query an internal field: it fails as a field that does not exist, and no subgraph is asked', async () => {
    const before = totalReceived();
    const internal = await post(url, '{ discoveryPlatforms { source } }', {}, { key: partnerKey });
    const missing = await post(url, '{ discoveryPlatformz { source } }', {}, { key: partnerKey });
    expect(internal.status).toBe(400);
    // graphql-js may suggest similar names: only ones the partner contract has (here "discoveryPool"), as for a field that exists nowhere.
    expect(internal.body.errors).toEqual([{ message: expect.stringMatching(/^Cannot query field "discoveryPlatforms" on type "Query"\./), locations: expect.any(Array), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    expect(internal.body.errors?.[0]?.message.replace('discoveryPlatforms', 'discoveryPlatformz')).toBe(missing.body.errors?.[0]?.message);
    expect(totalReceived()).toBe(before);
  });

  it('a partner cannot introspect an internal field or type', async () => {
    const { body } = await post(url, '{ __schema { queryType { fields { name } } mutationType { fields { name } } } __type(name: "DiscoveryPlatform") { name } }', {}, { key: partnerKey });
    const queries = body.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
    const mutations = body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(queries).toEqual(expect.arrayContaining(['track', 'tracks', 'account', 'libraryTracks', 'estimateCost']));
    expect(queries).not.toContain('discoveryPlatforms');
    expect(queries).not.toContain('apiKeys');
    expect(mutations).toEqual(expect.arrayContaining(['resolveTracks', 'bootstrapApiKey']));
    expect(mutations).not.toContain('createApiKey');
    expect(body.data.__type).toBeNull();
  });

  it('a key on the public contract sees what anonymous callers see, and is told fields outside it do not exist', async () => {
    const { status, body } = await post(url, STREAMS, {}, { key: publicKey });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ message: 'Cannot query field "spotifyStreams" on type "Track".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('the internal contract (the admin key) sees everything', async () => {
    const { body } = await post(url, '{ discoveryPlatforms { source } apiKeys { prefix } }', {}, { key: stack.adminKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.discoveryPlatforms.length).toBeGreaterThan(0);
  });
});

describe('scopes', () => {
  it('a key without the credits scope cannot spend credits', async () => {
    const { body } = await post(url, 'mutation { resolveTracks(inputType: ISRC, items: [{ isrc: "GBDUW0000053" }]) { processed } }', {}, { key: readOnlyKey });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'credits', serviceName: 'links' });
  });

  it('a key without the matches scope gets null matches with FORBIDDEN, and the rest of the track', async () => {
    const { body } = await post(url, '{ track(isrc: "GBDUW0000053") { title matches { totalCount } libraryTracks { title } } }', {}, { key: readOnlyKey });
    // The library answers (reader-co's library is empty: libraries are per account).
    expect(body.data.track).toEqual({ title: 'One More Time', matches: null, libraryTracks: [] });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'matches', serviceName: 'audio-matches' });
  });

  it('key management needs the admin scope', async () => {
    const { body } = await post(url, '{ apiKeys { id } }', {}, { key: await stack.createKey({ accountId: 'insider', contract: 'internal' }) });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'admin' });
  });
});

describe('credits go to the calling account', () => {
  it('each of two accounts pays for its own items, under concurrency, to the credit', async () => {
    const keys = { alpha: await stack.createKey({ accountId: 'alpha' }), beta: await stack.createKey({ accountId: 'beta' }) };
    await grantCredits(stack.linksPrisma, 'alpha', 30, 'test');
    await grantCredits(stack.linksPrisma, 'beta', 7, 'test');
    const resolve = (key: string) => post(url, 'mutation { resolveTracks(inputType: ISRC, items: [{ isrc: "GBDUW0000053" }, { isrc: "USUM72414866" }]) { processed creditsRemaining } }', {}, { key });
    const answers = await Promise.all([...Array.from({ length: 10 }, () => resolve(keys.alpha)), ...Array.from({ length: 10 }, () => resolve(keys.beta))]);
    const processed = (from: number) => answers.slice(from, from + 10).reduce((n, a) => n + a.body.data.resolveTracks.processed, 0);
    expect(processed(0)).toBe(20);
    expect(processed(10)).toBe(7);
    const balance = async (key: string) => (await post(url, '{ account { id credits } }', {}, { key })).body.data.account;
    expect(await balance(keys.alpha)).toEqual({ id: 'alpha', credits: 10 });
    expect(await balance(keys.beta)).toEqual({ id: 'beta', credits: 0 });
    const ledger = await stack.linksPrisma.creditLedger.groupBy({ by: ['accountId'], where: { accountId: { in: ['alpha', 'beta'] } }, _sum: { delta: true } });
    expect(Object.fromEntries(ledger.map((row) => [row.accountId, row._sum.delta]))).toEqual({ alpha: 10, beta: 0 });
    expect((await stack.linksPrisma.account.findUniqueOrThrow({ where: { id: 'demo' } })).credits).toBe(1000);
  });
});

describe('key management through GraphQL', () => {
  it('creates a key whose secret is shown once, lists it without the secret, and revokes it', async () => {
    const created = await post(url, 'mutation { createApiKey(input: { accountId: "newco", label: "CI", contract: "partner", scopes: ["credits"] }) { key apiKey { id prefix accountId contract scopes plan } } }', {}, { key: stack.adminKey });
    const { key, apiKey } = created.body.data.createApiKey;
    expect(key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ prefix: key.slice(0, 10), accountId: 'newco', contract: 'partner', scopes: ['credits'], plan: 'standard' });
    const listed = await post(url, '{ apiKeys(accountId: "newco") { id prefix label lastUsedAt revokedAt } }', {}, { key: stack.adminKey });
    expect(listed.body.data.apiKeys).toEqual([{ id: apiKey.id, prefix: apiKey.prefix, label: 'CI', lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    // Only the hash is stored.
    const row = await stack.gateway.gateway.database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
    expect((await post(url, '{ account { id } }', {}, { key })).body.data.account.id).toBe('newco');
    const revoked = await post(url, `mutation { revokeApiKey(id: "${apiKey.id}") { revokedAt } }`, {}, { key: stack.adminKey });
    expect(revoked.body.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
    expect((await post(url, '{ account { id } }', {}, { key })).status).toBe(403);
  });

  it.each([
    ['an unknown contract', '{ accountId: "x", label: "y", contract: "gold" }', 'contract'],
    ['an unknown scope', '{ accountId: "x", label: "y", scopes: ["root"] }', 'scopes'],
    ['an empty label', '{ accountId: "x", label: " " }', 'label'],
    ['an account id of 201 characters', `{ accountId: "${'a'.repeat(201)}", label: "y" }`, 'accountId'],
  ])('refuses %s with BAD_USER_INPUT naming it', async (_what, input, argument) => {
    const { body } = await post(url, `mutation { createApiKey(input: ${input}) { key } }`, {}, { key: stack.adminKey });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it('bootstrapApiKey is FORBIDDEN once any key exists', async () => {
    const { body } = await post(url, 'mutation { bootstrapApiKey(label: "mine") { key } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records when a key was last used', async () => {
    const key = await stack.createKey({ accountId: 'user-time' });
    await post(url, TRACK, {}, { key });
    await vi.waitFor(async () => {
      const [record] = await stack.gateway.gateway.services.keys.list({ accountId: 'user-time' });
      expect(record!.lastUsedAt).toBeInstanceOf(Date);
    });
  });
});

describe('secrets stay secret', () => {
  it('no key, good or bad, appears in what the gateway and subgraphs log', async () => {
    const written: string[] = [];
    // Everything the servers would log, debug lines included.
    const level = logger.level;
    logger.level = 'debug';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const bad = `sk_${'B'.repeat(43)}`;
    try {
      await post(url, TRACK, {}, { key: partnerKey });
      await post(url, TRACK, {}, { key: bad });
      await post(url, '{ track(isrc: "not an isrc") { title } }', {}, { key: partnerKey });
      await post(url, 'mutation { createApiKey(input: { accountId: "logged", label: "x" }) { key } }', {}, { key: stack.adminKey });
    } finally {
      spy.mockRestore();
      logger.level = level;
    }
    const logs = written.join('');
    // Something was logged (an operation with errors at least), so the check below means something.
    expect(logs).toMatch(/"requestId"/);
    for (const secret of [partnerKey, bad, stack.adminKey]) expect(logs).not.toContain(secret.slice(3));
  });
});
