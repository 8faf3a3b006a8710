import { get } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MUSICBRAINZ_USER_AGENT, MusicBrainzClient } from '../../../subgraphs/links/src/providers/MusicBrainzClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import type { FakeProviderServer } from './fakes/FakeProviderServer.ts';
import { startFakeMusicBrainz } from './fakes/fakeMusicBrainz.ts';
import { syntheticTitle, uuid } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const CATALOG = Array.from({ length: 29 }, (_, index) => `NLA50${String(1900000 + index)}`);
let fake: FakeProviderServer;

afterEach(async () => {
  await fake.close();
});

function client(userAgent?: string): MusicBrainzClient {
  return new MusicBrainzClient({ apiUrl: fake.url, userAgent, http: FAST_HTTP });
}

describe('finds recordings by ISRC', () => {
  beforeEach(async () => {
    fake = await startFakeMusicBrainz({ isrcs: CATALOG });
  });

  it('maps the recorded recording GBAHS1400099', async () => {
    const [tracks] = await client().lookupIsrcs(['GBAHS1400099']);
    expect(tracks).toEqual([{
      platform: 'MUSICBRAINZ',
      externalId: 'cb2cc207-8125-445c-9ef9-6ea44eee959a',
      isrc: 'GBAHS1400099',
      title: 'Thinking Out Loud',
      artists: ['Ed Sheeran'],
      releaseTitle: null,
      releaseDate: '2014-06-20',
      upc: null,
      durationSeconds: 281,
      artworkUrl: null,
    }]);
    expect(fake.requests[0]?.query.get('query')).toBe('isrc:GBAHS1400099');
    expect(fake.requests[0]?.query.get('fmt')).toBe('json');
  });

  it('searches 25 ISRCs per request and maps hits back to their ISRC', async () => {
    const musicBrainz = client();
    expect(musicBrainz.batchSize).toBe(25);
    const input = ['GBAHS1400099', 'ZZZZZ9999999', ...CATALOG];
    const results = await musicBrainz.lookupIsrcs(input);
    expect(fake.requestCount('/ws/2/recording')).toBe(2);
    expect(fake.requests[0]?.query.get('query')).toBe(input.slice(0, 25).map((isrc) => `isrc:${isrc}`).join(' OR '));
    expect(results[1]).toEqual([]);
    expect(results[2]?.[0]).toMatchObject({ externalId: uuid(CATALOG[0]!, 'recording-0'), title: syntheticTitle(CATALOG[0]!), releaseTitle: `Synthetic Album ${CATALOG[0]}` });
    expect(results.slice(2).every((tracks, index) => tracks[0]?.isrc === CATALOG[index])).toBe(true);
  });

  it('retries a 503, as MusicBrainz sends when over its rate limit', async () => {
    fake.failNext({ kind: 'status', status: 503 });
    const [tracks] = await client().lookupIsrcs(['GBAHS1400099']);
    expect(tracks).toHaveLength(1);
    expect(fake.requestCount()).toBe(2);
  });
});

describe('reads further pages only when needed', () => {
  it('follows offset when more than 100 recordings match', async () => {
    fake = await startFakeMusicBrainz({ isrcs: ['USAAA2400001', 'USAAA2400002'], recordingsPerIsrc: 60 });
    const results = await client().lookupIsrcs(['USAAA2400001', 'USAAA2400002']);
    expect(results.map((tracks) => tracks.length)).toEqual([60, 60]);
    expect(fake.requests.map((request) => request.query.get('offset'))).toEqual(['0', '100']);
  });
});

describe('identifies itself', () => {
  beforeEach(async () => {
    fake = await startFakeMusicBrainz();
  });

  it('sends a User-Agent naming Trackgraph by default, and the configured one when set', async () => {
    await client().lookupIsrcs(['GBAHS1400099']);
    await client('MyMirror/2.0 ( ops@example.org )').lookupIsrcs(['GBAHS1400099']);
    expect(fake.requests.map((request) => request.headers['user-agent'])).toEqual([DEFAULT_MUSICBRAINZ_USER_AGENT, 'MyMirror/2.0 ( ops@example.org )']);
    expect(DEFAULT_MUSICBRAINZ_USER_AGENT).toMatch(/^Trackgraph\/\S+ \( .+ \)$/);
  });

  it('is refused, like musicbrainz.org, without a meaningful User-Agent', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${fake.url}/ws/2/recording?query=isrc:GBAHS1400099&fmt=json`, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(403);
    const error = await client('node').lookupIsrcs(['GBAHS1400099']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 403, retryable: false });
  });
});
