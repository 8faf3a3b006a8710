import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { interceptSubgraphs } from '../helpers/interceptSubgraphs.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// Each subgraph answer is held this long, so concurrent client requests really overlap at the subgraph (a busy CI machine included).
const SUBGRAPH_DELAY_MS = 1_500;
const CARD = `{ track(isrc: "GBDUW0000053") { title links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;
const LINKS_ONLY = `{ track(isrc: "GBDUW0000053") { title artists { name } links { source url } } }`;

let stack: TestStack;
const received = {} as Record<SubgraphName, number>;

beforeAll(async () => {
  // Entity cache off: these count the fetches that reach the subgraphs, which cache hits would hide.
  stack = await startTestStack({ env: { ...TEST_ENV, GATEWAY_DEDUP: 'true', ENTITY_CACHE: 'off', GATEWAY_BATCH: 'false' } });
  for (const { name } of SUBGRAPHS) received[name] = 0;
  interceptSubgraphs(stack, (name, req, res, app) => {
    received[name] += 1;
    setTimeout(() => app(req, res), SUBGRAPH_DELAY_MS);
  });
  // Query plans and the key lookup done once, so the measured requests reach the subgraphs together.
  for (const query of [CARD, LINKS_ONLY]) await post(stack.gateway.url, query, {}, { key: stack.adminKey });
}, 180_000);
afterAll(() => stack?.close());

/** Sends the requests at once; returns their answers and what each subgraph received meanwhile. */
async function together(requests: { query: string; key?: string; headers?: Record<string, string> }[]) {
  for (const { name } of SUBGRAPHS) received[name] = 0;
  const answers = await Promise.all(requests.map(({ query, key, headers }) => post(stack.gateway.url, query, {}, { key, headers })));
  return { answers, received: { ...received } };
}

async function deduplicated(): Promise<number> {
  const { body } = await fetch(new URL('/metrics', stack.gateway.url)).then(async (r) => ({ body: await r.text() }));
  return [...body.matchAll(/^trackgraph_gateway_subgraph_fetches_deduplicated_total\{[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('in-flight deduplication through the gateway', () => {
  it('answers 30 concurrent identical track cards of one key with one request to each subgraph, all answers whole and equal', async () => {
    const before = await deduplicated();
    const { answers, received } = await together(Array.from({ length: 30 }, () => ({ query: CARD, key: stack.adminKey })));
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual(answers[0]!.body.data);
    }
    expect(answers[0]!.body.data.track.matches.totalCount).toBe(2);
    expect(received).toEqual({ links: 1, analytics: 1, library: 1, 'audio-matches': 1 });
    expect(await deduplicated()).toBe(before + 29 * 4);
  });

  it('never shares between callers: another key, another profile, anonymous', async () => {
    const partner = await stack.createKey({ accountId: 'dedupe-partner', contract: 'partner', scopes: [] });
    const other = await stack.createKey({ accountId: 'dedupe-other' });
    const { answers, received } = await together([
      { query: LINKS_ONLY, key: stack.adminKey },
      { query: LINKS_ONLY, key: stack.adminKey },
      { query: LINKS_ONLY, key: stack.adminKey, headers: { 'x-profile-id': 'another-profile' } },
      { query: LINKS_ONLY, key: other },
      { query: LINKS_ONLY, key: partner },
      { query: LINKS_ONLY },
      { query: LINKS_ONLY },
    ]);
    for (const { status, body } of answers) expect([status, body.errors]).toEqual([200, undefined]);
    // Admin twice and anonymous twice share; the profile, the other account and the partner key each go alone.
    expect(received.links).toBe(5);
  });

  it('does not share with a client that sent Cache-Control: no-cache', async () => {
    const { received } = await together([
      { query: LINKS_ONLY, key: stack.adminKey },
      { query: LINKS_ONLY, key: stack.adminKey, headers: { 'cache-control': 'no-cache' } },
      { query: LINKS_ONLY, key: stack.adminKey, headers: { 'cache-control': 'no-cache' } },
    ]);
    expect(received.links).toBe(3);
  });
});
