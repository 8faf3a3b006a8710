import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SUBGRAPHS, type SubgraphName } from '../../../lib/config.ts';
import { post, startTestStack, type TestStack } from '../../helpers/stack.ts';
import { TEST_ENV } from '../../helpers/subgraph.ts';

/** The real plans, plus a tiny one a test can exhaust quickly. */
function plansFile(): string {
  const plans = JSON.parse(readFileSync(join(ROOT, 'gateway', 'plans.json'), 'utf8'));
  plans.tiny = { ...plans.standard, description: 'test', requestsPerMinute: 5, costPerMinute: 40 };
  const path = join(mkdtempSync(join(tmpdir(), 'plans-')), 'plans.json');
  writeFileSync(path, JSON.stringify(plans));
  return path;
}

let stack: TestStack;
let url: string;
const received = {} as Record<SubgraphName, number>;
const totalReceived = () => Object.values(received).reduce((a, b) => a + b, 0);
beforeAll(async () => {
  stack = await startTestStack({ env: { ...TEST_ENV, PLANS_FILE: plansFile() } });
  url = stack.gateway.url;
  for (const { name } of SUBGRAPHS) {
    received[name] = 0;
    stack.subgraphs[name].http.on('request', () => (received[name] += 1));
  }
});
afterAll(() => stack?.close());

const TRACK = '{ track(isrc: "GBDUW0000053") { title } }';

describe('rate limits at the gateway', () => {
  it('every answer says the limits left, per key', async () => {
    const key = await stack.createKey({ accountId: 'headers', plan: 'tiny' });
    const { headers } = await post(url, TRACK, {}, { key });
    expect(headers.get('x-ratelimit-limit')).toBe('5');
    expect(headers.get('x-ratelimit-remaining')).toBe('4');
    expect(Number(headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    expect(headers.get('x-ratelimit-cost-limit')).toBe('40');
    expect(Number(headers.get('x-ratelimit-cost-remaining'))).toBe(40 - 3);
  });

  it('over the requests per minute: 429, Retry-After and RATE_LIMITED, and no subgraph asked', async () => {
    const key = await stack.createKey({ accountId: 'eager', plan: 'tiny' });
    for (let i = 0; i < 5; i++) expect((await post(url, '{ __typename }', {}, { key })).status).toBe(200);
    const before = totalReceived();
    const refused = await post(url, TRACK, {}, { key });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.body.errors).toEqual([
      { message: expect.stringMatching(/Rate limit reached: your plan allows 5 requests a minute/), extensions: { code: 'RATE_LIMITED', measure: 'requests', limit: 5, retryAfterSeconds: Number(refused.headers.get('retry-after')) } },
    ]);
    expect(totalReceived()).toBe(before);
    // Another key of the same plan is not affected.
    expect((await post(url, TRACK, {}, { key: await stack.createKey({ accountId: 'patient', plan: 'tiny' }) })).status).toBe(200);
  });

  it('over the cost per minute: 429 with measure cost; the estimate is what is counted', async () => {
    const key = await stack.createKey({ accountId: 'spender', plan: 'tiny' });
    // tracks of 3 ISRCs with links: 2 + 3 × 2 + 3 × (1 + 9) = 38 of the 40 a minute.
    const expensive = '{ tracks(isrcs: ["GBDUW0000053", "USUM72414866", "GBAYE9700074"]) { title links { url } } }';
    expect((await post(url, expensive, {}, { key })).status).toBe(200);
    const refused = await post(url, expensive, {}, { key });
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', measure: 'cost', limit: 40, cost: 38 });
    // Something cheap still fits.
    expect((await post(url, '{ __typename }', {}, { key })).status).toBe(200);
  });

  it('anonymous callers: 60 a minute per client address, as the library API did', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await post(url, '{ __typename }', {}, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status);
    // Without TRUST_PROXY the forwarded address is ignored: this is the test's own address, shared with nobody here.
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refused operations count too: bombs cannot be sent for free', async () => {
    const key = await stack.createKey({ accountId: 'bomber', plan: 'tiny' });
    const bomb = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    for (let i = 0; i < 5; i++) expect((await post(url, bomb, {}, { key })).body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect((await post(url, bomb, {}, { key })).status).toBe(429);
  });
});
