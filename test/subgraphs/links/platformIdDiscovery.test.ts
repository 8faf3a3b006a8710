import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createLinksServices } from '../../../subgraphs/links/src/services.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';
import { isrcRange, startPlatformFakes, type FakeCatalogs, type PlatformFakes } from '../../links/discovery/platformFakes.ts';
import { base62Id, syntheticTitle } from '../../links/providers/fakes/synthetic.ts';

/**
 * `tracks(source: SPOTIFY, externalIds:)` with discovery on, against the fake platforms: Spotify ids
 * the catalog lacks are asked on Spotify (`/v1/tracks`, 50 per request), and their ISRCs discovered.
 */
// Every test uses its own ISRC range, so one fake catalog (and one database) serves the whole file.
const CHART = isrcRange('USPA1', 1000); // all on Spotify; the first 5 on Apple Music, the first 10 on Deezer
const ONE = isrcRange('USPB1', 1);
const HUNDRED = isrcRange('USPC1', 100);
const FAILING = isrcRange('USPD1', 1);
const ALIASED = isrcRange('USPE1', 90);
const REDISCOVERED = isrcRange('USPF1', 1);
const UNKNOWN_IDS = ['Unknown000000000000000', 'Unknown000000000000001'];
const ONE_MORE_TIME = trackIdForIsrc('GBDUW0000053');

const CATALOGS: FakeCatalogs = {
  // GBDUW0000053 is in the demo catalog under another Spotify id (5W3cjX2J3tjhG8zb6u0qHn).
  SPOTIFY: [...CHART, ...ONE, ...HUNDRED, ...FAILING, ...ALIASED, ...REDISCOVERED, 'GBDUW0000053'],
  APPLE_MUSIC: CHART.slice(0, 5),
  DEEZER: CHART.slice(0, 10),
};

let fakes: PlatformFakes;
let links: Subgraph<LinksPrisma, Context>;

beforeAll(async () => {
  fakes = await startPlatformFakes(CATALOGS);
  // A deadline long enough for 100 one-ISRC Deezer requests, so every answer arrives within the request.
  links = await createTestSubgraph(
    { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, fakes.clients) },
    { env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '60000' } },
  );
});
afterAll(async () => {
  await links?.close();
  await fakes?.close();
});

/** Platform lookup requests made while `run` runs, by platform, and Spotify's requests (path and ids). */
async function counting<T>(run: () => Promise<T>) {
  const before = fakes.requests();
  const spotifyBefore = fakes.servers.SPOTIFY.requests.length;
  const result = await run();
  const after = fakes.requests();
  const spotify = fakes.servers.SPOTIFY.requests.slice(spotifyBefore).filter((request) => request.path !== '/api/token')
    .map((request) => ({ path: request.path, ids: request.query.get('ids')?.split(',').length ?? 0 }));
  return { result, spotify, requests: Object.fromEntries(Object.entries(after).map(([platform, count]) => [platform, count - (before[platform] ?? 0)])) };
}

const BY_SPOTIFY_ID = `query($ids: [String!]) { tracks(source: SPOTIFY, externalIds: $ids) { id isrc title links { source externalId } } }`;
const NONE = { SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0 };
const spotifyIds = (isrcs: readonly string[]) => isrcs.map((isrc) => base62Id(isrc));

