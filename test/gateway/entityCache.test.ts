import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../../lib/config.ts';
import { importCatalog } from '../../subgraphs/links/src/catalog/importCatalog.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { startFakePlatformsEnv, uniqueIsrc, type FakePlatformsEnv } from '../helpers/fakePlatformsEnv.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The gateway's entity cache over the real stack: requests counted at each
 * subgraph's HTTP server, writes made through every path the data changes by.
 */

/** In the catalog without links; Spotify carries it (found by resolveTracks). */
const RESOLVED = uniqueIsrc();
/** On Spotify at once and on Deezer only after the discovery deadline (a late answer). */
const LATE = uniqueIsrc();
/** Not known anywhere until the catalog import adds it. */
const IMPORTED = uniqueIsrc();
const DEMO_ISRC = 'GBDUW0000053';
const DEMO_ID = trackIdForIsrc(DEMO_ISRC);

let fakes: FakePlatformsEnv;
let stack: TestStack;
let otherKey: string;
const requests: Partial<Record<SubgraphName, number>> = {};

beforeAll(async () => {
  fakes = await startFakePlatformsEnv({ SPOTIFY: [RESOLVED, LATE], DEEZER: [LATE] });
  stack = await startTestStack({ env: { ...fakes.env, DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '400', ...(BACKEND === 'services' ? { REDIS_URL: requireEnv('REDIS_URL') } : {}) } });
  for (const [name, running] of Object.entries(stack.subgraphs)) running.http.on('request', () => (requests[name as SubgraphName] = (requests[name as SubgraphName] ?? 0) + 1));
  otherKey = await stack.createKey({ accountId: `other-${randomBytes(4).toString('hex')}`, contract: 'internal', scopes: ['library', 'matches', 'credits'], plan: 'internal' });
  await importCatalog(stack.linksPrisma, Readable.from(`isrc,title,artist\n${RESOLVED},Resolved Later,Cache Tester\n`));
  // Four databases to create and seed on a shared machine.
}, 300_000);
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

