import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TidalClient } from '../../../subgraphs/links/src/providers/TidalClient.ts';
import { TIDAL_TOKEN_PATH, startFakeTidal, type FakeTidal } from './fakes/fakeTidal.ts';
import { numericId, syntheticArtist, syntheticTitle } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const CATALOG = Array.from({ length: 44 }, (_, index) => `SEUM7${String(1400000 + index)}`);
let fake: FakeTidal;

beforeEach(async () => {
  fake = await startFakeTidal({ isrcs: CATALOG });
});

afterEach(async () => {
  await fake.server.close();
});

function client(): TidalClient {
  return new TidalClient({
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
    apiUrl: fake.server.url,
    authUrl: `${fake.server.url}${TIDAL_TOKEN_PATH}`,
    http: FAST_HTTP,
  });
}

describe('finds tracks by ISRC', () => {
  it('maps the recorded "Die With A Smile" track with its album, artists and cover art', async () => {
    const [tracks] = await client().lookupIsrcs(['USUM72409273']);
    expect(tracks).toEqual([{
      platform: 'TIDAL',
      externalId: '381265362',
      isrc: 'USUM72409273',
      title: 'Die With A Smile',
      artists: ['Lady Gaga', 'Bruno Mars'],
      releaseTitle: 'Die With A Smile',
      releaseDate: '2024-08-16',
      upc: '00602475093060',
      durationSeconds: 252,
      artworkUrl: 'https://resources.tidal.com/images/d55c740a/fc2c/4352/ad58/ffd1bce34b87/1280x1280.jpg',
    }]);
  });

  it('sends repeated filter[isrc] parameters with the country and includes', async () => {
    await client().lookupIsrcs(['USUM72409273', CATALOG[0]!]);
    const request = fake.server.requests.find((candidate) => candidate.path === '/v2/tracks')!;
    expect(request.query.getAll('filter[isrc]')).toEqual(['USUM72409273', CATALOG[0]]);
    expect(request.query.get('countryCode')).toBe('US');
    expect(request.query.get('include')).toBe('albums.coverArt,artists');
    expect(request.headers.accept).toBe('application/vnd.api+json');
  });

  it('maps synthesized tracks and answers [] for unknown ISRCs', async () => {
    const isrc = CATALOG[3]!;
    const [found, unknown] = await client().lookupIsrcs([isrc, 'ZZZZZ9999999']);
    expect(found?.[0]).toMatchObject({ externalId: String(numericId(isrc)), title: syntheticTitle(isrc), artists: [syntheticArtist(isrc)] });
    expect(unknown).toEqual([]);
  });
});

describe('sends the fewest requests', () => {
  it('issues ceil(N / 20) track requests and one token request', async () => {
    const tidal = client();
    expect(tidal.batchSize).toBe(20);
    const input = ['USUM72409273', ...CATALOG];
    const results = await tidal.lookupIsrcs(input);
    expect(fake.server.requestCount('/v2/tracks')).toBe(3);
    expect(fake.server.requests.filter((request) => request.path === '/v2/tracks').map((request) => request.query.getAll('filter[isrc]').length)).toEqual([20, 20, 5]);
    expect(fake.server.requestCount(TIDAL_TOKEN_PATH)).toBe(1);
    expect(results.map((tracks) => tracks[0]?.isrc)).toEqual(input);
  });
});

describe('manages its access token', () => {
  it('reuses the token, and replaces it once after a 401', async () => {
    const tidal = client();
    await tidal.lookupIsrcs(['USUM72409273']);
    await tidal.lookupIsrcs([CATALOG[0]!]);
    expect(fake.server.requestCount(TIDAL_TOKEN_PATH)).toBe(1);
    fake.oauth.expireAll();
    const [tracks] = await tidal.lookupIsrcs([CATALOG[1]!]);
    expect(tracks).toHaveLength(1);
    expect(fake.server.requestCount(TIDAL_TOKEN_PATH)).toBe(2);
    expect(fake.server.requestCount('/v2/tracks')).toBe(4);
  });
});

describe('reports why it is disabled', () => {
  it('names the missing settings', () => {
    const tidal = new TidalClient({ clientId: null, clientSecret: 'secret' });
    expect(tidal.enabled).toBe(false);
    expect(tidal.disabledReason).toBe('TIDAL_CLIENT_ID is not set');
  });
});
