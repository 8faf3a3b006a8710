import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { logger } from '../../lib/logger.ts';
import { grantCredits } from '../../subgraphs/links/src/credits/grantCredits.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

let stack: TestStack;
let url: string;
beforeAll(async () => {
  stack = await startTestStack({ env: { ...TEST_ENV, METRICS_TOKEN: 'metrics-secret' } });
  url = stack.gateway.url;
});
afterAll(() => stack?.close());

const metrics = async () => (await fetch(new URL('/metrics', url), { headers: { authorization: 'Bearer metrics-secret' } })).text();
/** The value of one sample line of /metrics, or 0 when the series does not exist yet. */
const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false);
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('/metrics', () => {
  it('needs METRICS_TOKEN when one is set', async () => {
    const refused = await fetch(new URL('/metrics', url));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('counts operations by name, status and code, with latency, subgraph fetches, refusals, cache lookups and credits', async () => {
    const before = await metrics();
    await post(url, 'query TrackCard { track(isrc: "GBDUW0000053") { title spotifyStreams { total } } }', {}, { key: stack.adminKey });
    await post(url, 'query Broken { track(isrc: "nope") { title } }', {}, { key: stack.adminKey });
    await post(url, `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    await grantCredits(stack.linksPrisma, 'demo', 5, 'test');
    await post(url, 'mutation { resolveTracks(inputType: ISRC, items: [{ isrc: "GBDUW0000053" }, { isrc: "USUM72414866" }]) { processed } }', {}, { key: stack.adminKey });
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('trackgraph_gateway_operations_total', { operation: 'TrackCard', status: '200', code: 'none' })).toBe(1);
    expect(delta('trackgraph_gateway_operations_total', { operation: 'Broken', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(delta('trackgraph_gateway_operation_duration_seconds_count', { operation: 'TrackCard' })).toBe(1);
    expect(delta('trackgraph_gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'analytics' })).toBeGreaterThanOrEqual(1);
    expect(delta('trackgraph_gateway_rejected_total', { code: 'QUERY_TOO_COMPLEX', measure: 'aliases' })).toBe(1);
    expect(delta('trackgraph_gateway_cache_lookups_total', { cache: 'documents', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(delta('trackgraph_credits_spent_total')).toBe(2);
    expect(delta('trackgraph_http_requests_total', { server: 'links', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(after).toContain('trackgraph_process_');
  });
});

describe('request ids and logs', () => {
  it('returns the caller’s request id and hands it to the subgraphs, signed', async () => {
    const seen: string[] = [];
    const listener = (req: IncomingMessage) => seen.push(String(req.headers['x-request-id']));
    stack.subgraphs.links.http.on('request', listener);
    const { headers } = await post(url, '{ track(isrc: "GBDUW0000053") { title } }', {}, { headers: { 'x-request-id': 'client-req-42' } });
    stack.subgraphs.links.http.off('request', listener);
    expect(headers.get('x-request-id')).toBe('client-req-42');
    expect(seen).toEqual(['client-req-42']);
    // A malformed id is replaced, never echoed.
    const replaced = await post(url, '{ __typename }', {}, { headers: { 'x-request-id': '<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a failed operation as one JSON line with its request id, account and code', async () => {
    const lines: string[] = [];
    const level = logger.level;
    logger.level = 'warn';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      await post(url, 'query Broken { track(isrc: "nope") { title } }', {}, { key: stack.adminKey, headers: { 'x-request-id': 'logged-req-7' } });
    } finally {
      spy.mockRestore();
      logger.level = level;
    }
    const entry = lines.map((l) => JSON.parse(l)).find((e) => e.requestId === 'logged-req-7');
    expect(entry).toMatchObject({ level: 'warn', operation: 'Broken', code: 'BAD_USER_INPUT', accountId: 'demo', service: 'trackgraph' });
    expect(JSON.stringify(entry)).not.toContain(stack.adminKey.slice(3));
  });
});