describe('Spotify ids the catalog lacks', () => {
  it('1,000 over 10 requests of 100 cost 20 Spotify track requests plus the usual ISRC discovery; a second run costs none', async () => {
    const ids = spotifyIds(CHART);
    const run = async () => {
      const results = [];
      for (let page = 0; page < 10; page += 1) results.push(await execute(links, BY_SPOTIFY_ID, { ids: ids.slice(page * 100, page * 100 + 100) }));
      return results;
    };
    const { result, requests, spotify } = await counting(run);
    expect(result.map((page) => page.errors)).toEqual(Array(10).fill(undefined));
    // Spotify: 2 × 50 ids per request, and no search (its own answer is its link); Apple Music 25 ISRCs a
    // request, TIDAL 20, Deezer 1, as discovery always asks them.
    expect(requests).toEqual({ SPOTIFY: 20, APPLE_MUSIC: 40, DEEZER: 1000, TIDAL: 50 });
    expect(spotify).toEqual(Array(20).fill({ path: '/v1/tracks', ids: 50 }));
    const tracks = result.flatMap((page) => page.data!.tracks);
    expect(tracks.map((track: { isrc: string }) => track.isrc)).toEqual(CHART);
    expect(tracks[0]).toMatchObject({ id: trackIdForIsrc(CHART[0]!), title: syntheticTitle(CHART[0]!) });
    expect(tracks[0].links.map((link: { source: string }) => link.source)).toEqual(['SPOTIFY', 'APPLE_MUSIC', 'DEEZER']);
    expect(tracks[999].links).toEqual([{ source: 'SPOTIFY', externalId: ids[999] }]);
    // The same statements for every request, whatever it found.
    expect(new Set(result.map((page) => page.sql.length)).size).toBe(1);

    const again = await counting(run);
    expect(again.requests).toEqual(NONE);
    expect(again.result.map((page) => page.data)).toEqual(result.map((page) => page.data));
  }, 120_000);

  it('are recorded as for track(isrc:), LinkStatus included', async () => {
    const query = `{ linkStatus(isrc: "${CHART[999]}", sources: [SPOTIFY, APPLE_MUSIC, DEEZER, TIDAL]) { source state checkedAt } }`;
    const { data } = await execute(links, query);
    expect(data!.linkStatus.map((entry: { source: string; state: string }) => [entry.source, entry.state])).toEqual([
      ['SPOTIFY', 'FOUND'], ['APPLE_MUSIC', 'NOT_FOUND'], ['DEEZER', 'NOT_FOUND'], ['TIDAL', 'NOT_FOUND'],
    ]);
    expect(data!.linkStatus.every((entry: { checkedAt: string }) => Date.parse(entry.checkedAt) > Date.now() - 600_000)).toBe(true);
  });

  it('take as many SQL statements for 100 as for 1', async () => {
    const one = await execute(links, BY_SPOTIFY_ID, { ids: spotifyIds(ONE) });
    const hundred = await execute(links, BY_SPOTIFY_ID, { ids: spotifyIds(HUNDRED) });
    expect(one.data!.tracks.map((track: { isrc: string }) => track.isrc)).toEqual(ONE);
    expect(hundred.data!.tracks.map((track: { isrc: string }) => track.isrc)).toEqual(HUNDRED);
    expect(hundred.sql.length).toBe(one.sql.length);
  });

  it('adds the id to a recording the catalog has under another Spotify id', async () => {
    const ids = [base62Id('GBDUW0000053'), '5W3cjX2J3tjhG8zb6u0qHn'];
    const { result, spotify } = await counting(() => execute(links, BY_SPOTIFY_ID, { ids }));
    expect(result.errors).toBeUndefined();
    expect(spotify).toEqual([{ path: '/v1/tracks', ids: 1 }]);
    expect(result.data!.tracks.map((track: { id: string }) => track.id)).toEqual([ONE_MORE_TIME, ONE_MORE_TIME]);
    const spotifyLinks = result.data!.tracks[0].links.filter((link: { source: string }) => link.source === 'SPOTIFY');
    expect(spotifyLinks.map((link: { externalId: string }) => link.externalId)).toEqual(['5W3cjX2J3tjhG8zb6u0qHn', ids[0]]);
    expect((await counting(() => execute(links, BY_SPOTIFY_ID, { ids }))).requests).toEqual(NONE);
  });

  it('are null when Spotify does not know them, and Spotify is not asked about them again', async () => {
    const ids = [...UNKNOWN_IDS, '5W3cjX2J3tjhG8zb6u0qHn'];
    const first = await counting(() => execute(links, BY_SPOTIFY_ID, { ids }));
    expect(first.result.errors).toBeUndefined();
    expect(first.result.data!.tracks.map((track: { id: string } | null) => track?.id ?? null)).toEqual([null, null, ONE_MORE_TIME]);
    expect(first.requests).toEqual({ ...NONE, SPOTIFY: 1 });
    expect((await counting(() => execute(links, BY_SPOTIFY_ID, { ids }))).requests).toEqual(NONE);
  });

  it('answers the recorded Spotify response', async () => {
    const { data, errors } = await execute(links, BY_SPOTIFY_ID, { ids: ['spotify:track:2plbrEY59IikOBgBGLjaoe'] });
    expect(errors).toBeUndefined();
    expect(data!.tracks[0]).toMatchObject({ isrc: 'USUM72409273', title: 'Die With A Smile' });
    expect(data!.tracks[0].links).toContainEqual({ source: 'SPOTIFY', externalId: '2plbrEY59IikOBgBGLjaoe' });
  });
});

