import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeezerClient } from '../../../subgraphs/links/src/providers/DeezerClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import type { FakeProviderServer } from './fakes/FakeProviderServer.ts';
import { DEEZER_QUOTA_ERROR, startFakeDeezer } from './fakes/fakeDeezer.ts';
import { numericId, syntheticTitle } from './fakes/synthetic.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

const SYNTHETIC = Array.from({ length: 8 }, (_, index) => `DEA62300${String(1000 + index)}`);
let fake: FakeProviderServer;

beforeEach(async () => {
  fake = await startFakeDeezer({ isrcs: SYNTHETIC });
});

afterEach(async () => {
  await fake.close();
});

function client(http = {}): DeezerClient {
  return new DeezerClient({ apiUrl: fake.url, http: { ...FAST_HTTP, ...http } });
}

describe('finds tracks by ISRC', () => {
  it('maps the recorded "Die With A Smile" track', async () => {
    const [tracks] = await client().lookupIsrcs(['USUM72409273']);
    expect(tracks).toEqual([{
      platform: 'DEEZER',
      externalId: '2947516331',
      isrc: 'USUM72409273',
      title: 'Die With A Smile',
      artists: ['Lady Gaga', 'Bruno Mars'],
      releaseTitle: 'Die With A Smile',
      releaseDate: '2024-08-16',
      upc: null,
      durationSeconds: 250,
      artworkUrl: 'https://cdn-images.dzcdn.net/images/cover/4bd5903f4ce8f2601916bfadb44efe8a/1000x1000-000000-80-0-0.jpg',
    }]);
    expect(fake.requests[0]?.path).toBe('/track/isrc:USUM72409273');
  });

  it('answers [] for an ISRC Deezer reports as "no data"', async () => {
    const results = await client().lookupIsrcs(['ZZZZZ9999999', SYNTHETIC[0]!]);
    expect(results[0]).toEqual([]);
    expect(results[1]?.[0]).toMatchObject({ externalId: String(numericId(SYNTHETIC[0]!)), title: syntheticTitle(SYNTHETIC[0]!) });
  });

  it('issues one request per distinct ISRC (batchSize 1)', async () => {
    const deezer = client();
    expect(deezer.batchSize).toBe(1);
    await deezer.lookupIsrcs(SYNTHETIC.slice(0, 5));
    expect(fake.requestCount()).toBe(5);
  });
});

describe('copes with Deezer failures', () => {
  it('retries the quota error Deezer sends with HTTP 200', async () => {
    fake.failNext({ kind: 'json', body: DEEZER_QUOTA_ERROR }, 2);
    const [tracks] = await client().lookupIsrcs(['USUM72409273']);
    expect(tracks?.[0]?.externalId).toBe('2947516331');
    expect(fake.requestCount()).toBe(3);
  });

  it('gives up on a persistent quota error with a rate-limited ProviderError', async () => {
    fake.failNext({ kind: 'json', body: DEEZER_QUOTA_ERROR }, 10);
    const error = await client().lookupIsrcs(['USUM72409273']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', rateLimited: true, retryable: true, attempts: 3 });
    expect(fake.requestCount()).toBe(3);
  });

  it('waits out a 429 Retry-After', async () => {
    fake.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const [tracks] = await client().lookupIsrcs(['USUM72409273']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(tracks).toHaveLength(1);
    expect(fake.requestCount()).toBe(2);
  });

  it('keeps its requests within the concurrency limit', async () => {
    fake.latencyMs = 60;
    const results = await client({ concurrency: 2 }).lookupIsrcs(SYNTHETIC);
    expect(results.every((tracks) => tracks.length === 1)).toBe(true);
    expect(fake.requestCount()).toBe(8);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe('needs no credentials', () => {
  it('is always enabled', () => {
    expect(new DeezerClient()).toMatchObject({ enabled: true, disabledReason: null, platform: 'DEEZER' });
  });
});
