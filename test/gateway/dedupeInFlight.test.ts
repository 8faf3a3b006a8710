import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/Caller.ts';
import { verifyRequest } from '../../lib/auth/requestSigning.ts';
import { registry } from '../../lib/metrics.ts';
import { InFlightFetches } from '../../gateway/src/datasources/dedupeInFlight.ts';
import { SubgraphDataSource } from '../../gateway/src/datasources/SubgraphDataSource.ts';
import { testCaller } from '../helpers/callers.ts';

const SECRET = 'dedupe-test-secret-0123456789abcdefghij';
const QUERY = 'query Q($isrc: String!) { track(isrc: $isrc) { title } }';

/** A stand-in subgraph that verifies each signature, counts requests and holds every answer until released. */
interface CountingSubgraph {
  url: string;
  /** Requests received, with the caller each one carried. */
  received: { caller: Caller | null; body: any }[];
  /** What it answers when released. */
  mode: 'ok' | 'html500' | 'hang';
  /** Answers everything held so far, or only the requests whose query text contains `only`. */
  release(only?: string): void;
  close(): Promise<void>;
}

async function startCountingSubgraph(): Promise<CountingSubgraph> {
  let held: { query: string; answer: () => void }[] = [];
  const seen = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // Every request that arrives is one the gateway signed for itself, with a nonce never seen before.
      const verified = verifyRequest({ secret: SECRET, headers: req.headers, method: 'POST', path: '/graphql', body, seen: (nonce) => seen.has(nonce) || (seen.add(nonce), false) });
      if (!verified.ok) return void res.writeHead(401).end(JSON.stringify({ errors: [{ message: verified.reason }] }));
      const n = subgraph.received.push({ caller: verified.caller, body: JSON.parse(body) });
      const mode = subgraph.mode;
      if (mode === 'hang') return;
      held.push({ query: JSON.parse(body).query, answer: () => {
        if (mode === 'html500') return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html>boom</html>');
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60, public' }).end(JSON.stringify({ data: { track: { title: `answer ${n}`, tags: ['a'] } } }));
      } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const subgraph: CountingSubgraph = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received: [],
    mode: 'ok',
    release(only) {
      const now = held.filter(({ query }) => only === undefined || query.includes(only));
      held = held.filter((entry) => !now.includes(entry));
      for (const { answer } of now) answer();
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  return subgraph;
}

/** What Apollo Gateway hands a data source for one fetch of an incoming operation. */
function fetchOptions(options: { query?: string; variables?: Record<string, unknown>; caller?: Caller | null; contract?: string; clientHeaders?: Record<string, string>; operation?: 'query' | 'mutation' } = {}): GraphQLDataSourceProcessOptions<any> {
  const request = { query: options.query ?? QUERY, variables: options.variables ?? { isrc: 'GBDUW0000053' } };
  const caller = options.caller === undefined ? testCaller() : options.caller;
  const context = { caller, requestId: `req-${Math.random()}`, contract: options.contract ?? caller?.contract ?? 'public' };
  return {
    kind: 'incoming operation',
    request,
    context,
    incomingRequestContext: { request: { http: { headers: new Map(Object.entries(options.clientHeaders ?? {})) } }, operation: { operation: options.operation ?? 'query' }, context },
  } as unknown as GraphQLDataSourceProcessOptions<any>;
}

/** Waits until the subgraph has received `n` requests (they are on their way through sockets). */
async function receivedAtLeast(subgraph: CountingSubgraph, n: number): Promise<void> {
  for (let i = 0; i < 200 && subgraph.received.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(subgraph.received.length).toBeGreaterThanOrEqual(n);
}

/** Lets every pending fetch reach the data source (and its joining or not). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function deduplicatedCount(): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'trackgraph_gateway_subgraph_fetches_deduplicated_total');
  return (metric?.values ?? []).reduce((sum, v) => sum + (v.labels.subgraph === 'links' ? Number(v.value) : 0), 0);
}

let subgraph: CountingSubgraph;
let inFlight: InFlightFetches;
let source: SubgraphDataSource;
const sources: SubgraphDataSource[] = [];

function dataSource(options: { timeoutMs?: number; inFlight?: InFlightFetches } = {}): SubgraphDataSource {
  const created = new SubgraphDataSource({ name: 'links', url: subgraph.url, signingSecret: SECRET, inFlight: options.inFlight ?? inFlight, timeoutMs: options.timeoutMs ?? 5_000 });
  sources.push(created);
  return created;
}

beforeAll(async () => {
  subgraph = await startCountingSubgraph();
});
beforeEach(() => {
  inFlight = new InFlightFetches();
});
afterEach(() => {
  subgraph.release();
  subgraph.received.length = 0;
  subgraph.mode = 'ok';
});
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await subgraph.close();
});
describe('in-flight deduplication of subgraph fetches', () => {
  it('sends 50 concurrent identical fetches of one caller as one request; each gets its own copy of the answer', async () => {
    source = dataSource();
    const before = await deduplicatedCount();
    const answers = Array.from({ length: 50 }, () => source.process(fetchOptions()));
    await receivedAtLeast(subgraph, 1);
    await settle();
    subgraph.release();
    const responses = await Promise.all(answers);
    expect(subgraph.received).toHaveLength(1);
    expect(await deduplicatedCount()).toBe(before + 49);
    for (const response of responses) expect(response.data).toEqual({ track: { title: 'answer 1', tags: ['a'] } });
    // No shared mutable objects: changing one answer leaves the others as they were.
    (responses[0]!.data as any).track.tags.push('changed');
    (responses[1]!.data as any).track.title = 'changed';
    expect(responses[2]!.data).toEqual({ track: { title: 'answer 1', tags: ['a'] } });
    expect(new Set(responses.map((r) => r.data)).size).toBe(50);
    expect(inFlight.size).toBe(0);
  });

  it('never shares between callers: account, key, profile and contract each make their own request, signed for that caller', async () => {
    source = dataSource();
    const base = testCaller('account-a');
    const callers: (Caller | null)[] = [base, testCaller('account-b'), { ...base, keyId: 'another-key' }, { ...base, profileId: 'profile-2' }, { ...base, contract: 'partner' }, { ...base, scopes: [] }, null];
    const answers = callers.flatMap((caller) => [source.process(fetchOptions({ caller })), source.process(fetchOptions({ caller }))]);
    await receivedAtLeast(subgraph, callers.length);
    await settle();
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(callers.length);
    expect(subgraph.received.map((r) => r.caller)).toEqual(expect.arrayContaining(callers));
  });

  it('never shares between contracts of anonymous callers, variables or query texts', async () => {
    source = dataSource();
    const answers = [
      source.process(fetchOptions({ caller: null, contract: 'public' })),
      source.process(fetchOptions({ caller: null, contract: 'partner' })),
      source.process(fetchOptions({ variables: { isrc: 'USUM71703861' } })),
      source.process(fetchOptions({ query: 'query Q($isrc: String!) { track(isrc: $isrc) { title artists } }' })),
    ];
    await receivedAtLeast(subgraph, 4);
    await settle();
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(4);
  });

  it('never merges mutations, nor the fetches of an operation that is a mutation', async () => {
    source = dataSource();
    const mutation = 'mutation M { resolveTracks(isrcs: ["GBDUW0000053"]) { isrc } }';
    const answers = [
      ...Array.from({ length: 5 }, () => source.process(fetchOptions({ query: mutation }))),
      ...Array.from({ length: 3 }, () => source.process(fetchOptions({ operation: 'mutation' }))),
    ];
    await receivedAtLeast(subgraph, 8);
    await settle();
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(8);
  });

  it('never shares when the client asked for a fresh answer (Cache-Control: no-cache or no-store, Pragma: no-cache)', async () => {
    source = dataSource();
    const answers = [
      source.process(fetchOptions()),
      source.process(fetchOptions({ clientHeaders: { 'cache-control': 'no-cache' } })),
      source.process(fetchOptions({ clientHeaders: { 'cache-control': 'max-age=0, No-Store' } })),
      source.process(fetchOptions({ clientHeaders: { pragma: 'no-cache' } })),
    ];
    await receivedAtLeast(subgraph, 4);
    await settle();
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(4);
  });

  it('fails every follower with the leader’s own JSON error when the subgraph fails', async () => {
    source = dataSource();
    subgraph.mode = 'html500';
    const answers = Array.from({ length: 10 }, () => source.process(fetchOptions()));
    await receivedAtLeast(subgraph, 1);
    await settle();
    subgraph.release();
    const responses = await Promise.all(answers);
    expect(subgraph.received).toHaveLength(1);
    for (const response of responses) {
      expect(response).toEqual({ errors: [{ message: 'The links subgraph answered HTTP 500 without a GraphQL body; its fields are null in this response.', extensions: { code: 'SERVICE_UNAVAILABLE' }, path: ['track'] }] });
    }
  });

  it('fails every follower with the leader’s timeout error when the subgraph hangs, then fetches afresh', async () => {
    source = dataSource({ timeoutMs: 300 });
    subgraph.mode = 'hang';
    const responses = await Promise.all(Array.from({ length: 10 }, () => source.process(fetchOptions())));
    expect(subgraph.received).toHaveLength(1);
    for (const response of responses) expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('did not answer within 300 ms'), extensions: { code: 'SERVICE_UNAVAILABLE' } })]);
    subgraph.mode = 'ok';
    const next = source.process(fetchOptions());
    await receivedAtLeast(subgraph, 2);
    subgraph.release();
    expect((await next).data).toEqual({ track: { title: 'answer 2', tags: ['a'] } });
  });

  it('starts a new fetch for a request arriving after a slow leader has answered', async () => {
    source = dataSource();
    const leader = source.process(fetchOptions());
    await receivedAtLeast(subgraph, 1);
    const follower = source.process(fetchOptions());
    await settle();
    subgraph.release();
    expect((await leader).data).toEqual((await follower).data);
    const later = source.process(fetchOptions());
    await receivedAtLeast(subgraph, 2);
    subgraph.release();
    expect((await later).data).toEqual({ track: { title: 'answer 2', tags: ['a'] } });
    expect(subgraph.received).toHaveLength(2);
  });

  it('does not join a read that began before a mutation through the gateway finished', async () => {
    source = dataSource();
    const before = source.process(fetchOptions());
    await receivedAtLeast(subgraph, 1);
    const write = source.process(fetchOptions({ query: 'mutation { resolveTracks(isrcs: ["GBDUW0000053"]) { isrc } }' }));
    await receivedAtLeast(subgraph, 2);
    // Only the write is answered: the read that began before it is still waiting.
    subgraph.release('mutation');
    await write;
    const after = source.process(fetchOptions());
    await receivedAtLeast(subgraph, 3);
    subgraph.release();
    await Promise.all([before, after]);
    expect(subgraph.received).toHaveLength(3);
  });

  it('keeps at most maxInFlight shared fetches: beyond it, fetches go out on their own', async () => {
    const bounded = new InFlightFetches({ maxInFlight: 2 });
    source = dataSource({ inFlight: bounded });
    const variables = (n: number) => ({ isrc: `GBDUW00000${50 + n}` });
    const answers = [0, 1, 2, 2].map((n) => source.process(fetchOptions({ variables: variables(n) })));
    await receivedAtLeast(subgraph, 4);
    expect(bounded.size).toBe(2);
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(4);
    expect(bounded.size).toBe(0);
    expect(() => new InFlightFetches({ maxInFlight: -1 })).toThrow(TypeError);
  });

  it('sends every fetch when deduplication is off (GATEWAY_DEDUP=false)', async () => {
    const plain = new SubgraphDataSource({ name: 'links', url: subgraph.url, signingSecret: SECRET });
    sources.push(plain);
    const answers = Array.from({ length: 5 }, () => plain.process(fetchOptions()));
    await receivedAtLeast(subgraph, 5);
    subgraph.release();
    await Promise.all(answers);
    expect(subgraph.received).toHaveLength(5);
  });
});
