import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { pairKey } from '../../../subgraphs/links/src/discovery/freshness.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createLinksServices } from '../../../subgraphs/links/src/services.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';
import { isrcRange, startPlatformFakes, type FakeCatalogs, type PlatformFakes } from '../../links/discovery/platformFakes.ts';
import { syntheticTitle } from '../../links/providers/fakes/synthetic.ts';
import { testCaller } from '../../helpers/callers.ts';

// Every test uses its own ISRC range, so one catalog (and one database) serves the whole file.
const BOTH = isrcRange('USDA1', 1); // Spotify and Deezer
const NOWHERE = isrcRange('USDB1', 2);
const THOUSAND = isrcRange('USDC1', 1000); // the first 10 on TIDAL, the rest nowhere
const RETRIED = isrcRange('USDD1', 1); // Apple Music, after a 429
const SLOW = isrcRange('USDE1', 1); // TIDAL, answering after the deadline
const TOKEN = isrcRange('USDF1', 2); // Spotify, across a token expiry
const RESOLVE = isrcRange('USDG1', 2); // the first on Deezer
const ENTITY = isrcRange('USDH1', 1); // Spotify

const CATALOGS: FakeCatalogs = {
  SPOTIFY: [...BOTH, ...TOKEN, ...ENTITY],
  APPLE_MUSIC: RETRIED,
  DEEZER: [...BOTH, 'GBDUW0000053', RESOLVE[0]!],
  TIDAL: [...THOUSAND.slice(0, 10), ...SLOW],
};

let fakes: PlatformFakes;
let links: Subgraph<LinksPrisma, Context>;

beforeAll(async () => {
  fakes = await startPlatformFakes(CATALOGS);
  links = await createTestSubgraph(
    { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, fakes.clients) },
    { env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '1500' } },
  );
});
afterAll(async () => {
  await links?.close();
  await fakes?.close();
});

/** Platform lookup requests made while `run` runs, by platform. */
async function counting<T>(run: () => Promise<T>): Promise<{ result: T; requests: Record<string, number> }> {
  const before = fakes.requests();
  const result = await run();
  const after = fakes.requests();
  return { result, requests: Object.fromEntries(Object.entries(after).map(([platform, count]) => [platform, count - (before[platform] ?? 0)])) };
}

const TRACK = `query($isrc: String!) { track(isrc: $isrc) { id isrc title links { source externalId } linkStatus { source state checkedAt reason } } }`;
const states = (entries: { source: string; state: string }[]) => Object.fromEntries(entries.map((entry) => [entry.source, entry.state]));
const NONE = { SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0 };

describe('track(isrc:) for an ISRC the catalog lacks', () => {
  it('asks every platform once, answers with what they found, and stores it', async () => {
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: BOTH[0] }));
    expect(result.errors).toBeUndefined();
    expect(requests).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });
    const track = result.data!.track;
    expect(track).toMatchObject({ isrc: BOTH[0], title: syntheticTitle(BOTH[0]!) });
    expect(track.links.map((link: { source: string }) => link.source)).toEqual(['SPOTIFY', 'DEEZER']);
    expect(states(track.linkStatus)).toEqual({
      SPOTIFY: 'FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'FOUND', TIDAL: 'NOT_FOUND',
      BEATPORT: 'UNCHECKED', DISCOGS: 'UNCHECKED', MUSICBRAINZ: 'UNCHECKED', YOUTUBE: 'UNCHECKED', SHAZAM: 'UNCHECKED',
    });
    const discogs = track.linkStatus.find((entry: { source: string }) => entry.source === 'DISCOGS');
    expect(discogs).toEqual({ source: 'DISCOGS', state: 'UNCHECKED', checkedAt: null, reason: 'Discogs is searched by release barcode (UPC); no barcode is known for this recording' });
    expect(Date.parse(track.linkStatus[0].checkedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers the next caller from the database, asking no platform', async () => {
    const first = await execute(links, TRACK, { isrc: BOTH[0] });
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: BOTH[0] }));
    expect(requests).toEqual(NONE);
    expect(result.data).toEqual(first.data);
    expect(await links.prisma.platformLink.count({ where: { track: { isrc: BOTH[0] } } })).toBe(2);
  });

  it('remembers "not on this platform", and asks again once that has expired', async () => {
    const first = await counting(() => execute(links, TRACK, { isrc: NOWHERE[0] }));
    expect(first.result.data!.track).toBeNull();
    expect(first.requests).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });
    const status = await execute(links, `{ linkStatus(isrc: "${NOWHERE[0]}", sources: [SPOTIFY, TIDAL]) { source state } }`);
    expect(status.data!.linkStatus).toEqual([{ source: 'SPOTIFY', state: 'NOT_FOUND' }, { source: 'TIDAL', state: 'NOT_FOUND' }]);

    expect((await counting(() => execute(links, TRACK, { isrc: NOWHERE[0] }))).requests).toEqual(NONE);

    // Eight days later (DISCOVERY_NOT_FOUND_TTL_SECONDS is 7 days by default) the platforms are asked again.
    // The shared cache keeps an answer exactly as long, so its entries are gone by then too.
    await links.prisma.linkStatus.updateMany({ where: { isrc: NOWHERE[0] }, data: { checkedAt: new Date(Date.now() - 8 * 86_400_000) } });
    await links.cache.delete(...['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'TIDAL'].map((platform) => pairKey(platform, NOWHERE[0]!)));
    expect((await counting(() => execute(links, TRACK, { isrc: NOWHERE[0] }))).requests).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });
  });
});

