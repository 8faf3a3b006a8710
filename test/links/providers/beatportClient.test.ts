import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BeatportClient } from '../../../subgraphs/links/src/providers/BeatportClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { BEATPORT_TOKEN_PATH, startFakeBeatport, type FakeBeatport } from './fakes/fakeBeatport.ts';
import { numericId, syntheticArtist, syntheticTitle } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const CATALOG = ['GBDUW0000058', 'NLF711900123', 'DEQ322300045'];
let fake: FakeBeatport;

beforeEach(async () => {
  fake = await startFakeBeatport({ isrcs: CATALOG });
});

afterEach(async () => {
  await fake.server.close();
});

function client(): BeatportClient {
  return new BeatportClient({ clientId: fake.oauth.clientId, clientSecret: fake.oauth.clientSecret, apiUrl: fake.server.url, http: FAST_HTTP });
}

describe('finds tracks by ISRC', () => {
  it('maps a catalog track, naming a mix other than the original', async () => {
    const isrc = CATALOG[0]!;
    const [tracks, unknown] = await client().lookupIsrcs([isrc, 'ZZZZZ9999999']);
    expect(tracks).toEqual([{
      platform: 'BEATPORT',
      externalId: String(numericId(isrc)),
      isrc,
      title: `${syntheticTitle(isrc)} (Extended Mix)`,
      artists: [syntheticArtist(isrc)],
      releaseTitle: `Synthetic EP ${isrc}`,
      releaseDate: '2023-03-10',
      upc: null,
      durationSeconds: expect.any(Number) as number,
      artworkUrl: `https://geo-media.beatport.com/image_size/1400x1400/${numericId(isrc, 'cover')}.jpg`,
    }]);
    expect(unknown).toEqual([]);
    expect(fake.server.requests.find((request) => request.path === '/v4/catalog/tracks/')?.query.get('isrc')).toBe(isrc);
  });

  it('issues one catalog request per ISRC and one token request', async () => {
    await client().lookupIsrcs(CATALOG);
    expect(fake.server.requestCount('/v4/catalog/tracks/')).toBe(3);
    expect(fake.server.requestCount(BEATPORT_TOKEN_PATH)).toBe(1);
  });

  it('replaces an expired token once', async () => {
    const beatport = client();
    await beatport.lookupIsrcs([CATALOG[0]!]);
    fake.oauth.expireAll();
    await beatport.lookupIsrcs([CATALOG[1]!]);
    expect(fake.server.requestCount(BEATPORT_TOKEN_PATH)).toBe(2);
  });
});

describe('needs partner credentials', () => {
  it('is disabled without them and refuses to run', async () => {
    const beatport = new BeatportClient({ clientId: null, clientSecret: null });
    expect(beatport.enabled).toBe(false);
    expect(beatport.disabledReason).toBe('BEATPORT_CLIENT_ID and BEATPORT_CLIENT_SECRET are not set');
    const error = await beatport.lookupIsrcs(CATALOG).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'DISABLED' });
  });
});
