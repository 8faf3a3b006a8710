import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { startFakePlatformsEnv, uniqueIsrc, type FakePlatformsEnv, type FakedPlatform } from '../helpers/fakePlatformsEnv.ts';
import { post as postAs, startTestStack, type TestStack } from '../helpers/stack.ts';
import { base62Id, numericId, syntheticArtist, syntheticTitle, uuid } from '../links/providers/fakes/synthetic.ts';

/**
 * Platform discovery through the real gateway over HTTP, configured only through environment
 * variables (the path `npm start` takes): the links subgraph builds its platform clients from
 * `fakes.env`, which points them at local fake platforms.
 */

/** On Spotify and Deezer only; the catalog does not know it. */
const ON_TWO = uniqueIsrc();
/** On Apple Music and TIDAL only (resolveTracks). */
const ON_APPLE_AND_TIDAL = uniqueIsrc();
/** On no platform. */
const NOWHERE = uniqueIsrc();
/** On Spotify and MusicBrainz; Deezer fails for it (every request answers 503). */
const WHILE_DEEZER_FAILS = uniqueIsrc();

let fakes: FakePlatformsEnv;
let stack: TestStack;
let url: string;

beforeAll(async () => {
  fakes = await startFakePlatformsEnv({
    SPOTIFY: [ON_TWO, WHILE_DEEZER_FAILS],
    DEEZER: [ON_TWO, WHILE_DEEZER_FAILS],
    APPLE_MUSIC: [ON_APPLE_AND_TIDAL],
    TIDAL: [ON_APPLE_AND_TIDAL],
    MUSICBRAINZ: [WHILE_DEEZER_FAILS],
  });
  stack = await startTestStack({
    env: {
      ...fakes.env,
      DISCOVERY_ENABLED: 'true',
      // Generous: the fakes answer at once, and a PENDING platform would make the test flaky.
      DISCOVERY_TIMEOUT_MS: '10000',
      // The shared cache of the services project is Redis, as in production.
      ...(BACKEND === 'services' ? { REDIS_URL: requireEnv('REDIS_URL') } : {}),
    },
  });
  url = stack.gateway.url;
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

/** Every request as the demo admin (the account resolveTracks charges). */
const post = (target: string, query: string, variables: Record<string, unknown> = {}) => postAs(target, query, variables, { key: stack.adminKey });

/** Lookup requests each platform received since `before`. */
function requestsSince(before: Record<FakedPlatform, number>): Record<FakedPlatform, number> {
  const now = fakes.requests();
  return Object.fromEntries(Object.entries(now).map(([platform, count]) => [platform, count - before[platform as FakedPlatform]])) as Record<FakedPlatform, number>;
}

const TRACK = /* GraphQL */ `
  query Track($isrc: String!) {
    track(isrc: $isrc) {
      id
      isrc
      title
      artists { name }
      links { source externalId url }
      linkStatus { source state checkedAt reason }
      spotifyStreams { date total daily }
      libraryTracks { title }
      matches { totalCount }
    }
  }
`;

/** What linkStatus says of the platforms the fakes do not stand in for. */
const UNCONFIGURED = [
  { source: 'BEATPORT', state: 'UNCHECKED', checkedAt: null, reason: 'BEATPORT_CLIENT_ID and BEATPORT_CLIENT_SECRET are not set' },
  { source: 'DISCOGS', state: 'UNCHECKED', checkedAt: null, reason: 'DISCOGS_TOKEN is not set' },
];

describe(`discovery through the gateway, configured from the environment (${BACKEND})`, () => {
  let first: any;

  it('track(isrc:) of an ISRC the catalog lacks returns the platforms\' links and link status in the same response, joined with the other subgraphs', async () => {
    const before = fakes.requests();
    const { status, body } = await post(url, TRACK, { isrc: ON_TWO.toLowerCase().replace(/^(..)(...)/, '$1-$2-') });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const track = body.data.track;
    expect(track).toMatchObject({
      id: trackIdForIsrc(ON_TWO),
      isrc: ON_TWO,
      // Metadata from the first platform that found it (Spotify before Deezer).
      title: syntheticTitle(ON_TWO),
      artists: [{ name: syntheticArtist(ON_TWO) }],
      spotifyStreams: [],
      libraryTracks: [],
      matches: { totalCount: 0 },
    });
    expect(track.links).toEqual([
      { source: 'SPOTIFY', externalId: base62Id(ON_TWO), url: `https://open.spotify.com/track/${base62Id(ON_TWO)}` },
      { source: 'DEEZER', externalId: String(numericId(ON_TWO)), url: `https://www.deezer.com/track/${numericId(ON_TWO)}` },
    ]);
    const checked = { checkedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), reason: null };
    expect(track.linkStatus).toEqual([
      { source: 'SPOTIFY', state: 'FOUND', ...checked },
      { source: 'APPLE_MUSIC', state: 'NOT_FOUND', ...checked },
      { source: 'DEEZER', state: 'FOUND', ...checked },
      { source: 'TIDAL', state: 'NOT_FOUND', ...checked },
      ...UNCONFIGURED,
      { source: 'MUSICBRAINZ', state: 'NOT_FOUND', ...checked },
      { source: 'YOUTUBE', state: 'UNCHECKED', checkedAt: null, reason: expect.any(String) },
      { source: 'SHAZAM', state: 'UNCHECKED', checkedAt: null, reason: expect.any(String) },
    ]);
    // Each configured platform was asked exactly once, through the clients built from the environment.
    expect(requestsSince(before)).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1, MUSICBRAINZ: 1 });
    first = body.data;
  });

  it('the same query again asks no platform and returns the same track, links and statuses', async () => {
    expect(first).toBeDefined();
    const before = fakes.requests();
    const { body } = await post(url, TRACK, { isrc: ON_TWO });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(first);
    expect(requestsSince(before)).toEqual({ SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0, MUSICBRAINZ: 0 });
    // A read of the recorded status agrees, and also asks nobody.
    const status = await post(url, `query ($isrc: String!) { linkStatus(isrc: $isrc, sources: [SPOTIFY, APPLE_MUSIC, DEEZER]) { source state } }`, { isrc: ON_TWO });
    expect(status.body.errors).toBeUndefined();
    expect(status.body.data.linkStatus).toEqual([
      { source: 'SPOTIFY', state: 'FOUND' },
      { source: 'APPLE_MUSIC', state: 'NOT_FOUND' },
      { source: 'DEEZER', state: 'FOUND' },
    ]);
    expect(requestsSince(before)).toEqual({ SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0, MUSICBRAINZ: 0 });
  });

  it('discoveryPlatforms lists the configured platforms as enabled, Beatport and Discogs as disabled with the reason', async () => {
    const { body } = await post(url, `{ discoveryPlatforms { source enabled reason batchSize } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.discoveryPlatforms).toEqual([
      { source: 'SPOTIFY', enabled: true, reason: null, batchSize: 1 },
      { source: 'APPLE_MUSIC', enabled: true, reason: null, batchSize: 25 },
      { source: 'DEEZER', enabled: true, reason: null, batchSize: 1 },
      { source: 'TIDAL', enabled: true, reason: null, batchSize: 20 },
      { source: 'MUSICBRAINZ', enabled: true, reason: null, batchSize: 25 },
      { source: 'BEATPORT', enabled: false, reason: 'BEATPORT_CLIENT_ID and BEATPORT_CLIENT_SECRET are not set', batchSize: 1 },
      { source: 'DISCOGS', enabled: false, reason: 'DISCOGS_TOKEN is not set', batchSize: 1 },
    ]);
  });

  it('resolveTracks by ISRC: an unknown ISRC a platform carries is MATCHED, one nobody carries NOT_FOUND, an invalid one INVALID_INPUT; only the valid two are charged', async () => {
    const balance = await post(url, `{ account { credits } }`);
    expect(balance.body.errors).toBeUndefined();
    const creditsBefore: number = balance.body.data.account.credits;
    const before = fakes.requests();
    const { body } = await post(
      url,
      /* GraphQL */ `
        mutation Resolve($items: [ResolveItemInput!]!) {
          resolveTracks(inputType: ISRC, items: $items) {
            results { input status reason track { isrc title libraryTracks { title } } links { source externalId } }
            partial processed creditsUsed creditsRemaining
          }
        }
      `,
      { items: [{ isrc: ON_APPLE_AND_TIDAL }, { isrc: NOWHERE }, { isrc: 'not-an-isrc' }] },
    );
    expect(body.errors).toBeUndefined();
    const payload = body.data.resolveTracks;
    expect(payload.results).toHaveLength(3);
    expect(payload.results[0]).toEqual({
      input: ON_APPLE_AND_TIDAL,
      status: 'MATCHED',
      reason: null,
      // Apple Music comes before TIDAL, so the new track takes its metadata.
      track: { isrc: ON_APPLE_AND_TIDAL, title: syntheticTitle(ON_APPLE_AND_TIDAL), libraryTracks: [] },
      links: [
        { source: 'APPLE_MUSIC', externalId: String(numericId(ON_APPLE_AND_TIDAL, 'song-single')) },
        { source: 'TIDAL', externalId: String(numericId(ON_APPLE_AND_TIDAL)) },
      ],
    });
    expect(payload.results[1]).toEqual({ input: NOWHERE, status: 'NOT_FOUND', reason: null, track: null, links: [] });
    expect(payload.results[2]).toMatchObject({ input: 'not-an-isrc', status: 'INVALID_INPUT', track: null, links: [] });
    expect(payload.results[2].reason).toEqual(expect.any(String));
    expect(payload).toMatchObject({ partial: false, processed: 2, creditsUsed: 2, creditsRemaining: creditsBefore - 2 });
    // Both valid ISRCs in one discovery batch: one request per batch of each platform's batch size.
    expect(requestsSince(before)).toEqual({ SPOTIFY: 2, APPLE_MUSIC: 1, DEEZER: 2, TIDAL: 1, MUSICBRAINZ: 1 });

    // What was learned is recorded: the ISRC nobody carries reads NOT_FOUND everywhere, and the
    // matched one is now a catalog track, both without asking again.
    const after = fakes.requests();
    const status = await post(url, `query ($isrc: String!) { linkStatus(isrc: $isrc, sources: [SPOTIFY, APPLE_MUSIC, DEEZER, TIDAL, MUSICBRAINZ]) { source state } }`, { isrc: NOWHERE });
    expect(status.body.errors).toBeUndefined();
    expect(status.body.data.linkStatus.map((entry: { state: string }) => entry.state)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    const again = await post(url, `query ($isrc: String!) { track(isrc: $isrc) { title links { source externalId } } }`, { isrc: ON_APPLE_AND_TIDAL });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.track).toEqual({ title: syntheticTitle(ON_APPLE_AND_TIDAL), links: payload.results[0].links });
    expect(requestsSince(after)).toEqual({ SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0, MUSICBRAINZ: 0 });
    const balanceAfter = await post(url, `{ account { credits } }`);
    expect(balanceAfter.body.data.account.credits).toBe(creditsBefore - 2);
  });

  // Last: the fault queue of the Deezer fake stays full afterwards.
  it('a platform answering 503 to every request leaves the query successful, with that platform ERROR in linkStatus', async () => {
    fakes.servers.DEEZER.failNext({ kind: 'status', status: 503 }, 1000);
    const before = fakes.requests();
    const { status, body } = await post(url, TRACK, { isrc: WHILE_DEEZER_FAILS });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const track = body.data.track;
    expect(track).toMatchObject({ isrc: WHILE_DEEZER_FAILS, title: syntheticTitle(WHILE_DEEZER_FAILS), libraryTracks: [], matches: { totalCount: 0 } });
    expect(track.links).toEqual([
      { source: 'SPOTIFY', externalId: base62Id(WHILE_DEEZER_FAILS), url: expect.any(String) },
      { source: 'MUSICBRAINZ', externalId: uuid(WHILE_DEEZER_FAILS, 'recording-0'), url: `https://musicbrainz.org/recording/${uuid(WHILE_DEEZER_FAILS, 'recording-0')}` },
    ]);
    const states = Object.fromEntries(track.linkStatus.map((entry: { source: string; state: string }) => [entry.source, entry.state]));
    expect(states).toMatchObject({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'ERROR', TIDAL: 'NOT_FOUND', MUSICBRAINZ: 'FOUND', BEATPORT: 'UNCHECKED', DISCOGS: 'UNCHECKED' });
    const deezer = track.linkStatus.find((entry: { source: string }) => entry.source === 'DEEZER');
    expect(deezer.reason).toMatch(/503/);
    expect(deezer.checkedAt).toEqual(expect.any(String));
    // PROVIDER_MAX_RETRIES=1: the first attempt and one retry.
    expect(requestsSince(before)).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 2, TIDAL: 1, MUSICBRAINZ: 1 });

    // The failure is remembered for DISCOVERY_ERROR_TTL_SECONDS (default 300 s): asking again now asks nobody.
    const after = fakes.requests();
    const again = await post(url, TRACK, { isrc: WHILE_DEEZER_FAILS });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.track.linkStatus.find((entry: { source: string }) => entry.source === 'DEEZER')).toMatchObject({ state: 'ERROR', reason: deezer.reason });
    expect(requestsSince(after)).toEqual({ SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0, MUSICBRAINZ: 0 });
  });
});