describe('batching through the API', () => {
  // A deadline long enough for 1,000 one-ISRC requests, so every answer arrives within the request.
  let bulk: Subgraph<LinksPrisma, Context>;
  beforeAll(async () => {
    bulk = await createTestSubgraph(
      { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, fakes.clients) },
      { env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '60000' }, seed: false },
    );
  });
  afterAll(() => bulk?.close());

  it('1,000 missing ISRCs in one request cost ceil(1000 / batch size) requests per platform; a second run costs none', async () => {
    // Ten aliased tracks(isrcs:) fields of 100 run in one tick, so all 1,000 ISRCs share the request's loaders.
    const fields = Array.from({ length: 10 }, (_, i) => `b${i}: tracks(isrcs: ${JSON.stringify(THOUSAND.slice(i * 100, i * 100 + 100))}) { isrc links { source } }`);
    const query = `{ ${fields.join('\n')} }`;
    const { result, requests } = await counting(() => execute(bulk, query));
    expect(result.errors).toBeUndefined();
    // Spotify and Deezer look up one ISRC per request, Apple Music 25, TIDAL 20.
    expect(requests).toEqual({ SPOTIFY: 1000, APPLE_MUSIC: 40, DEEZER: 1000, TIDAL: 50 });
    const found = Object.values(result.data!).flat().filter(Boolean);
    expect(found.map((track: any) => track.isrc)).toEqual(THOUSAND.slice(0, 10));
    expect(found.every((track: any) => track.links.length === 1 && track.links[0].source === 'TIDAL')).toBe(true);

    const again = await counting(() => execute(bulk, query));
    expect(again.requests).toEqual(NONE);
    expect(again.result.data).toEqual(result.data);
  }, 120_000);


  it('asks about a known track only when its links are read, and only the platforms it lacks', async () => {
    const titles = await counting(() => execute(links, `{ track(isrc: "GBDUW0000053") { title } }`));
    expect(titles.requests).toEqual(NONE);
    expect(titles.result.sql.some((statement) => statement.includes('"LinkStatus"'))).toBe(false);

    // The demo track has links on Spotify, Apple Music and TIDAL: only Deezer is asked.
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: 'GBDUW0000053' }));
    expect(requests).toEqual({ ...NONE, DEEZER: 1 });
    expect(result.data!.track.links.map((link: { source: string }) => link.source)).toContain('DEEZER');
    expect(states(result.data!.track.linkStatus).DEEZER).toBe('FOUND');
    expect((await counting(() => execute(links, TRACK, { isrc: 'GBDUW0000053' }))).requests).toEqual(NONE);
  });

  it('never asks the platforms for entities the gateway resolves, or for lookups by id', async () => {
    const [isrc] = ENTITY;
    const entity = await counting(() => execute(links, entitiesQuery('Track', 'id links { source }'), { representations: [{ __typename: 'Track', isrc }] }));
    expect(entity.result.data!._entities).toEqual([null]);
    expect(entity.requests).toEqual(NONE);
    const byIsrc = await execute(links, TRACK, { isrc });
    const byId = await counting(() => execute(links, `{ track(id: "${byIsrc.data!.track.id}") { links { source } linkStatus(sources: [SPOTIFY, APPLE_MUSIC]) { source state } } }`));
    expect(byId.requests).toEqual(NONE);
    expect(byId.result.data!.track).toEqual({ links: [{ source: 'SPOTIFY' }], linkStatus: [{ source: 'SPOTIFY', state: 'FOUND' }, { source: 'APPLE_MUSIC', state: 'NOT_FOUND' }] });
  });
});

