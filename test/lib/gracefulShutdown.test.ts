import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLResolveInfo } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../lib/http/createHttpServer.ts';
import { serveSubgraph, type RunningSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { linksSubgraph } from '../../subgraphs/links/src/module.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { createTestSubgraph, TEST_ENV } from '../helpers/subgraph.ts';

const SLOW_MS = 1_500;
type Resolver = (parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;
const linksQuery = (linksSubgraph.resolvers as { Query: Record<string, Resolver> }).Query;
// The links subgraph, but `track` takes SLOW_MS in an operation named Slow: real work in flight inside the server.
const slowLinks = {
  ...linksSubgraph,
  resolvers: {
    ...linksSubgraph.resolvers,
    Query: {
      ...linksQuery,
      track: async (parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo) => {
        if (info.operation.name?.value === 'Slow') await sleep(SLOW_MS);
        return linksQuery.track!(parent, args, context, info);
      },
    },
  },
};
const SLOW = `query Slow { track(isrc: "GBDUW0000053") { title } }`;
const FAST = `query Fast { track(isrc: "GBDUW0000053") { title } }`;

/** A raw connection: what it wrote and received, for requests sent in pieces across the start of a drain. */
async function rawConnection(url: string): Promise<{ socket: Socket; write(text: string): void; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  return { socket, write: (text) => void socket.write(text), answer };
}

/** How a new connection fares: `connected`, or the error code (ECONNREFUSED once nothing listens). */
function connectOutcome(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] }) => resolve(error.code ?? error.errors?.[0]?.code ?? error.message));
  });
}

/** Resolves once the server has closed its listening socket. */
async function stopsListening(http: Server): Promise<void> {
  while (http.listening) await sleep(5);
}

/** Status line, lower-cased head and parsed JSON body of a raw HTTP/1.1 answer (throws when the body is cut). */
function parseRaw(text: string): { status: number; head: string; body: any } {
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end).toLowerCase();
  return { status: Number(/^http\/1\.1 (\d{3})/.exec(head)?.[1]), head, body: JSON.parse(text.slice(end + 4)) };
}

/** Sends the operations at once; resolves with one line per answer that was not a whole 200 with data and no error. */
function load(url: string, operations: string[]): Promise<string[]> {
  return Promise.all(
    operations.map((query) =>
      post(url, query, {}).then(
        ({ status, body }) => (status === 200 && body.data?.track?.title === 'One More Time' && !body.errors ? '' : `${status} ${JSON.stringify(body)}`),
        (error: Error & { cause?: { code?: string } }) => `lost: ${error.cause?.code ?? error.message}`,
      ),
    ),
  ).then((outcomes) => outcomes.filter(Boolean));
}

describe('close() on a subgraph server alone, under load', () => {
  let running: RunningSubgraph | undefined;
  afterAll(() => running?.close());

  it('finishes every request in flight (slow ones, and one still uploading its body), turns /ready 503 at once, refuses new connections', async () => {
    running = await serveSubgraph(await createTestSubgraph(slowLinks), { port: 0, env: TEST_ENV });
    const { url } = running;
    const inFlight = load(url, [...Array(20).fill(SLOW), ...Array(10).fill(FAST)]);
    // A request whose body is half sent when the drain starts, and a /ready probe whose headers are.
    const body = JSON.stringify({ query: FAST });
    const upload = await rawConnection(url);
    upload.write(`POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    const ready = await rawConnection(url);
    ready.write('GET /ready HTTP/1.1\r\nhost: localhost\r\n');
    await sleep(300);

    const started = Date.now();
    const closing = running.close();
    expect(running.draining).toBe(true);
    ready.write('\r\n');
    // Refused once the connections already queued are accepted: never reset after sending.
    await stopsListening(running.http);
    expect(await connectOutcome(url)).toBe('ECONNREFUSED');
    await sleep(200);
    upload.write(body.slice(10));

    expect(await inFlight).toEqual([]);
    const readyAnswer = parseRaw(await ready.answer);
    expect(readyAnswer).toMatchObject({ status: 503, body: { status: 'down', draining: true } });
    expect(readyAnswer.head).toContain('connection: close');
    const uploaded = parseRaw(await upload.answer);
    expect(uploaded).toMatchObject({ status: 200, body: { data: { track: { title: 'One More Time' } } } });
    expect(uploaded.head).toContain('connection: close');
    await closing;
    running = undefined;
    // It waited for the slow requests, not for the whole grace period (10 s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 400);
    expect(Date.now() - started).toBeLessThan(9_000);
  }, 60_000);
});

describe('close() on the gateway in-process, under load', () => {
  let stack: TestStack | undefined;
  afterAll(() => stack?.close());

  it('finishes every request in flight (some waiting on a slow subgraph) and refuses new connections', async () => {
    stack = await startTestStack();
    // audio-matches answers after SLOW_MS: gateway requests asking for matches are in flight that long.
    const { http } = stack.subgraphs['audio-matches'];
    const [app] = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    http.removeAllListeners('request');
    http.on('request', (req: IncomingMessage, res: ServerResponse) => void setTimeout(() => app!(req, res), SLOW_MS));
    const slow = `{ track(isrc: "GBDUW0000053") { title matches { totalCount } } }`;
    const url = stack.gateway.url;
    const key = stack.adminKey;
    const outcomes = Promise.all(
      [...Array(25).fill(slow), ...Array(25).fill(FAST)].map((query) =>
        post(url, query, {}, { key }).then(
          ({ status, body }) => (status === 200 && body.data?.track?.title && !body.errors && (query === FAST || body.data.track.matches.totalCount === 2) ? '' : `${status} ${JSON.stringify(body)}`),
          (error: Error & { cause?: { code?: string } }) => `lost: ${error.cause?.code ?? error.message}`,
        ),
      ),
    );
    const ready = await rawConnection(url);
    ready.write('GET /ready HTTP/1.1\r\nhost: localhost\r\n');
    await sleep(500);

    const closing = stack.gateway.close();
    ready.write('\r\n');
    await stopsListening(stack.gateway.http);
    expect(await connectOutcome(url)).toBe('ECONNREFUSED');
    expect(parseRaw(await ready.answer)).toMatchObject({ status: 503, body: { draining: true } });
    expect((await outcomes).filter(Boolean)).toEqual([]);
    await closing;
  }, 90_000);
});

describe('close() past the grace period', () => {
  it('cuts a request still running after shutdownGraceMs, and still closes (onClose runs)', async () => {
    let onCloseRan = false;
    const server = await createHttpServer({
      name: 'hung',
      port: 0,
      shutdownGraceMs: 1_000,
      health: async () => ({ status: 'ok' }),
      ready: async () => ({ status: 'ok' }),
      // Never answers.
      graphql: [() => undefined],
      onClose: async () => void (onCloseRan = true),
    });
    const hung = fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ x }"}' }).then(
      (response) => `answered ${response.status}`,
      (error: Error & { cause?: { code?: string } }) => `cut: ${error.cause?.code ?? error.message}`,
    );
    await sleep(200);
    const started = Date.now();
    await server.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5_000);
    expect(onCloseRan).toBe(true);
    expect(await hung).toMatch(/^cut: /);
  });
});
