import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createRequire } from 'node:module';
import { gql } from 'graphql-tag';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/Caller.ts';
import { verifyRequest } from '../../lib/auth/requestSigning.ts';
import { registry } from '../../lib/metrics.ts';
import { FetchBatcher } from '../../gateway/src/datasources/batchFetches.ts';
import { SubgraphDataSource } from '../../gateway/src/datasources/SubgraphDataSource.ts';
import { testCaller } from '../helpers/callers.ts';

// The schema is built by @apollo/subgraph's CommonJS graphql; executed with the same instance.
const { graphql, GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const SECRET = 'batch-test-secret-0123456789abcdefghijk';
const ROOT = 'query Card__links__0($isrc: String!, $upper: Boolean) { track(isrc: $isrc) { isrc title(upper: $upper) } }';
const ENTITIES = 'query Card__analytics__1($representations: [_Any!]!, $days: Int) { _entities(representations: $representations) { ... on Track { isrc streams(days: $days) } } }';

// A real federated subgraph (graphql-js executes every request); "BAD…" ISRCs fail their field, "GONE…" are unknown.
const schema = buildSubgraphSchema({
  typeDefs: gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Track @key(fields: "isrc") {
      isrc: String!
      title(upper: Boolean): String
      streams(days: Int): Int
    }
    type Query {
      track(isrc: String!): Track
      echo(text: String!): String
    }
    type Mutation {
      touch(isrc: String!): Track
    }
  `,
  resolvers: {
    Query: {
      track: (_: unknown, { isrc }: { isrc: string }) => (isrc.startsWith('GONE') ? null : { isrc }),
      echo: (_: unknown, { text }: { text: string }) => text,
    },
    Mutation: { touch: (_: unknown, { isrc }: { isrc: string }) => ({ isrc }) },
    Track: {
      __resolveReference: ({ isrc }: { isrc: string }) => (isrc.startsWith('GONE') ? null : { isrc }),
      title: ({ isrc }: { isrc: string }, { upper }: { upper?: boolean }) => {
        if (isrc.startsWith('BAD')) throw new GraphQLError(`no title for ${isrc}`, { extensions: { code: 'NOT_FOUND' } });
        return upper ? `TITLE ${isrc}` : `title ${isrc}`;
      },
      streams: ({ isrc }: { isrc: string }, { days }: { days?: number }) => {
        if (isrc.startsWith('BAD')) throw new GraphQLError(`no streams for ${isrc}`, { extensions: { code: 'NOT_FOUND' } });
        return isrc.length * (days ?? 1);
      },
    },
  } as never,
});

interface Received {
  caller: Caller | null;
  body: { query: string; variables?: Record<string, any> };
}

let server: ReturnType<typeof createServer>;
let url: string;
const received: Received[] = [];
// 'ok': execute; 'html': answer an HTML 500; 'refuse-batches': a 400 with no data for any request carrying more than one part.
let mode: 'ok' | 'html' | 'refuse-batches' | 'short-list' | 'hang' = 'ok';

beforeAll(async () => {
  const seen = new Set<string>();
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const verified = verifyRequest({ secret: SECRET, headers: req.headers, method: 'POST', path: '/graphql', body: text, seen: (nonce) => seen.has(nonce) || (seen.add(nonce), false) });
      if (!verified.ok) return void res.writeHead(401).end(JSON.stringify({ errors: [{ message: verified.reason }] }));
      const body = JSON.parse(text);
      received.push({ caller: verified.caller, body });
      if (mode === 'hang') return;
      if (mode === 'html') return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html>boom</html>');
      const parts = (body.variables?.representations?.length ?? 0) > 1 || /_1_/.test(body.query);
      if (mode === 'refuse-batches' && parts) return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Variable "$_1_isrc" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] }));
      const result: any = await graphql({ schema, source: body.query, variableValues: body.variables, operationName: body.operationName });
      if (mode === 'short-list' && result.data?._entities) result.data._entities.pop();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60, public' }).end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterEach(() => {
  received.length = 0;
  mode = 'ok';
});
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)));
});

const sources: SubgraphDataSource[] = [];
function dataSource(options: { maxParts?: number; maxRepresentations?: number; timeoutMs?: number } = {}): SubgraphDataSource {
  const { timeoutMs = 5_000, ...batching } = options;
  const source = new SubgraphDataSource({ name: 'links', url, signingSecret: SECRET, timeoutMs, batcher: new FetchBatcher({ subgraph: 'links', ...batching }) });
  sources.push(source);
  return source;
}

/** What Apollo Gateway hands a data source for one fetch of an incoming operation. */
function fetchOptions(query: string, variables: Record<string, unknown>, caller: Caller | null = testCaller(), headers?: Record<string, string>): GraphQLDataSourceProcessOptions<any> {
  const context = { caller, requestId: `req-${Math.random()}`, contract: caller?.contract ?? 'public' };
  return {
    kind: 'incoming operation',
    request: { query, variables, ...(headers ? { http: { headers: new Map(Object.entries(headers)) } } : {}) },
    context,
    incomingRequestContext: { request: { http: { headers: new Map() } }, operation: { operation: 'query' }, context },
  } as unknown as GraphQLDataSourceProcessOptions<any>;
}

/** Each fetch sent alone, for comparison. */
async function alone(query: string, variables: Record<string, unknown>) {
  const source = new SubgraphDataSource({ name: 'links', url, signingSecret: SECRET });
  try {
    const response = await source.process(fetchOptions(query, variables));
    received.pop();
    return { data: response.data, errors: response.errors };
  } finally {
    await source.close();
  }
}

async function batchedCount(): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'trackgraph_gateway_subgraph_fetches_batched_total');
  return (metric?.values ?? []).reduce((sum, v) => sum + (v.labels.subgraph === 'links' ? Number(v.value) : 0), 0);
}

const isrcs = (n: number, prefix = 'GBDUW00000') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
const plain = (response: { data?: unknown; errors?: unknown }) => ({ data: response.data, errors: response.errors });
// Errors of merged root fetches lose their locations: those point into a document only the subgraph saw.
const unlocated = (response: { data?: unknown; errors?: readonly object[] }) => ({ data: response.data, errors: response.errors?.map(({ locations: _, ...rest }: any) => rest) });

describe('batching subgraph fetches across requests', () => {
  it('sends 20 root fetches ready in one turn as one signed request; each answer is what it would have been alone', async () => {
    const source = dataSource();
    const before = await batchedCount();
    const variables = isrcs(20).map((isrc, i) => ({ isrc, ...(i % 2 ? { upper: true } : {}) }));
    const responses = await Promise.all(variables.map((v) => source.process(fetchOptions(ROOT, v))));
    expect(received).toHaveLength(1);
    expect(received[0]!.body.query).toContain('_19_track: track(isrc: $_19_isrc)');
    expect(received[0]!.caller?.accountId).toBe(testCaller().accountId);
    expect(await batchedCount()).toBe(before + 20);
    for (const [i, v] of variables.entries()) expect(plain(responses[i]!)).toEqual(unlocated(await alone(ROOT, v)));
    expect(responses[1]!.data).toEqual({ track: { isrc: 'GBDUW0000001', title: 'TITLE GBDUW0000001' } });
    // The subgraph's cache hint reaches every part.
    expect(responses[5]!.http?.headers.get('cache-control')).toBe('max-age=60, public');
  });

  it('gives a failing field and an unknown track to their own part only, with the path as the part would have had it', async () => {
    const source = dataSource();
    const variables = [{ isrc: 'GBDUW0000001' }, { isrc: 'BADUW0000002' }, { isrc: 'GONEW0000003' }, { isrc: 'GBDUW0000004' }];
    const responses = await Promise.all(variables.map((v) => source.process(fetchOptions(ROOT, v))));
    expect(received).toHaveLength(1);
    expect(responses[0]!.errors).toBeUndefined();
    expect(responses[1]!.data).toEqual({ track: { isrc: 'BADUW0000002', title: null } });
    expect(responses[1]!.errors).toMatchObject([{ message: 'no title for BADUW0000002', path: ['track', 'title'], extensions: { code: 'NOT_FOUND' } }]);
    expect(plain(responses[2]!)).toEqual({ data: { track: null }, errors: undefined });
    for (const [i, v] of variables.entries()) expect(plain(responses[i]!)).toEqual(unlocated(await alone(ROOT, v)));
  });

  it('joins entity fetches into one _entities list (the subgraph sees the same query) and splits the answer and its errors back', async () => {
    const source = dataSource();
    const parts = [isrcs(3, 'GBAAA00000'), ['BADBB0000000', 'GBBBB0000001'], [], ['GONEC0000000', 'GBCCC0000001', 'BADCC0000002']];
    const variables = parts.map((list) => ({ representations: list.map((isrc) => ({ __typename: 'Track', isrc })), days: 7 }));
    const responses = await Promise.all(variables.map((v) => source.process(fetchOptions(ENTITIES, v))));
    expect(received).toHaveLength(1);
    expect(received[0]!.body.query).toBe(ENTITIES);
    expect(received[0]!.body.variables!.representations).toHaveLength(8);
    for (const [i, v] of variables.entries()) expect(plain(responses[i]!)).toEqual(await alone(ENTITIES, v));
    expect(responses[1]!.errors).toMatchObject([{ message: 'no streams for BADBB0000000', path: ['_entities', 0, 'streams'] }]);
    expect(responses[3]!.errors).toMatchObject([{ message: 'no streams for BADCC0000002', path: ['_entities', 2, 'streams'] }]);
    expect(responses[2]!.data).toEqual({ _entities: [] });
  });

  it('never merges entity fetches whose other variables differ, nor fetches of different queries', async () => {
    const source = dataSource();
    const representations = [{ __typename: 'Track', isrc: 'GBDUW0000001' }];
    await Promise.all([
      source.process(fetchOptions(ENTITIES, { representations, days: 7 })),
      source.process(fetchOptions(ENTITIES, { representations, days: 7 })),
      source.process(fetchOptions(ENTITIES, { representations, days: 30 })),
      source.process(fetchOptions(ROOT, { isrc: 'GBDUW0000001' })),
      source.process(fetchOptions('query Other($isrc: String!) { track(isrc: $isrc) { isrc } }', { isrc: 'GBDUW0000001' })),
    ]);
    expect(received.map((r) => r.body.variables?.representations?.length ?? 'root').sort()).toEqual([1, 2, 'root', 'root']);
  });

  it('never merges between callers: each request is signed for the one caller of all its parts', async () => {
    const source = dataSource();
    const base = testCaller('account-a');
    const callers: (Caller | null)[] = [base, testCaller('account-b'), { ...base, keyId: 'another-key' }, { ...base, profileId: 'profile-2' }, { ...base, contract: 'partner' }, { ...base, scopes: [] }, null];
    const responses = await Promise.all(callers.flatMap((caller, i) => [0, 1].map((j) => source.process(fetchOptions(ROOT, { isrc: `GBDUW00000${i}${j}` }, caller)))));
    expect(received).toHaveLength(callers.length);
    for (const [i, caller] of callers.entries()) {
      const request = received.find((r) => r.body.variables?._0_isrc === `GBDUW00000${i}0`)!;
      expect(request.caller).toEqual(caller);
      expect(request.body.variables).toEqual({ _0_isrc: `GBDUW00000${i}0`, _1_isrc: `GBDUW00000${i}1` });
    }
    expect(responses.map((r) => (r.data as any).track.isrc)).toEqual(callers.flatMap((_, i) => [`GBDUW00000${i}0`, `GBDUW00000${i}1`]));
  });

  it('sends mutations, traced fetches and operations it cannot rename alone', async () => {
    const source = dataSource();
    const fragmentWithVariable = 'query F($isrc: String!, $upper: Boolean) { track(isrc: $isrc) { ...T } } fragment T on Track { title(upper: $upper) }';
    const rootSpread = 'query S($isrc: String!) { ... on Query { track(isrc: $isrc) { isrc } } }';
    const sends = [
      ...[1, 2].map((i) => source.process(fetchOptions('mutation M($isrc: String!) { touch(isrc: $isrc) { isrc } }', { isrc: `GBDUW000000${i}` }))),
      ...[1, 2].map((i) => source.process(fetchOptions(ROOT, { isrc: `GBDUW000000${i}` }, testCaller(), { 'apollo-federation-include-trace': 'ftv1' }))),
      ...[1, 2].map((i) => source.process(fetchOptions(fragmentWithVariable, { isrc: `GBDUW000000${i}`, upper: true }))),
      ...[1, 2].map((i) => source.process(fetchOptions(rootSpread, { isrc: `GBDUW000000${i}` }))),
    ];
    const responses = await Promise.all(sends);
    expect(received).toHaveLength(8);
    for (const response of responses) expect(response.errors).toBeUndefined();
    expect((responses[5]!.data as any).track.title).toBe('TITLE GBDUW0000002');
  });

  it('sends a query over 16 KB alone (parsed shapes stay bounded whatever callers send)', async () => {
    const source = dataSource();
    const long = `${ROOT}\n# ${'x'.repeat(16_384)}`;
    const responses = await Promise.all(isrcs(2).map((isrc) => source.process(fetchOptions(long, { isrc }))));
    expect(received).toHaveLength(2);
    expect(responses.map((r) => (r.data as any).track.isrc)).toEqual(isrcs(2));
  });

  it('shares a fragment that reads no variable between the parts', async () => {
    const source = dataSource();
    const query = 'query F($isrc: String!) { track(isrc: $isrc) { ...T } } fragment T on Track { isrc title }';
    const responses = await Promise.all(isrcs(3).map((isrc) => source.process(fetchOptions(query, { isrc }))));
    expect(received).toHaveLength(1);
    expect(received[0]!.body.query.match(/fragment T on Track/g)).toHaveLength(1);
    expect(responses.map((r) => (r.data as any).track.title)).toEqual(isrcs(3).map((isrc) => `title ${isrc}`));
  });

  it('starts a new request past maxParts or maxRepresentations; a list already at the limit goes alone', async () => {
    const source = dataSource({ maxParts: 4, maxRepresentations: 10 });
    await Promise.all(isrcs(10).map((isrc) => source.process(fetchOptions(ROOT, { isrc }))));
    expect(received.map((r) => Object.keys(r.body.variables!).length)).toEqual([4, 4, 2]);
    received.length = 0;
    const lists = [6, 3, 2, 10, 1].map((n, k) => ({ representations: isrcs(n, `GB${k}XX00000`).map((isrc) => ({ __typename: 'Track', isrc })) }));
    const responses = await Promise.all(lists.map((v) => source.process(fetchOptions(ENTITIES, v))));
    expect(received.map((r) => r.body.variables!.representations.length).sort((a: number, b: number) => a - b)).toEqual([3, 9, 10]);
    for (const [i, v] of lists.entries()) expect((responses[i]!.data as any)._entities).toHaveLength(v.representations.length);
  });

  it('an answer without data sends each part again alone, so only the bad one fails', async () => {
    const source = dataSource();
    mode = 'refuse-batches';
    const responses = await Promise.all(isrcs(3).map((isrc) => source.process(fetchOptions(ROOT, { isrc }))));
    expect(received).toHaveLength(4);
    expect(responses.map((r) => (r.data as any).track.isrc)).toEqual(isrcs(3));
  });

  it('a subgraph that fails the whole batch gives each part a SERVICE_UNAVAILABLE at its own first field', async () => {
    const source = dataSource();
    mode = 'html';
    const responses = await Promise.all([
      ...isrcs(2).map((isrc) => source.process(fetchOptions(ROOT, { isrc }))),
      ...[1, 2].map(() => source.process(fetchOptions(ENTITIES, { representations: [{ __typename: 'Track', isrc: 'GBDUW0000001' }] }))),
    ]);
    expect(received).toHaveLength(2);
    expect(responses.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(4).fill('SERVICE_UNAVAILABLE'));
    expect(responses.map((r) => r.errors?.[0]?.path)).toEqual([['track'], ['track'], ['_entities', 0, 'isrc'], ['_entities', 0, 'isrc']]);
  });

  it('a subgraph that hangs times out every part of the batch once, each with its own error, and the next batch goes out', async () => {
    const source = dataSource({ timeoutMs: 300 });
    mode = 'hang';
    const responses = await Promise.all(isrcs(5).map((isrc) => source.process(fetchOptions(ROOT, { isrc }))));
    expect(received).toHaveLength(1);
    for (const response of responses) expect(response.errors).toMatchObject([{ message: expect.stringContaining('did not answer within 300 ms'), path: ['track'], extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    mode = 'ok';
    const after = await Promise.all(isrcs(2).map((isrc) => source.process(fetchOptions(ROOT, { isrc }))));
    expect(after.map((r) => (r.data as any).track.isrc)).toEqual(isrcs(2));
  });

  it('an entity list of the wrong length is split for no one: each part gets SERVICE_UNAVAILABLE', async () => {
    const source = dataSource();
    mode = 'short-list';
    const responses = await Promise.all([1, 2].map((n) => source.process(fetchOptions(ENTITIES, { representations: isrcs(n).map((isrc) => ({ __typename: 'Track', isrc })) }))));
    expect(received).toHaveLength(1);
    for (const response of responses) {
      expect(response.data).toBeUndefined();
      expect(response.errors).toMatchObject([{ message: expect.stringContaining('answered 2 entities for 3 representations'), extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    }
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new FetchBatcher({ subgraph: 'links', maxParts: 0 })).toThrow(/maxParts must be a positive integer/);
    expect(() => new FetchBatcher({ subgraph: 'links', maxRepresentations: 1.5 })).toThrow(/maxRepresentations/);
  });
});
