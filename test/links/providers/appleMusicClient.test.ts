import { decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppleMusicClient } from '../../../subgraphs/links/src/providers/AppleMusicClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { startFakeAppleMusic, type FakeAppleMusic } from './fakes/fakeAppleMusic.ts';
import { numericId, syntheticArtist, syntheticTitle } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const TEAM_ID = 'TEAM123456';
const KEY_ID = 'KEY9876543';
const CATALOG = Array.from({ length: 30 }, (_, index) => `USAM1${String(2400000 + index).padStart(7, '0')}`);
const TWO_SONGS = 'GBAYE0601498';

let privateKeyPem: string;
let otherPrivateKeyPem: string;
let fake: FakeAppleMusic;
const pairs: Awaited<ReturnType<typeof generateKeyPair>>[] = [];

beforeAll(async () => {
  pairs.push(await generateKeyPair('ES256', { extractable: true }), await generateKeyPair('ES256', { extractable: true }));
  privateKeyPem = await exportPKCS8(pairs[0]!.privateKey);
  otherPrivateKeyPem = await exportPKCS8(pairs[1]!.privateKey);
});

beforeEach(async () => {
  fake = await startFakeAppleMusic({ teamId: TEAM_ID, keyId: KEY_ID, publicKey: pairs[0]!.publicKey, isrcs: CATALOG, isrcsWithTwoSongs: [TWO_SONGS] });
});

afterEach(async () => {
  await fake.server.close();
});

function client(privateKey = privateKeyPem): AppleMusicClient {
  return new AppleMusicClient({ teamId: TEAM_ID, keyId: KEY_ID, privateKey, storefront: 'gb', apiUrl: fake.server.url, http: FAST_HTTP });
}

describe('finds songs by ISRC', () => {
  it('maps a catalog song with its artists, album UPC and artwork', async () => {
    const isrc = CATALOG[0]!;
    const [tracks] = await client().lookupIsrcs([isrc]);
    expect(tracks).toEqual([{
      platform: 'APPLE_MUSIC',
      externalId: String(numericId(isrc, 'song-single')),
      isrc,
      title: syntheticTitle(isrc),
      artists: [syntheticArtist(isrc)],
      releaseTitle: `${syntheticTitle(isrc)} - Single`,
      releaseDate: '2024-08-16',
      upc: String(numericId(isrc, 'upc-single')).padStart(12, '0'),
      durationSeconds: expect.any(Number) as number,
      artworkUrl: `https://is1-ssl.mzstatic.com/image/thumb/Music/v4/${numericId(isrc, 'album-single')}/source/3000x3000bb.jpg`,
    }]);
    const request = fake.server.requests[0]!;
    expect(request.path).toBe('/v1/catalog/gb/songs');
    expect(request.query.get('filter[isrc]')).toBe(isrc);
    expect(request.query.get('include')).toBe('albums,artists');
  });

  it('maps every song Apple returns for one ISRC back to it', async () => {
    const [tracks, unknown] = await client().lookupIsrcs([TWO_SONGS, 'QZES71982312']);
    expect(tracks?.map((track) => track.releaseTitle)).toEqual([`${syntheticTitle(TWO_SONGS)} - Single`, `Synthetic Album ${TWO_SONGS}`]);
    expect(unknown).toEqual([]);
  });
});

describe('sends the fewest requests', () => {
  it('asks for 25 ISRCs per request, comma-separated, keeping input order', async () => {
    const apple = client();
    expect(apple.batchSize).toBe(25);
    const input = [...CATALOG.slice().reverse(), 'QZES71982312'];
    const results = await apple.lookupIsrcs(input);
    expect(fake.server.requestCount()).toBe(2);
    expect(fake.server.requests.map((request) => request.query.get('filter[isrc]')?.split(',').length)).toEqual([25, 6]);
    expect(results.map((tracks) => tracks[0]?.isrc ?? null)).toEqual([...CATALOG.slice().reverse(), null]);
  });
});

describe('signs developer tokens', () => {
  it('sends an ES256 JWT with kid, iss, iat and exp, and reuses it', async () => {
    const apple = client();
    await apple.lookupIsrcs([CATALOG[0]!]);
    await apple.lookupIsrcs([CATALOG[1]!]);
    expect(fake.acceptedTokens).toHaveLength(2);
    expect(fake.acceptedTokens[0]).toBe(fake.acceptedTokens[1]);
    const token = fake.acceptedTokens[0]!;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: KEY_ID });
    const claims = decodeJwt(token);
    expect(claims.iss).toBe(TEAM_ID);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(43_200);
    expect(Math.abs((claims.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('re-signs once after a 401, then reports the failure', async () => {
    const error = await client(otherPrivateKeyPem).lookupIsrcs([CATALOG[0]!]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, platform: 'APPLE_MUSIC' });
    expect(fake.server.requestCount()).toBe(2);
  });

  it('reports an unusable private key as a ProviderError', async () => {
    const error = await client('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----').lookupIsrcs([CATALOG[0]!]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(fake.server.requestCount()).toBe(0);
  });
});

describe('reports why it is disabled', () => {
  it('names the missing settings', () => {
    const apple = new AppleMusicClient({ teamId: TEAM_ID, keyId: null, privateKey: null });
    expect(apple.enabled).toBe(false);
    expect(apple.disabledReason).toBe('APPLE_MUSIC_KEY_ID and APPLE_MUSIC_PRIVATE_KEY are not set');
  });
});