describe('batching and failures', () => {
  it('shares the Spotify batches between the fields of a request', async () => {
    const ids = spotifyIds(ALIASED);
    const query = `query($a: [String!], $b: [String!]) {
      a: tracks(source: SPOTIFY, externalIds: $a) { isrc }
      b: tracks(source: SPOTIFY, externalIds: $b) { isrc }
    }`;
    const variables = { a: ids.slice(0, 60), b: ids.slice(30, 90) };
    const { result, spotify } = await counting(() => execute(links, query, variables));
    expect(result.errors).toBeUndefined();
    // 90 distinct ids: two requests, whatever the overlap.
    expect(spotify.map((request) => request.ids).sort()).toEqual([40, 50]);
    expect(result.data!.a.map((track: { isrc: string }) => track.isrc)).toEqual(ALIASED.slice(0, 60));
    expect(result.data!.b.map((track: { isrc: string }) => track.isrc)).toEqual(ALIASED.slice(30, 90));
    expect((await counting(() => execute(links, query, variables))).requests).toEqual(NONE);
  });

  it('records an id whose ISRC the same request has discovered already', async () => {
    // Known under another Spotify id; reading its links discovers it (Spotify is not asked: it has a link).
    const [isrc] = REDISCOVERED;
    await links.prisma.track.create({ data: { id: trackIdForIsrc(isrc!), isrc: isrc!, title: 'Known', links: { create: { platform: 'SPOTIFY', externalId: 'Known00000000000000000' } } } });
    const query = `query($ids: [String!]) {
      byIsrc: tracks(isrcs: ["${isrc}"]) { links { source } }
      byId: tracks(source: SPOTIFY, externalIds: $ids) { isrc links { source externalId } }
    }`;
    // A slow Spotify answers after the ISRC lookup has discovered the recording.
    fakes.servers.SPOTIFY.latencyMs = 300;
    try {
      const { result, spotify } = await counting(() => execute(links, query, { ids: [base62Id(isrc!)] }));
      expect(result.errors).toBeUndefined();
      expect(spotify).toEqual([{ path: '/v1/tracks', ids: 1 }]);
      expect(result.data!.byId[0].isrc).toBe(isrc);
    } finally {
      fakes.servers.SPOTIFY.latencyMs = 0;
    }
    const again = await counting(() => execute(links, BY_SPOTIFY_ID, { ids: [base62Id(isrc!)] }));
    expect(again.requests).toEqual(NONE);
    expect(again.result.data!.tracks[0].links.filter((link: { source: string }) => link.source === 'SPOTIFY')).toEqual([
      { source: 'SPOTIFY', externalId: 'Known00000000000000000' }, { source: 'SPOTIFY', externalId: base62Id(isrc!) },
    ]);
  });

  it('says which ids Spotify could not be asked about, answers the rest, and asks again next time', async () => {
    // Every attempt fails: the first and FAST_HTTP's 2 retries.
    fakes.servers.SPOTIFY.failNext({ kind: 'status', status: 503 }, 3);
    const ids = ['5W3cjX2J3tjhG8zb6u0qHn', ...spotifyIds(FAILING)];
    const { result, requests } = await counting(() => execute(links, BY_SPOTIFY_ID, { ids }));
    expect(requests.SPOTIFY).toBe(3);
    expect(result.data!.tracks.map((track: { id: string } | null) => track?.id ?? null)).toEqual([ONE_MORE_TIME, null]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['tracks', 1], extensions: { code: 'SERVICE_UNAVAILABLE', argument: 'externalIds[1]', platform: 'SPOTIFY' } });
    expect(result.errors![0]!.message).toContain('503');

    const again = await counting(() => execute(links, BY_SPOTIFY_ID, { ids }));
    expect(again.result.errors).toBeUndefined();
    expect(again.requests.SPOTIFY).toBe(1);
    expect(again.result.data!.tracks[1]).toMatchObject({ isrc: FAILING[0] });
  });

  it("answers other platforms' ids from the catalog only", async () => {
    const { result, requests } = await counting(() => execute(links, `{ tracks(source: DEEZER, externalIds: ["1", "3278625201"]) { isrc } }`));
    expect(result.errors).toBeUndefined();
    expect(result.data!.tracks).toEqual([null, { isrc: 'USUM72414866' }]);
    expect(requests).toEqual(NONE);
  });
});
