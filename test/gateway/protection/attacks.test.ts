import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../../lib/config.ts';
import { post, startTestStack, type TestStack } from '../../helpers/stack.ts';

/**
 * The attacks the issue lists, through the real gateway: each is refused before anything is
 * planned or sent to a subgraph, quickly, while `{ __typename }` keeps answering. A table of
 * outcomes is printed for the closing note.
 */
let stack: TestStack;
let url: string;
let partnerKey: string;
const received = {} as Record<SubgraphName, number>;
const outcomes: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  url = stack.gateway.url;
  partnerKey = await stack.createKey({ accountId: 'attacker', contract: 'partner' });
  for (const { name } of SUBGRAPHS) {
    received[name] = 0;
    stack.subgraphs[name].http.on('request', () => (received[name] += 1));
  }
});
afterAll(async () => {
  console.log(['attack | status | code | measure (value / limit) | ms | subgraph requests', ...outcomes].join('\n'));
  await stack?.close();
});

const totalReceived = () => Object.values(received).reduce((a, b) => a + b, 0);
const repeat = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join(' ');
const fanOut = (wide: number, deep: number) =>
  `query Bomb { ...F0 } ${Array.from({ length: deep }, (_, i) => `fragment F${i} on Query { ${repeat(wide, () => `...F${i + 1}`)} }`).join(' ')} fragment F${deep} on Query { __typename }`;

/** Sends an attack, checks it was refused before any subgraph request, and records the outcome. */
async function attack(name: string, body: string | object, key: string | undefined, expected: { status: number; code: string; measure?: string }) {
  const before = totalReceived();
  const started = performance.now();
  // The gateway keeps answering other callers while it refuses the attack.
  const [response, ping] = await Promise.all([
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: typeof body === 'string' ? JSON.stringify({ query: body }) : JSON.stringify(body) }),
    post(url, '{ __typename }'),
  ]);
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  const parsed = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  const error = parsed.errors[0]!;
  outcomes.push(`${name} | ${response.status} | ${error.extensions.code} | ${error.extensions.measure ?? '-'} (${error.extensions.value ?? '?'} / ${error.extensions.limit ?? '-'}) | ${ms} | ${totalReceived() - before}`);
  expect(response.status).toBe(expected.status);
  expect(parsed.errors).toHaveLength(1);
  expect(error.extensions).toMatchObject({ code: expected.code, ...(expected.measure ? { measure: expected.measure } : {}) });
  expect(ping.body.data).toEqual({ __typename: 'Query' });
  expect(totalReceived() - before).toBe(0);
  // A short answer: the 1 MB argument is not echoed back.
  expect(text.length).toBeLessThan(2_000);
  return { ms, error };
}

describe('attacks refused before anything runs', () => {
  it('depth 100', async () => {
    await attack('depth 100', `{ ${'track(isrc: "GBDUW0000053") { releases { artist { '.repeat(33)} id ${'} } }'.repeat(33)} }`, partnerKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'depth' });
  });

  it('introspection 100 deep', async () => {
    await attack('introspection 100 deep', `{ __schema { types { ${'fields { type { '.repeat(50)} name ${'} } '.repeat(50)} } } }`, undefined, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'introspectionDepth' });
  });

  it('10,000 aliases', async () => {
    await attack('10,000 aliases', `{ ${repeat(10_000, (i) => `a${i}: __typename`)} }`, stack.adminKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'aliases' });
  });

  it('10,000 aliases of a track card, anonymous: too large before it is even parsed', async () => {
    await attack('10,000 aliased track cards (anonymous)', `{ ${repeat(10_000, (i) => `t${i}: track(isrc: "GBDUW0000053") { title links { url } }`)} }`, undefined, { status: 400, code: 'DOCUMENT_TOO_LARGE', measure: 'bytes' });
  });

  it('1,000 aliased tracks(isrcs:)', async () => {
    await attack('1,000 aliased tracks(isrcs:)', `{ ${repeat(1_000, (i) => `t${i}: tracks(isrcs: ["GBDUW0000053"]) { title }`)} }`, partnerKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'aliases' });
  });

  it('1,000 aliased resolveTracks spend nothing', async () => {
    const balance = async () => (await stack.linksPrisma.account.findUniqueOrThrow({ where: { id: 'demo' } })).credits;
    const before = await balance();
    await attack('1,000 aliased resolveTracks', `mutation { ${repeat(1_000, (i) => `r${i}: resolveTracks(inputType: ISRC, items: [{ isrc: "GBDUW0000053" }]) { processed }`)} }`, stack.adminKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'aliases' });
    expect(await balance()).toBe(before);
  });

  it('100 aliased resolveTracks of 100 items: over the cost limit', async () => {
    // Selecting little does not make it cheap: each item is charged and may ask the platforms.
    const items = Array.from({ length: 100 }, () => ({ isrc: 'GBDUW0000053' }));
    const query = `mutation($items: [ResolveItemInput!]!) { ${repeat(100, (i) => `r${i}: resolveTracks(inputType: ISRC, items: $items) { processed }`)} }`;
    const { error } = await attack('100 × resolveTracks(100 items)', { query, variables: { items } }, partnerKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'cost' });
    expect(error.extensions.cost).toBeGreaterThan(error.extensions.limit as number);
  });

  it('a 1 MB document', async () => {
    await attack('1 MB document', `{ track(isrc: "${'A'.repeat(1_000_000)}") { title } }`, stack.adminKey, { status: 400, code: 'DOCUMENT_TOO_LARGE', measure: 'bytes' });
  });

  it('a 10 MB body', async () => {
    await attack('10 MB body', `{ track(isrc: "${'A'.repeat(10_000_000)}") { title } }`, undefined, { status: 413, code: 'DOCUMENT_TOO_LARGE', measure: 'bytes' });
  });

  it('fragment fan-out, 2 wide and 20 deep (2^20 fields once expanded)', async () => {
    const { ms } = await attack('fragment fan-out 2 × 20', fanOut(2, 20), stack.adminKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'fields' });
    expect(ms).toBeLessThan(5_000);
  });

  it('fragment fan-out, 2 wide and 12 deep, anonymous', async () => {
    await attack('fragment fan-out 2 × 12 (anonymous)', fanOut(2, 12), undefined, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'fields' });
  });

  it('1,000 directives', async () => {
    await attack('1,000 directives', `{ __typename ${repeat(1_000, () => '@skip(if: false)')} }`, stack.adminKey, { status: 400, code: 'QUERY_TOO_COMPLEX', measure: 'directives' });
  });

  it('100,000 tokens', async () => {
    await attack('100,000 tokens', `{ ${repeat(100_000, () => 'a')} }`, stack.adminKey, { status: 400, code: 'DOCUMENT_TOO_LARGE', measure: 'tokens' });
  });

  it('a batched array', async () => {
    await attack('batched array of 1,000', Array.from({ length: 1_000 }, () => ({ query: '{ __typename }' })), undefined, { status: 400, code: 'BAD_REQUEST' });
  });

  it('keeps the gateway small: memory after the attacks is within 100 MB of before', async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    await attack('fragment fan-out 2 × 20 again', fanOut(2, 20), undefined, { status: 400, code: 'QUERY_TOO_COMPLEX' });
    await attack('1 MB document again', `{ track(isrc: "${'A'.repeat(1_000_000)}") { title } }`, undefined, { status: 400, code: 'DOCUMENT_TOO_LARGE' });
    global.gc?.();
    const after = process.memoryUsage().heapUsed;
    outcomes.push(`heap used before/after the last attacks: ${(before / 1e6).toFixed(0)} MB / ${(after / 1e6).toFixed(0)} MB`);
    expect(after - before).toBeLessThan(100e6);
  });
});

