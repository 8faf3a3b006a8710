import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createProviderClients, listProviderClients } from '../../../subgraphs/links/src/providers/createProviderClients.ts';
import { loadProviderConfig } from '../../../subgraphs/links/src/providers/loadProviderConfig.ts';
import { DEFAULT_MUSICBRAINZ_USER_AGENT } from '../../../subgraphs/links/src/providers/MusicBrainzClient.ts';

describe('reads defaults', () => {
  it('points every platform at its real API', () => {
    const config = loadProviderConfig({});
    expect(config.spotify).toMatchObject({ apiUrl: 'https://api.spotify.com', authUrl: 'https://accounts.spotify.com/api/token', clientId: null });
    expect(config.appleMusic).toMatchObject({ apiUrl: 'https://api.music.apple.com', storefront: 'us', privateKey: null });
    expect(config.deezer.apiUrl).toBe('https://api.deezer.com');
    expect(config.tidal).toMatchObject({ apiUrl: 'https://openapi.tidal.com', authUrl: 'https://auth.tidal.com/v1/oauth2/token', countryCode: 'US' });
    expect(config.musicBrainz).toMatchObject({ apiUrl: 'https://musicbrainz.org', userAgent: DEFAULT_MUSICBRAINZ_USER_AGENT });
    expect(config.beatport.apiUrl).toBe('https://api.beatport.com');
    expect(config.discogs).toMatchObject({ apiUrl: 'https://api.discogs.com', token: null });
  });

  it('uses the generic limits and each platform documented rate', () => {
    const config = loadProviderConfig({});
    expect(config.spotify.http).toEqual({ timeoutMs: 5000, maxRetries: 3, maxRetryWaitMs: 30_000, retryBaseDelayMs: 500, concurrency: 4, requestsPerSecond: 10 });
    expect(config.musicBrainz.http).toMatchObject({ concurrency: 1, requestsPerSecond: 1 });
    expect(config.discogs.http).toMatchObject({ concurrency: 1, requestsPerSecond: 1 });
    expect(config.deezer.http).toMatchObject({ concurrency: 5, requestsPerSecond: 10 });
  });
});

describe('reads overrides', () => {
  it('prefers a platform setting over the generic one', () => {
    const config = loadProviderConfig({
      PROVIDER_TIMEOUT_MS: '1234',
      SPOTIFY_TIMEOUT_MS: '99',
      PROVIDER_MAX_RETRIES: '0',
      PROVIDER_MAX_RETRY_WAIT_MS: '2500',
      DEEZER_CONCURRENCY: '7',
      MUSICBRAINZ_REQUESTS_PER_SECOND: '0.5',
      SPOTIFY_API_URL: 'http://127.0.0.1:9999',
      MUSICBRAINZ_USER_AGENT: 'Mirror/1.0 ( ops@example.org )',
      APPLE_MUSIC_STOREFRONT: 'gb',
      TIDAL_COUNTRY_CODE: 'SE',
    });
    expect(config.spotify.http).toMatchObject({ timeoutMs: 99, maxRetries: 0, maxRetryWaitMs: 2500 });
    expect(config.deezer.http).toMatchObject({ timeoutMs: 1234, concurrency: 7 });
    expect(config.musicBrainz.http?.requestsPerSecond).toBe(0.5);
    expect(config.spotify.apiUrl).toBe('http://127.0.0.1:9999');
    expect(config.musicBrainz.userAgent).toBe('Mirror/1.0 ( ops@example.org )');
    expect(config.appleMusic.storefront).toBe('gb');
    expect(config.tidal.countryCode).toBe('SE');
  });

  it('rejects a malformed number, naming the variable', () => {
    expect(() => loadProviderConfig({ PROVIDER_TIMEOUT_MS: 'soon' })).toThrow(/PROVIDER_TIMEOUT_MS must be a positive number, got "soon"/);
    expect(() => loadProviderConfig({ TIDAL_CONCURRENCY: '1.5' })).toThrow(/TIDAL_CONCURRENCY must be a positive integer/);
    expect(() => loadProviderConfig({ PROVIDER_MAX_RETRIES: '-1' })).toThrow(/PROVIDER_MAX_RETRIES/);
  });
});

describe('reads the Apple Music private key', () => {
  it('takes PEM text, unescaping literal \\n', async () => {
    const pem = await exportPKCS8((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const config = loadProviderConfig({ APPLE_MUSIC_PRIVATE_KEY: pem.replace(/\n/g, '\\n') });
    expect(config.appleMusic.privateKey).toBe(pem);
  });

  it('reads a .p8 file path, and fails loudly for an unreadable one', async () => {
    const pem = await exportPKCS8((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const folder = mkdtempSync(join(tmpdir(), 'trackgraph-p8-'));
    try {
      writeFileSync(join(folder, 'AuthKey_TEST.p8'), pem);
      expect(loadProviderConfig({ APPLE_MUSIC_PRIVATE_KEY: join(folder, 'AuthKey_TEST.p8') }).appleMusic.privateKey).toBe(pem);
      expect(() => loadProviderConfig({ APPLE_MUSIC_PRIVATE_KEY: join(folder, 'missing.p8') })).toThrow(/APPLE_MUSIC_PRIVATE_KEY/);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});

describe('creates every client', () => {
  it('creates seven clients with their batch sizes; credentialed ones disabled without credentials', () => {
    const clients = listProviderClients(createProviderClients(loadProviderConfig({})));
    expect(clients.map(({ platform, batchSize, enabled }) => ({ platform, batchSize, enabled }))).toEqual([
      { platform: 'SPOTIFY', batchSize: 1, enabled: false },
      { platform: 'APPLE_MUSIC', batchSize: 25, enabled: false },
      { platform: 'DEEZER', batchSize: 1, enabled: true },
      { platform: 'TIDAL', batchSize: 20, enabled: false },
      { platform: 'MUSICBRAINZ', batchSize: 25, enabled: true },
      { platform: 'BEATPORT', batchSize: 1, enabled: false },
      { platform: 'DISCOGS', batchSize: 1, enabled: false },
    ]);
    expect(clients.find((client) => client.platform === 'APPLE_MUSIC')?.disabledReason)
      .toBe('APPLE_MUSIC_TEAM_ID, APPLE_MUSIC_KEY_ID and APPLE_MUSIC_PRIVATE_KEY are not set');
  });

  it('enables a platform once its credentials are set', () => {
    const clients = createProviderClients(loadProviderConfig({ SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret', DISCOGS_TOKEN: 'token' }));
    expect(clients.spotify.enabled).toBe(true);
    expect(clients.discogs.enabled).toBe(true);
    expect(clients.tidal.disabledReason).toBe('TIDAL_CLIENT_ID and TIDAL_CLIENT_SECRET are not set');
  });
});