/** Requests each subgraph received while `run` ran. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; calls: Partial<Record<SubgraphName, number>> }> {
  const before = { ...requests };
  const result = await run();
  const calls = Object.fromEntries(Object.entries(requests).map(([name, n]) => [name, n! - (before[name as SubgraphName] ?? 0)]).filter(([, n]) => n !== 0));
  return { result, calls };
}

const ask = async (query: string, variables: Record<string, unknown> = {}, key = stack.adminKey) => {
  const { body } = await post(stack.gateway.url, query, variables, { key });
  return body;
};

// By id: a lookup by ISRC may ask the platforms, and what it records retires the entries that read made.
const CARD = `query Card($id: ID!) { track(id: $id) { title links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;
const LIBRARY_PAGE = `{ libraryTracks(first: 5) { nodes { title track { isrc title } } } }`;

describe(`entity cache (${BACKEND})`, () => {
  it('a repeated track card is answered without links or analytics; per-caller library and matches are still asked', async () => {
    const first = await counted(() => ask(CARD, { id: DEMO_ID }));
    expect(first.result.errors).toBeUndefined();
    expect(first.calls).toMatchObject({ links: 1, analytics: 1, library: 1, 'audio-matches': 1 });
    const second = await counted(() => ask(CARD, { id: DEMO_ID }));
    expect(second.result).toEqual(first.result);
    expect(second.calls).toEqual({ library: 1, 'audio-matches': 1 });
  });

  it('a client asking for fresh data (Cache-Control: no-cache, Pragma: no-cache) is not answered from the cache', async () => {
    await ask(CARD, { id: DEMO_ID });
    const fresh: Record<string, string>[] = [{ 'cache-control': 'no-cache' }, { pragma: 'no-cache' }, { 'cache-control': 'max-age=0, no-store' }];
    for (const headers of fresh) {
      const answer = await counted(() => post(stack.gateway.url, CARD, { id: DEMO_ID }, { key: stack.adminKey, headers }));
      expect(answer.result.body.errors).toBeUndefined();
      expect(answer.calls).toMatchObject({ links: 1, analytics: 1 });
    }
  });

  it('an _entities fetch sends only the representations not cached, and merges them in order', async () => {
    const page = await ask(LIBRARY_PAGE);
    expect(page.errors).toBeUndefined();
    const nodes = page.data.libraryTracks.nodes;
    expect(nodes.filter((node: any) => node.track).length).toBeGreaterThan(1);
    const again = await counted(() => ask(LIBRARY_PAGE));
    expect(again.result).toEqual(page);
    expect(again.calls).toEqual({ library: 1 });
  });

  it('field sets do not mix: a wider selection of the same entities is fetched, not served from the narrower one', async () => {
    const wide = await counted(() => ask(`{ libraryTracks(first: 5) { nodes { title track { isrc title links { source } } } } }`));
    expect(wide.result.errors).toBeUndefined();
    expect(wide.calls.links).toBe(1);
    for (const node of wide.result.data.libraryTracks.nodes) if (node.track) expect(node.track.links).toEqual(expect.any(Array));
    const narrow = await ask(LIBRARY_PAGE);
    for (const node of narrow.data.libraryTracks.nodes) if (node.track) expect(Object.keys(node.track).sort()).toEqual(['isrc', 'title']);
  });

  it('per-caller data never crosses callers: another account gets its own library and its own analytics fetch', async () => {
    const demo = await ask(CARD, { id: DEMO_ID });
    const other = await counted(() => ask(CARD, { id: DEMO_ID }, otherKey));
    expect(other.result.errors).toBeUndefined();
    // Links are shared; analytics (quota-counted) and the library are the caller's own.
    expect(other.calls).toEqual({ analytics: 1, library: 1, 'audio-matches': 1 });
    expect(demo.data.track.libraryTracks.length).toBeGreaterThan(0);
    expect(other.result.data.track.libraryTracks).toEqual([]);
    expect((await counted(() => ask(CARD, { id: DEMO_ID }, otherKey))).calls).toEqual({ library: 1, 'audio-matches': 1 });
  });

  it('mutations always reach the subgraph, and a mutation\'s write is read back at once (resolveTracks)', async () => {
    const byId = `query ($id: ID!) { track(id: $id) { isrc links { source } } }`;
    const id = trackIdForIsrc(RESOLVED);
    // By id nothing is discovered: the catalog row, without links, is what gets cached.
    expect((await ask(byId, { id })).data.track).toEqual({ isrc: RESOLVED, links: [] });
    expect((await counted(() => ask(byId, { id }))).calls).toEqual({});
    const resolve = `mutation ($items: [ResolveItemInput!]!) { resolveTracks(inputType: ISRC, items: $items) { results { status } } }`;
    const resolved = await counted(() => ask(resolve, { items: [{ isrc: RESOLVED }] }));
    expect(resolved.result.data.resolveTracks.results).toEqual([{ status: 'MATCHED' }]);
    expect(resolved.calls.links).toBe(1);
    expect((await ask(byId, { id })).data.track).toEqual({ isrc: RESOLVED, links: [{ source: 'SPOTIFY' }] });
  });

  it('discovery: a platform\'s late answer, once stored, is in the very next read', async () => {
    fakes.servers.DEEZER.latencyMs = 1_500;
    const query = `query ($isrc: String!) { track(isrc: $isrc) { links { source } } }`;
    expect((await ask(query, { isrc: LATE })).data.track.links).toEqual([{ source: 'SPOTIFY' }]);
    // Read (and cached) again while Deezer's answer is on its way.
    expect((await ask(query, { isrc: LATE })).data.track.links).toEqual([{ source: 'SPOTIFY' }]);
    const stored = () => stack.linksPrisma.platformLink.count({ where: { track: { isrc: LATE }, platform: 'DEEZER' } });
    for (let waited = 0; (await stored()) === 0; waited += 50) {
      if (waited > 5_000) throw new Error('Deezer\'s late answer was never stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await ask(query, { isrc: LATE })).data.track.links).toEqual([{ source: 'SPOTIFY' }, { source: 'DEEZER' }]);
  });

  it('a catalog import is read back at once, also where the cache held "no such track"', async () => {
    const query = `query ($id: ID!) { track(id: $id) { title } }`;
    const id = trackIdForIsrc(IMPORTED);
    expect((await ask(query, { id })).data.track).toBeNull();
    await importCatalog(stack.linksPrisma, Readable.from(`isrc,title,artist\n${IMPORTED},Imported Now,Cache Tester\n`));
    expect((await ask(query, { id })).data.track).toEqual({ title: 'Imported Now' });
  });

  it('analytics: a new day\'s count is read back at once', async () => {
    const query = `query ($id: ID!) { track(id: $id) { spotifyStreamTotal { date total } } }`;
    const before = await ask(query, { id: DEMO_ID });
    expect(before.errors).toBeUndefined();
    // Analytics is not asked (links may be: any links write, e.g. a late platform answer, retires its entries).
    expect((await counted(() => ask(query, { id: DEMO_ID }))).calls.analytics).toBeUndefined();
    // The importers write through this same client (its driver adapter announces every commit).
    const analytics = stack.subgraphs.analytics.subgraph.prisma as any;
    await analytics.spotifyStreamCount.create({ data: { isrc: DEMO_ISRC, date: new Date('2099-01-01T00:00:00Z'), total: 987_654_321n } });
    expect((await ask(query, { id: DEMO_ID })).data.track.spotifyStreamTotal).toEqual({ date: '2099-01-01', total: 987_654_321 });
  });

  it('/metrics counts hits, misses and stale entries per subgraph and type, and invalidations per subgraph', async () => {
    const metrics = (await (await fetch(new URL('/metrics', stack.gateway.url))).text()).split('\n').filter((line) => line.startsWith('trackgraph_gateway_entity_cache')).join('\n');
    expect(metrics).toMatch(/trackgraph_gateway_entity_cache_lookups_total\{subgraph="links",type="Track",result="hit"\} [1-9]/);
    expect(metrics).toMatch(/trackgraph_gateway_entity_cache_lookups_total\{subgraph="links",type="Query",result="miss"\} [1-9]/);
    expect(metrics).toMatch(/trackgraph_gateway_entity_cache_lookups_total\{subgraph="analytics",type="Track",result="stale"\} [1-9]/);
    expect(metrics).toMatch(/trackgraph_gateway_entity_cache_invalidations_total\{subgraph="links"\} [1-9]/);
  });
});