describe('failing and slow platforms', () => {
  it('retries a 429 after its Retry-After and records what the platform then says', async () => {
    fakes.servers.APPLE_MUSIC.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: RETRIED[0] }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(requests.APPLE_MUSIC).toBe(2);
    expect(result.data!.track.links).toEqual([{ source: 'APPLE_MUSIC', externalId: expect.any(String) }]);
  });

  it('keeps answering when a platform fails: that platform is ERROR and is not asked again at once', async () => {
    // Every attempt fails: the first and FAST_HTTP's 2 retries.
    fakes.servers.DEEZER.failNext({ kind: 'status', status: 503 }, 3);
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: NOWHERE[1] }));
    expect(result.errors).toBeUndefined();
    expect(requests.DEEZER).toBe(3);
    const status = await execute(links, `{ linkStatus(isrc: "${NOWHERE[1]}", sources: [DEEZER, TIDAL]) { source state reason } }`);
    expect(status.data!.linkStatus).toEqual([
      { source: 'DEEZER', state: 'ERROR', reason: expect.stringContaining('503') },
      { source: 'TIDAL', state: 'NOT_FOUND', reason: null },
    ]);
    // DISCOVERY_ERROR_TTL_SECONDS (300 s by default) has not passed.
    expect((await counting(() => execute(links, TRACK, { isrc: NOWHERE[1] }))).requests).toEqual(NONE);
  });

  it('says PENDING for a platform slower than DISCOVERY_TIMEOUT_MS, without failing the query', async () => {
    fakes.servers.TIDAL.latencyMs = 2500;
    try {
      const started = Date.now();
      const { result } = await counting(() => execute(links, TRACK, { isrc: SLOW[0] }));
      expect(Date.now() - started).toBeLessThan(2400);
      expect(result.errors).toBeUndefined();
      expect(result.data!.track).toBeNull();
      const status = await execute(links, `{ linkStatus(isrc: "${SLOW[0]}", sources: [SPOTIFY, TIDAL]) { source state } }`);
      expect(status.data!.linkStatus).toEqual([{ source: 'SPOTIFY', state: 'NOT_FOUND' }, { source: 'TIDAL', state: 'PENDING' }]);
    } finally {
      fakes.servers.TIDAL.latencyMs = 0;
    }
    // The late answer is recorded once it arrives (closing the services waits for that).
    await links.deps.services.close?.();
    const after = await counting(() => execute(links, TRACK, { isrc: SLOW[0] }));
    expect(after.requests).toEqual(NONE);
    expect(after.result.data!.track.links).toEqual([{ source: 'TIDAL', externalId: expect.any(String) }]);
  });

  it('fetches a new token when the platform rejects an expired one', async () => {
    const tokens = () => fakes.servers.SPOTIFY.requests.filter((request) => request.path === '/api/token').length;
    await execute(links, TRACK, { isrc: TOKEN[0] });
    const issued = tokens();
    fakes.oauth.SPOTIFY.expireAll();
    const { result, requests } = await counting(() => execute(links, TRACK, { isrc: TOKEN[1] }));
    expect(tokens()).toBe(issued + 1);
    expect(requests.SPOTIFY).toBe(2); // rejected once, then answered with the new token
    expect(result.data!.track.links).toEqual([{ source: 'SPOTIFY', externalId: expect.any(String) }]);
  });
});

describe('resolveTracks by ISRC', () => {
  it('matches an ISRC a platform carries, in the same call, and charges each valid item once', async () => {
    const before = (await links.prisma.account.findUniqueOrThrow({ where: { id: 'demo' } })).credits;
    const { result, requests } = await counting(() => execute(links, `mutation($items: [ResolveItemInput!]!) {
      resolveTracks(inputType: ISRC, items: $items) { creditsUsed results { input status reason track { isrc } links { source } } }
    }`, { items: [{ isrc: RESOLVE[0] }, { isrc: RESOLVE[1] }, { isrc: 'not-an-isrc' }] }, testCaller('demo')));
    expect(result.errors).toBeUndefined();
    expect(requests).toEqual({ SPOTIFY: 2, APPLE_MUSIC: 1, DEEZER: 2, TIDAL: 1 });
    const payload = result.data!.resolveTracks;
    expect(payload.creditsUsed).toBe(2);
    expect(payload.results.map((item: { status: string }) => item.status)).toEqual(['MATCHED', 'NOT_FOUND', 'INVALID_INPUT']);
    expect(payload.results[0]).toMatchObject({ track: { isrc: RESOLVE[0] }, links: [{ source: 'DEEZER' }] });
    expect((await links.prisma.account.findUniqueOrThrow({ where: { id: 'demo' } })).credits).toBe(before - 2);
  });
});

describe('platform settings', () => {
  it('lists the platforms discovery asks and why the others are not asked', async () => {
    const { data } = await execute(links, `{ discoveryPlatforms { source enabled reason batchSize } }`);
    expect(data!.discoveryPlatforms).toEqual([
      { source: 'SPOTIFY', enabled: true, reason: null, batchSize: 1 },
      { source: 'APPLE_MUSIC', enabled: true, reason: null, batchSize: 25 },
      { source: 'DEEZER', enabled: true, reason: null, batchSize: 1 },
      { source: 'TIDAL', enabled: true, reason: null, batchSize: 20 },
      { source: 'DISCOGS', enabled: true, reason: null, batchSize: expect.any(Number) },
    ]);
  });

  it('rejects a malformed ISRC in linkStatus with BAD_USER_INPUT naming it', async () => {
    const { errors } = await execute(links, `{ linkStatus(isrc: "12") { state } }`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'isrc' });
  });
});
