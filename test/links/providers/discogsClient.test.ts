import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscogsClient } from '../../../subgraphs/links/src/providers/DiscogsClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import type { FakeProviderServer } from './fakes/FakeProviderServer.ts';
import { startFakeDiscogs } from './fakes/fakeDiscogs.ts';
import { readFixture } from './fakes/recordedFixtures.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const TOKEN = 'discogs-test-token';
let fake: FakeProviderServer;

beforeEach(async () => {
  fake = await startFakeDiscogs({ token: TOKEN });
});

afterEach(async () => {
  await fake.close();
});

function client(token: string | null = TOKEN): DiscogsClient {
  return new DiscogsClient({ token, apiUrl: fake.url, userAgent: 'Trackgraph-test/1.0', http: FAST_HTTP });
}

describe('finds releases by barcode', () => {
  it('finds the recorded Ummagumma release by the barcode it lists', async () => {
    const release = readFixture<{ images: { uri: string }[] }>('harmony/com.discogs.api_releases_8604223.json');
    const [hits] = await client().lookupByUpc(['0 825646 493166']);
    expect(hits).toEqual([{
      platform: 'DISCOGS',
      externalId: '8604223',
      isrc: null,
      title: 'Ummagumma',
      artists: ['Pink Floyd'],
      releaseTitle: 'Ummagumma',
      releaseDate: '2016',
      upc: '0825646493166',
      durationSeconds: null,
      artworkUrl: release.images[0]!.uri,
    }]);
    const request = fake.requests[0]!;
    expect(request.path).toBe('/database/search');
    expect(Object.fromEntries(request.query)).toEqual({ barcode: '0825646493166', type: 'release' });
    expect(request.headers.authorization).toBe(`Discogs token=${TOKEN}`);
    expect(request.headers['user-agent']).toBe('Trackgraph-test/1.0');
  });

  it('answers [] for an unknown barcode, one request per barcode, in input order', async () => {
    const results = await client().lookupByUpc(['0000000000000', '0190295950255']);
    expect(results.map((hits) => hits.map((hit) => hit.externalId))).toEqual([[], ['9218307']]);
    expect(fake.requestCount('/database/search')).toBe(2);
  });

  it('reports a refused token as a ProviderError', async () => {
    const error = await client('wrong-token').lookupByUpc(['0825646493166']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, platform: 'DISCOGS' });
  });
});

describe('has no ISRC lookup', () => {
  it('answers [] for every ISRC without a request', async () => {
    const results = await client().lookupIsrcs(['USUM72409273', 'GBAHS1400099']);
    expect(results).toEqual([[], []]);
    expect(fake.requestCount()).toBe(0);
  });
});

describe('needs a token', () => {
  it('is disabled without DISCOGS_TOKEN and refuses barcode lookups', async () => {
    const discogs = client(null);
    expect(discogs.enabled).toBe(false);
    expect(discogs.disabledReason).toBe('DISCOGS_TOKEN is not set');
    const error = await discogs.lookupByUpc(['0825646493166']).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DISABLED' });
    expect(fake.requestCount()).toBe(0);
  });
});
