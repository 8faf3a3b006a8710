import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSigningSecret, signRequest } from '../../lib/auth/requestSigning.ts';
import { ROOT, SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// Known here, so the tests can sign requests and reach a subgraph's own handling behind the signature check.
const SECRET = randomSigningSecret();
const SERVERS = ['gateway', ...SUBGRAPHS.map(({ name }) => name)] as const;
type ServerName = 'gateway' | SubgraphName;
const MB = 1024 * 1024;

let stack: TestStack;
let plansDir: string;
/** A key on a plan whose document limit (3 MB) lets a 1 MB literal through to the resolvers. */
let bulkKey: string;

beforeAll(async () => {
  plansDir = mkdtempSync(join(tmpdir(), 'trackgraph-plans-'));
  const plans = JSON.parse(readFileSync(join(ROOT, 'gateway', 'plans.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  writeFileSync(join(plansDir, 'plans.json'), JSON.stringify({ ...plans, bulk: { ...plans.internal, maxBytes: 3_000_000 } }));
  stack = await startTestStack({ env: { ...TEST_ENV, SUBGRAPH_SIGNING_SECRET: SECRET, PLANS_FILE: join(plansDir, 'plans.json') } });
  bulkKey = await stack.createKey({ accountId: 'demo', label: 'bulk', contract: 'internal', plan: 'bulk' });
});
afterAll(async () => {
  await stack?.close();
  rmSync(plansDir, { recursive: true, force: true });
});

const urlOf = (server: ServerName) => new URL(server === 'gateway' ? stack.gateway.url : stack.subgraphs[server].url);

/** An answer as received: status, content type, raw text. */
interface Answer {
  status: number;
  type: string;
  text: string;
  allow: string | null;
}

/** Sends one request; to a subgraph it is signed as the gateway would sign it (unless `unsigned`). */
async function send(server: ServerName, init: { method?: string; path?: string; type?: string; body?: string; key?: string; headers?: Record<string, string>; unsigned?: boolean } = {}): Promise<Answer> {
  const url = urlOf(server);
  if (init.path) url.pathname = init.path;
  const method = init.method ?? 'POST';
  const headers: Record<string, string> = { ...(init.type ? { 'content-type': init.type } : {}), ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (server !== 'gateway' && !init.unsigned) Object.assign(headers, signRequest(SECRET, { method, path: `${url.pathname}${url.search}`, body: init.body ?? '', caller: null, requestId: randomUUID() }));
  const response = await fetch(url, { method, headers, body: init.body });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text(), allow: response.headers.get('allow') };
}

/** Nothing of the machine or the code behind the answer: no path, no stack frame, no HTML page. */
function expectNoInternals(text: string): void {
  expect(text).not.toContain('/work');
  expect(text).not.toContain('node_modules');
  // A stack frame: `at fn (/path/file.ts:12:5)` or `at /path/file.ts:12:5`.
  expect(text).not.toMatch(/\bat .*(?:file:|node:|\/)\S*:\d+:\d+/);
  expect(text).not.toMatch(/<html|<!doctype/i);
}

/** `{ errors: [{ message, extensions: { code } }] }` as JSON, with that status, and nothing internal in it. */
function expectJsonError(answer: Answer, status: number, code: string): { message: string; extensions: Record<string, unknown> } {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toMatch(/^application\/json/);
  expectNoInternals(answer.text);
  const body = JSON.parse(answer.text) as { errors?: { message: string; extensions: Record<string, unknown> }[] };
  expect(body.errors?.[0], answer.text).toMatchObject({ message: expect.any(String), extensions: { code } });
  return body.errors![0]!;
}

/** Writes raw bytes to the server, half-closes, and returns whatever comes back before it closes. */
function raw(server: ServerName, bytes: string): Promise<string> {
  const url = urlOf(server);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.end(bytes);
  });
}

const JSON_TYPE = 'application/json';
const QUERY = JSON.stringify({ query: '{ __typename }' });

describe.each(SERVERS)('%s: failures outside GraphQL are JSON errors', (server) => {
  it('malformed JSON → 400 BAD_REQUEST', async () => {
    expectJsonError(await send(server, { type: JSON_TYPE, body: '{"query": "{ __typename }"' }), 400, 'BAD_REQUEST');
    expectJsonError(await send(server, { type: JSON_TYPE, body: 'null' }), 400, 'BAD_REQUEST');
  });

  it('a body over the 2 MB limit, and a 10 MB one → 413 DOCUMENT_TOO_LARGE, answered (not reset)', async () => {
    for (const size of [2 * MB + 1, 10 * MB]) {
      const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(size) } });
      const error = expectJsonError(await send(server, { type: JSON_TYPE, body }), 413, 'DOCUMENT_TOO_LARGE');
      expect(error.extensions).toMatchObject({ measure: 'bytes', limit: 2 * MB });
    }
  });

  it('a body that is not JSON (text/plain, form-urlencoded, application/graphql) → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectJsonError(await send(server, { type: 'text/plain', body: QUERY }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectJsonError(await send(server, { type: 'application/x-www-form-urlencoded', body: 'query=%7B__typename%7D' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectJsonError(await send(server, { type: 'application/graphql', body: '{ __typename }' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectJsonError(await send(server, { type: 'application/json; charset=latin1', body: QUERY }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body whose content-encoding is not what it says → 400, not 500', async () => {
    expectJsonError(await send(server, { type: JSON_TYPE, body: QUERY, headers: { 'content-encoding': 'gzip' } }), 400, 'BAD_REQUEST');
  });

  it('a JSON array (a batch) → 400 BAD_REQUEST', async () => {
    expectJsonError(await send(server, { type: JSON_TYPE, body: `[${QUERY},${QUERY}]` }), 400, 'BAD_REQUEST');
  });

  it('an unknown path → 404 NOT_FOUND, also below /graphql', async () => {
    expectJsonError(await send(server, { method: 'GET', path: '/nope' }), 404, 'NOT_FOUND');
    expectJsonError(await send(server, { type: JSON_TYPE, body: QUERY, path: '/graphql/nope' }), 404, 'NOT_FOUND');
  });

  it('PUT or DELETE on /graphql → 405 with Allow: GET, POST', async () => {
    for (const method of ['PUT', 'DELETE']) {
      const answer = await send(server, { method, type: JSON_TYPE, body: QUERY });
      expectJsonError(answer, 405, 'BAD_REQUEST');
      expect(answer.allow).toBe('GET, POST');
    }
  });

  it('a GET without a query → 400 BAD_REQUEST', async () => {
    expectJsonError(await send(server, { method: 'GET' }), 400, 'BAD_REQUEST');
  });

  it('a body shorter than its Content-Length, then the client closes → a JSON 400, and the server still answers', async () => {
    const response = await raw(server, `POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":`);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect((await send(server, { method: 'GET', path: '/health' })).status).toBe(200);
  });

  it('headers over Node’s limit → a JSON 431', async () => {
    const response = await raw(server, `GET /graphql HTTP/1.1\r\nhost: localhost\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(response.split('\r\n\r\n')[1] ?? '')).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe.each(SUBGRAPHS.map(({ name }) => name))('%s: refuses what the gateway did not sign', (server) => {
  it('an unsigned PUT or POST → 401 UNAUTHENTICATED, as JSON', async () => {
    expectJsonError(await send(server, { method: 'PUT', type: JSON_TYPE, body: QUERY, unsigned: true }), 401, 'UNAUTHENTICATED');
    expectJsonError(await send(server, { type: JSON_TYPE, body: QUERY, unsigned: true }), 401, 'UNAUTHENTICATED');
  });
});

describe('a huge bad value is quoted by a short prefix only', () => {
  const huge = 'A'.repeat(MB);
  /** The answer through the gateway: small, JSON, with the error code expected. */
  async function expectSmall(body: object, key: string, status: number, code: string): Promise<void> {
    const answer = await send('gateway', { type: JSON_TYPE, body: JSON.stringify(body), key });
    expect(answer.text.length, answer.text.slice(0, 2_000)).toBeLessThan(4_000);
    expect(answer.text).not.toContain('A'.repeat(500));
    expectJsonError(answer, status, code);
  }

  it('a 1 MB variable (track(isrc: $isrc)) → BAD_USER_INPUT in a few KB', async () => {
    await expectSmall({ query: 'query ($isrc: String!) { track(isrc: $isrc) { title } }', variables: { isrc: huge } }, stack.adminKey, 200, 'BAD_USER_INPUT');
    await expectSmall({ query: 'query ($isrc: String!) { tracks(isrcs: [$isrc, $isrc, $isrc]) { title } }', variables: { isrc: huge } }, stack.adminKey, 200, 'BAD_USER_INPUT');
  });

  it('a 1 MB literal, on a key whose plan allows the size → BAD_USER_INPUT or a validation error, in a few KB', async () => {
    await expectSmall({ query: `{ track(isrc: "${huge}") { title } }` }, bulkKey, 200, 'BAD_USER_INPUT');
    // graphql-js quotes the value itself here: a number where a string belongs, an unknown field, an unknown type.
    await expectSmall({ query: `{ track(isrc: 1${'1'.repeat(MB)}) { title } }` }, bulkKey, 400, 'GRAPHQL_VALIDATION_FAILED');
    await expectSmall({ query: `{ ${huge} }` }, bulkKey, 400, 'GRAPHQL_VALIDATION_FAILED');
    await expectSmall({ query: `query ($x: ${huge}) { __typename }` }, bulkKey, 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('over the plan’s document limit → 400 DOCUMENT_TOO_LARGE, without echoing it', async () => {
    await expectSmall({ query: `{ track(isrc: "${huge}") { title } }` }, stack.adminKey, 400, 'DOCUMENT_TOO_LARGE');
  });
});