describe('what an operation costs', () => {
  it('every answer says its estimated cost and the limit', async () => {
    const { body } = await post(url, '{ track(isrc: "GBDUW0000053") { title links { url } } }');
    // track (2 + Track 1) + links (9 assumed × PlatformLink 1)
    expect(body.extensions.cost).toEqual({ estimated: 12, limit: 3000 });
  });

  it('estimateCost measures without running, with the plan of the caller', async () => {
    const query = '{ tracks(isrcs: ["GBDUW0000053", "USUM72414866"]) { title links { url } } }';
    const before = totalReceived();
    const { body } = await post(url, 'query($q: String!) { estimateCost(query: $q) { cost depth fields allowed plan limits { measure value limit exceeded } } }', { q: query }, { key: partnerKey });
    // tracks (2) + 2 ISRCs (2 each: they may be looked up on the platforms) + 2 × (Track 1 + links 9 × PlatformLink 1)
    expect(body.data.estimateCost).toMatchObject({ cost: 26, depth: 3, fields: 4, allowed: true, plan: 'standard' });
    expect(body.data.estimateCost.limits).toContainEqual({ measure: 'cost', value: 26, limit: 20_000, exceeded: false });
    // estimateCost itself runs in the gateway: no subgraph was asked.
    expect(totalReceived() - before).toBe(0);
  });

  it('estimateCost says which limit an operation would break, and rejects what does not parse', async () => {
    const { body } = await post(url, 'query($q: String!) { estimateCost(query: $q) { allowed limits { measure exceeded } } }', { q: fanOut(2, 20) });
    expect(body.data.estimateCost.allowed).toBe(false);
    expect(body.data.estimateCost.limits.filter((l: { exceeded: boolean }) => l.exceeded).map((l: { measure: string }) => l.measure)).toEqual(['fields']);
    const broken = await post(url, 'query($q: String!) { estimateCost(query: $q) { cost } }', { q: '{ track(' });
    expect(broken.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'query' });
  });

  it('lets every README example through for a partner', async () => {
    for (const query of [
      '{ track(isrc: "GBDUW0000053") { title links { source externalId url } spotifyStreams { date total daily } libraryTracks { title } matches { totalCount } } }',
      '{ tracks(isrcs: ["GBDUW0000053", "USQX91300108"]) { title } }',
      '{ searchTracks(artist: "daft punk", title: "one more time", limit: 3) { score track { isrc title } } }',
      '{ libraryTracks(first: 100) { nodes { title isrc track { title links { source url } spotifyStreams(from: "2025-03-25") { total daily } matches(first: 5) { totalCount } } } } }',
    ]) {
      const { status, body } = await post(url, query, {}, { key: partnerKey });
      expect(status, query).toBe(200);
      expect(body.errors, query).toBeUndefined();
    }
  });
});
