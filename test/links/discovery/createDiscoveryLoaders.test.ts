import { afterEach, describe, expect, it } from 'vitest';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { loadDiscoveryConfig } from '../../../subgraphs/links/src/discovery/config.ts';
import { platformStatus } from '../../../subgraphs/links/src/discovery/platformStatus.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { SpotifyClient } from '../../../subgraphs/links/src/providers/SpotifyClient.ts';
import { isrcRange, startPlatformFakes, type PlatformFakes } from './platformFakes.ts';

let fakes: PlatformFakes | undefined;
afterEach(async () => {
  await fakes?.close();
  fakes = undefined;
});

describe('batches each platform by its own batch size', () => {
  it('asks Apple Music 25 ISRCs per request: 60 ISRCs → 3 requests', async () => {
    const catalog = isrcRange('USAM1', 60);
    fakes = await startPlatformFakes({ APPLE_MUSIC: catalog.slice(0, 30) });
    const loader = createDiscoveryLoaders(fakes.clients).get('APPLE_MUSIC')!;
    const answers = await Promise.all(catalog.map((isrc) => loader.load(isrc)));
    expect(answers.filter((tracks) => tracks.length > 0)).toHaveLength(30);
    expect(answers[0]?.[0]).toMatchObject({ platform: 'APPLE_MUSIC', isrc: catalog[0] });
    const batches = fakes.servers.APPLE_MUSIC.requests.map((request) => request.query.get('filter[isrc]')!.split(','));
    expect(batches.map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(batches.flat()).toEqual(catalog);
  });

  it('asks TIDAL 20 ISRCs per request: 1,000 missing ISRCs → 50 requests', async () => {
    fakes = await startPlatformFakes();
    const loader = createDiscoveryLoaders(fakes.clients).get('TIDAL')!;
    const answers = await Promise.all(isrcRange('SEUM7', 1000).map((isrc) => loader.load(isrc)));
    expect(answers.every((tracks) => tracks.length === 0)).toBe(true);
    expect(fakes.requests().TIDAL).toBe(50);
    expect(fakes.servers.TIDAL.requests.filter((request) => request.path === '/v2/tracks').every((request) => request.query.getAll('filter[isrc]').length === 20)).toBe(true);
  });

  it('asks Spotify and Deezer one ISRC per request, and nothing else', async () => {
    fakes = await startPlatformFakes({ SPOTIFY: isrcRange('GBUM7', 2), DEEZER: isrcRange('GBUM7', 2) });
    const loaders = createDiscoveryLoaders(fakes.clients);
    const isrcs = isrcRange('GBUM7', 7);
    await Promise.all([...isrcs.map((isrc) => loaders.get('SPOTIFY')!.load(isrc)), ...isrcs.map((isrc) => loaders.get('DEEZER')!.load(isrc))]);
    expect(fakes.requests()).toEqual({ SPOTIFY: 7, APPLE_MUSIC: 0, DEEZER: 7, TIDAL: 0 });
  });
});

describe('keeps platforms apart', () => {
  it('has no loader for Discogs (no ISRC search) or for a disabled client', async () => {
    fakes = await startPlatformFakes();
    const loaders = createDiscoveryLoaders([...fakes.clients, new SpotifyClient({ clientId: null, clientSecret: null })]);
    expect([...loaders.keys()]).toEqual(['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'TIDAL']);
    expect(createDiscoveryLoaders([new SpotifyClient({ clientId: null, clientSecret: null })]).size).toBe(0);
  });

  it('rejects every key of a failed batch on that platform only', async () => {
    const isrcs = isrcRange('USAM1', 3);
    fakes = await startPlatformFakes({ APPLE_MUSIC: isrcs, TIDAL: isrcs });
    fakes.servers.APPLE_MUSIC.failNext({ kind: 'status', status: 503 }, 3);
    const loaders = createDiscoveryLoaders(fakes.clients);
    const apple = await Promise.allSettled(isrcs.map((isrc) => loaders.get('APPLE_MUSIC')!.load(isrc)));
    const tidal = await Promise.all(isrcs.map((isrc) => loaders.get('TIDAL')!.load(isrc)));
    expect(apple.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((apple[0] as PromiseRejectedResult).reason).toBeInstanceOf(ProviderError);
    expect(fakes.requests().APPLE_MUSIC).toBe(3);
    expect(tidal.map((tracks) => tracks.length)).toEqual([1, 1, 1]);
  });
});

describe('platformStatus', () => {
  it('says which platforms are asked and why the others are not', async () => {
    fakes = await startPlatformFakes();
    expect(platformStatus([...fakes.clients, new SpotifyClient({ clientId: 'id', clientSecret: null })])).toEqual([
      { platform: 'SPOTIFY', enabled: true, reason: null },
      { platform: 'APPLE_MUSIC', enabled: true, reason: null },
      { platform: 'DEEZER', enabled: true, reason: null },
      { platform: 'TIDAL', enabled: true, reason: null },
      { platform: 'DISCOGS', enabled: true, reason: null },
      { platform: 'SPOTIFY', enabled: false, reason: 'SPOTIFY_CLIENT_SECRET is not set' },
    ]);
  });
});

describe('loadDiscoveryConfig', () => {
  it('defaults to 7 days, 300 s and 4000 ms', () => {
    expect(loadDiscoveryConfig({})).toEqual({ notFoundTtlSeconds: 604_800, errorTtlSeconds: 300, timeoutMs: 4000 });
  });

  it('reads the variables', () => {
    expect(loadDiscoveryConfig({ DISCOVERY_NOT_FOUND_TTL_SECONDS: '0', DISCOVERY_ERROR_TTL_SECONDS: '60', DISCOVERY_TIMEOUT_MS: '1500' }))
      .toEqual({ notFoundTtlSeconds: 0, errorTtlSeconds: 60, timeoutMs: 1500 });
  });

  it.each([
    [{ DISCOVERY_TIMEOUT_MS: 'soon' }, 'DISCOVERY_TIMEOUT_MS must be an integer, got "soon"'],
    [{ DISCOVERY_TIMEOUT_MS: '0' }, 'DISCOVERY_TIMEOUT_MS must be > 0, got 0'],
    [{ DISCOVERY_ERROR_TTL_SECONDS: '-1' }, 'DISCOVERY_ERROR_TTL_SECONDS must be ≥ 0, got -1'],
  ])('rejects %j', (env, message) => {
    expect(() => loadDiscoveryConfig(env)).toThrow(new TypeError(message));
  });
});
