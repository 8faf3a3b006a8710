import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSigningSecret, signRequest, SIGNING_HEADERS } from '../../lib/auth/requestSigning.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { serveSubgraph, type RunningSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { SUBGRAPH_MODULES } from '../../subgraphs/modules.ts';
import { testCaller } from '../helpers/callers.ts';
import { createTestSubgraph, TEST_ENV } from '../helpers/subgraph.ts';

/**
 * Each subgraph, served over HTTP with a signing secret, answers only requests the gateway
 * signed: refused before any resolver runs (no SQL), `_entities` included.
 */
const SECRET = randomSigningSecret();
const servers = {} as Record<SubgraphName, RunningSubgraph>;
const statements = {} as Record<SubgraphName, number>;
let unprotected: RunningSubgraph;

beforeAll(async () => {
  await Promise.all(
    SUBGRAPHS.map(async ({ name }) => {
      const subgraph = await createTestSubgraph(SUBGRAPH_MODULES[name]);
      statements[name] = 0;
      subgraph.onQuery(() => (statements[name] += 1));
      servers[name] = await serveSubgraph(subgraph, { port: 0, env: { ...TEST_ENV, SUBGRAPH_SIGNING_SECRET: SECRET } });
    }),
  );
  unprotected = await serveSubgraph(await createTestSubgraph(SUBGRAPH_MODULES.links), { port: 0, env: TEST_ENV });
});
afterAll(async () => {
  await Promise.all([...Object.values(servers), unprotected].map((s) => s?.close()));
});

const ACCOUNT = '{ account { id credits } }';
const ENTITIES: Record<SubgraphName, { query: string; representations: unknown[] }> = {
  links: { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { title } } }', representations: [{ __typename: 'Track', isrc: 'GBDUW0000053' }] },
  analytics: { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { spotifyStreams { total } } } }', representations: [{ __typename: 'Track', isrc: 'USUM72414866' }] },
  library: { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { libraryTracks { title } } } }', representations: [{ __typename: 'Track', isrc: 'GBAYE9700074' }] },
  'audio-matches': { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Track { matches { totalCount } } } }', representations: [{ __typename: 'Track', id: 'trk_f62b45a04aa95725fdab' }] },
};

/** POSTs `body` (a string, sent byte for byte) with `headers`. */
async function send(server: RunningSubgraph, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** The body and the headers the gateway would send for `query` as `caller`. */
function signed(query: string, variables: Record<string, unknown> = {}, caller: Caller | null = testCaller('acme'), options: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify({ query, variables });
  return { body, headers: signRequest(options.secret ?? SECRET, { method: 'POST', path: '/graphql', body, caller, requestId: 'test-request' }, options.at) };
}

describe('a subgraph with a signing secret', () => {
  it.each(SUBGRAPHS.map((s) => s.name))('%s refuses an unsigned _entities request with 401, before any resolver runs', async (name) => {
    const before = statements[name];
    const { query, representations } = ENTITIES[name];
    const { status, body } = await send(servers[name], JSON.stringify({ query, variables: { r: representations } }));
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'unsigned' });
    expect(body.data).toBeUndefined();
    expect(statements[name]).toBe(before);
  });

  it.each(SUBGRAPHS.map((s) => s.name))('%s answers the same _entities request signed by the gateway', async (name) => {
    const { query, representations } = ENTITIES[name];
    const request = signed(query, { r: representations });
    const { status, body } = await send(servers[name], request.body, request.headers);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toHaveLength(1);
  });

  it('takes the caller from the signed headers', async () => {
    const request = signed(ACCOUNT, {}, testCaller('acme'));
    const { body } = await send(servers.links, request.body, request.headers);
    expect(body.data.account).toEqual({ id: 'acme', credits: 0 });
  });

  it('refuses a caller header a client forged, signed or not', async () => {
    const request = signed(ACCOUNT, {}, testCaller('acme'));
    const forged = Buffer.from(JSON.stringify(testCaller('demo'))).toString('base64url');
    expect((await send(servers.links, request.body, { ...request.headers, [SIGNING_HEADERS.caller]: forged })).body.errors?.[0]?.extensions?.reason).toBe('bad-signature');
    expect((await send(servers.links, request.body, { [SIGNING_HEADERS.caller]: forged })).body.errors?.[0]?.extensions?.reason).toBe('unsigned');
  });

  it('refuses a request signed with another secret', async () => {
    const request = signed(ACCOUNT, {}, testCaller('acme'), { secret: randomSigningSecret() });
    const { status, body } = await send(servers.links, request.body, request.headers);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.reason).toBe('bad-signature');
  });

  it('refuses a body changed after signing', async () => {
    const request = signed(ACCOUNT);
    const { status, body } = await send(servers.links, request.body.replace('credits', 'id'), request.headers);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.reason).toBe('bad-signature');
  });

  it('refuses a signed request replayed after five minutes', async () => {
    const request = signed(ACCOUNT, {}, testCaller('acme'), { at: Date.now() - 5 * 60_000 - 1_000 });
    const { status, body } = await send(servers.links, request.body, request.headers);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.reason).toBe('stale');
  });

  it('refuses the same signed request sent twice', async () => {
    const request = signed(ACCOUNT);
    expect((await send(servers.links, request.body, request.headers)).status).toBe(200);
    const again = await send(servers.links, request.body, request.headers);
    expect(again.status).toBe(401);
    expect(again.body.errors?.[0]?.extensions?.reason).toBe('replayed');
  });

  it('refuses an unsigned GET query too, but serves the landing page and /health', async () => {
    const get = await fetch(`${servers.links.url}?query=${encodeURIComponent('{ account { id } }')}`);
    expect(get.status).toBe(401);
    expect((await fetch(servers.links.url, { headers: { accept: 'text/html' } })).status).toBe(200);
    expect((await fetch(new URL('/health', servers.links.url))).status).toBe(200);
  });
});

describe('a subgraph without a signing secret', () => {
  it('treats every request as anonymous, whatever caller header it carries', async () => {
    const forged = Buffer.from(JSON.stringify(testCaller('demo'))).toString('base64url');
    const { status, body } = await send(unprotected, JSON.stringify({ query: ACCOUNT }), { [SIGNING_HEADERS.caller]: forged });
    expect(status).toBe(200);
    expect(body.data.account).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
