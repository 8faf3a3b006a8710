import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { SpotifyClient } from '../../../subgraphs/links/src/providers/SpotifyClient.ts';
import { SPOTIFY_TOKEN_PATH, startFakeSpotify, type FakeSpotify } from './fakes/fakeSpotify.ts';
import { syntheticArtist, syntheticTitle } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const SYNTHETIC = ['GBUM71029604', 'USRC17607839', 'FRZ039800212'];
let fake: FakeSpotify;

beforeEach(async () => {
  fake = await startFakeSpotify({ isrcs: SYNTHETIC });
});

afterEach(async () => {
  await fake.server.close();
});

function client(): SpotifyClient {
  return new SpotifyClient({
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
    apiUrl: fake.server.url,
    authUrl: `${fake.server.url}${SPOTIFY_TOKEN_PATH}`,
    http: FAST_HTTP,
  });
}

describe('finds recordings by ISRC', () => {
  it('maps the recorded "Die With A Smile" track', async () => {
    const [tracks] = await client().lookupIsrcs(['USUM72409273']);
    expect(tracks).toEqual([{
      platform: 'SPOTIFY',
      externalId: '2plbrEY59IikOBgBGLjaoe',
      isrc: 'USUM72409273',
      title: 'Die With A Smile',
      artists: ['Lady Gaga', 'Bruno Mars'],
      releaseTitle: 'Die With A Smile',
      releaseDate: '2024-08-16',
      upc: null,
      durationSeconds: 252,
      artworkUrl: 'https://i.scdn.co/image/ab67616d0000b27382ea2e9e1858aa012c57cd45',
    }]);
    expect(fake.server.requests.find((request) => request.path === '/v1/search')?.query.get('q')).toBe('isrc:USUM72409273');
  });

  it('answers in input order, [] for unknown and invalid ISRCs', async () => {
    const results = await client().lookupIsrcs(['GBUM71029604', 'ZZZZZ9999999', 'usum7-2409273', 'not-an-isrc']);
    expect(results.map((tracks) => tracks.map((track) => track.title))).toEqual([
      [syntheticTitle('GBUM71029604')], [], ['Die With A Smile'], [],
    ]);
    expect(results[0]?.[0]?.artists).toEqual([syntheticArtist('GBUM71029604')]);
    expect(fake.server.requestCount('/v1/search')).toBe(3);
  });
});

describe('sends the fewest requests', () => {
  it('issues one search per distinct ISRC and one token request', async () => {
    const spotify = client();
    expect(spotify.batchSize).toBe(1);
    await spotify.lookupIsrcs([...SYNTHETIC, SYNTHETIC[0]!]);
    expect(fake.server.requestCount('/v1/search')).toBe(3);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(1);
  });

  it('hydrates ids 50 per request', async () => {
    const ids = [...fake.trackIds.values(), ...Array.from({ length: 56 }, (_, index) => `unknown${index}`)];
    const tracks = await client().getTracks(ids);
    expect(tracks).toHaveLength(60);
    expect(tracks.slice(0, 4).map((track) => track?.isrc)).toEqual(['USUM72409273', ...SYNTHETIC]);
    expect(tracks.slice(4).every((track) => track === null)).toBe(true);
    expect(fake.server.requestCount('/v1/tracks')).toBe(2);
  });

  it('replays the recorded GET /v1/tracks response', async () => {
    const [track] = await client().getTracks(['2plbrEY59IikOBgBGLjaoe']);
    expect(track).toMatchObject({ externalId: '2plbrEY59IikOBgBGLjaoe', title: 'Die With A Smile', durationSeconds: 252 });
  });
});

describe('manages its access token', () => {
  it('reuses one token across calls', async () => {
    const spotify = client();
    await spotify.lookupIsrcs(['USUM72409273']);
    await spotify.lookupIsrcs(['GBUM71029604']);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(1);
    const bearers = fake.server.requests.filter((request) => request.path === '/v1/search').map((request) => request.headers.authorization);
    expect(bearers).toEqual([`Bearer ${fake.oauth.issued[0]}`, `Bearer ${fake.oauth.issued[0]}`]);
  });

  it('fetches a new token once after a 401 and retries the request', async () => {
    const spotify = client();
    await spotify.lookupIsrcs(['USUM72409273']);
    fake.oauth.expireAll();
    const [tracks] = await spotify.lookupIsrcs(['USUM72409273']);
    expect(tracks).toHaveLength(1);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(2);
    expect(fake.server.requestCount('/v1/search')).toBe(3);
  });

  it('refreshes a token that reached its expiry without waiting for a 401', async () => {
    fake.oauth.tokenLifetimeSeconds = 1;
    const spotify = client();
    await spotify.lookupIsrcs(['USUM72409273']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await spotify.lookupIsrcs(['USUM72409273']);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(2);
    expect(fake.server.requestCount('/v1/search')).toBe(2);
  });
});

describe('reports why it is disabled', () => {
  it('names both missing settings', async () => {
    const spotify = new SpotifyClient({ clientId: null, clientSecret: null });
    expect(spotify.enabled).toBe(false);
    expect(spotify.disabledReason).toBe('SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set');
    const error = await spotify.lookupIsrcs(['USUM72409273']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'DISABLED', platform: 'SPOTIFY' });
  });

  it('names the one missing setting', () => {
    expect(new SpotifyClient({ clientId: 'id', clientSecret: '' }).disabledReason).toBe('SPOTIFY_CLIENT_SECRET is not set');
    expect(new SpotifyClient({ clientId: 'id', clientSecret: 'secret' }).enabled).toBe(true);
  });
});
