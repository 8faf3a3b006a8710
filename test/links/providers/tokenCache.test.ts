import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../subgraphs/links/src/providers/HttpClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { TokenCache } from '../../../subgraphs/links/src/providers/TokenCache.ts';
import { SPOTIFY_TOKEN_PATH, startFakeSpotify, type FakeSpotify } from './fakes/fakeSpotify.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

let fake: FakeSpotify;
let clock: number;

beforeEach(async () => {
  fake = await startFakeSpotify({ tokenLifetimeSeconds: 3600 });
  clock = Date.now();
});

afterEach(async () => {
  await fake.server.close();
});

function cache(clientSecret = fake.oauth.clientSecret): TokenCache {
  const http = new HttpClient({ platform: 'SPOTIFY', baseUrl: fake.server.url, ...FAST_HTTP });
  return new TokenCache({
    http,
    tokenUrl: `${fake.server.url}${SPOTIFY_TOKEN_PATH}`,
    clientId: fake.oauth.clientId,
    clientSecret,
    now: () => clock,
  });
}

describe('obtains client-credentials tokens', () => {
  it('shares one token request among concurrent callers', async () => {
    const tokens = cache();
    const values = await Promise.all(Array.from({ length: 5 }, () => tokens.getToken()));
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toBe(fake.oauth.issued[0]);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(1);
  });

  it('authenticates with HTTP Basic and grant_type=client_credentials', async () => {
    await cache().getToken();
    const request = fake.server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('test-client-id:test-client-secret').toString('base64')}`);
    expect(request.body).toBe('grant_type=client_credentials');
  });

  it('fails without retrying when the credentials are refused', async () => {
    const error = await cache('wrong-secret').getToken().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(1);
  });
});

describe('reuses and refreshes tokens', () => {
  it('reuses a token until shortly before it expires, then fetches a new one', async () => {
    const tokens = cache();
    const first = await tokens.getToken();
    clock += 3_500_000;
    expect(await tokens.getToken()).toBe(first);
    clock += 60_000;
    const second = await tokens.getToken();
    expect(second).not.toBe(first);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(2);
  });

  it('fetches a new token after the current one is invalidated', async () => {
    const tokens = cache();
    const first = await tokens.getToken();
    tokens.invalidate('some-other-token');
    expect(await tokens.getToken()).toBe(first);
    tokens.invalidate(first);
    expect(await tokens.getToken()).not.toBe(first);
    expect(fake.server.requestCount(SPOTIFY_TOKEN_PATH)).toBe(2);
  });
});
