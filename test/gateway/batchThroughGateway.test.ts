import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { DEMO_TRACKS } from '../../prisma/links/seed.ts';
import { interceptSubgraphs } from '../helpers/interceptSubgraphs.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

const CARD = `query Card($isrc: String!) { track(isrc: $isrc) { isrc title links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;
// The demo catalog's tracks, each asked by several clients, and one ISRC nobody has.
const ISRCS = [...DEMO_TRACKS.map((t) => t.isrc), 'ZZXXX0000001'];
const CLIENTS = 12;

let stack: TestStack;
const received = {} as Record<SubgraphName, number>;
// While set, the links subgraph's answers are held (written, not sent) until release().
let holding = false;
let held: (() => void)[] = [];

beforeAll(async () => {
  // Caches and deduplication off: every fetch reaches a subgraph, and only batching can merge them.
  stack = await startTestStack({ env: { ...TEST_ENV, GATEWAY_DEDUP: 'false', ENTITY_CACHE: 'off', GATEWAY_BATCH: 'true' } });
  for (const { name } of SUBGRAPHS) received[name] = 0;
  interceptSubgraphs(stack, (name, req, res, app) => {
    received[name] += 1;
    if (name === 'links' && holding) {
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
      res.end = ((...args: unknown[]) => (held.push(() => end(...args)), res)) as typeof res.end;
    }
    app(req, res);
  });
  for (const isrc of ISRCS) await post(stack.gateway.url, CARD, { isrc }, { key: stack.adminKey });
}, 180_000);
afterAll(() => stack?.close());

describe('batching through the gateway (real subgraphs)', () => {
  it('answers 12 concurrent track cards exactly as one at a time, with the entity fetches of the released answers merged', async () => {
    const alone = new Map<string, unknown>();
    for (const isrc of ISRCS) alone.set(isrc, (await post(stack.gateway.url, CARD, { isrc }, { key: stack.adminKey })).body);
    for (const { name } of SUBGRAPHS) received[name] = 0;
    holding = true;
    const isrcs = Array.from({ length: CLIENTS }, (_, i) => ISRCS[i % ISRCS.length]!);
    const answers = Promise.all(isrcs.map((isrc) => post(stack.gateway.url, CARD, { isrc }, { key: stack.adminKey })));
    // Every links answer written, then all of them sent at once: the gateway reads them in one turn.
    for (let i = 0; i < 400 && (held.length < received.links || held.length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(held.length).toBe(received.links);
    holding = false;
    for (const send of held.splice(0)) send();
    const bodies = (await answers).map((a) => a.body);
    for (const [i, isrc] of isrcs.entries()) expect(bodies[i]).toEqual(alone.get(isrc));
    expect(bodies[0]).toMatchObject({ data: { track: { isrc: ISRCS[0], matches: { totalCount: 2 } } } });
    expect(bodies[ISRCS.length - 1]).toMatchObject({ data: { track: null } });
    // 9 known tracks need an entity fetch from each of three subgraphs; merged, far fewer requests arrive.
    for (const name of ['analytics', 'library', 'audio-matches'] as const) expect(received[name]).toBeLessThanOrEqual(2);
    const metrics = await fetch(new URL('/metrics', stack.gateway.url)).then((r) => r.text());
    expect(Number(/^trackgraph_gateway_subgraph_fetches_batched_total\{subgraph="analytics"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(5);
  });

  it('never merges fetches of different callers: each gets what it gets alone (audio matches are the owner\'s)', async () => {
    const other = await stack.createKey({ accountId: 'batch-other' });
    const alone = new Map<string, unknown>();
    for (const key of [stack.adminKey, other]) alone.set(key, (await post(stack.gateway.url, CARD, { isrc: ISRCS[0] }, { key })).body);
    expect(alone.get(stack.adminKey)).not.toEqual(alone.get(other));
    for (const { name } of SUBGRAPHS) received[name] = 0;
    holding = true;
    const keys = [stack.adminKey, other, stack.adminKey, other];
    const answers = Promise.all(keys.map((key) => post(stack.gateway.url, CARD, { isrc: ISRCS[0] }, { key })));
    for (let i = 0; i < 400 && (held.length < received.links || held.length === 0); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    holding = false;
    for (const send of held.splice(0)) send();
    for (const [i, { body }] of (await answers).entries()) expect(body).toEqual(alone.get(keys[i]!));
    // At least one request per caller to each subgraph the card reaches.
    for (const name of ['analytics', 'library', 'audio-matches'] as const) expect(received[name]).toBeGreaterThanOrEqual(2);
  });
});
