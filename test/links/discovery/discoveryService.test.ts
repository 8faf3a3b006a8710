import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../../lib/cache/MemoryCache.ts';
import { RedisCache } from '../../../lib/cache/RedisCache.ts';
import type { Cache } from '../../../lib/cache/Cache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from '../../../subgraphs/links/src/discovery/config.ts';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { DiscoveryService } from '../../../subgraphs/links/src/discovery/DiscoveryService.ts';
import { persistOutcomes } from '../../../subgraphs/links/src/discovery/persistOutcomes.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { syntheticArtist, syntheticTitle } from '../providers/fakes/synthetic.ts';
import { isrcRange, startPlatformFakes, type FakeCatalogs, type PlatformFakes } from './platformFakes.ts';

let links: Subgraph<LinksPrisma, Context>;
let fakes: PlatformFakes | undefined;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());
afterEach(async () => {
  await fakes?.close();
  fakes = undefined;
});

/** A service for one simulated request: fresh loaders, like a fresh context. */
function service(options: { cache?: Cache; config?: Partial<DiscoveryConfig>; now?: () => Date } = {}): DiscoveryService {
  return new DiscoveryService({
    prisma: links.prisma,
    cache: options.cache ?? new MemoryCache(),
    loaders: createDiscoveryLoaders(fakes!.clients),
    config: { ...DEFAULT_DISCOVERY_CONFIG, ...options.config },
    now: options.now,
  });
}

async function start(catalogs: FakeCatalogs): Promise<PlatformFakes> {
  fakes = await startPlatformFakes(catalogs);
  return fakes;
}

const states = (outcomes: Map<string, { platform: string; state: string }[]>, isrc: string) =>
  Object.fromEntries((outcomes.get(isrc) ?? []).map((outcome) => [outcome.platform, outcome.state]));

describe('discovers unknown recordings and persists them', () => {
  it('returns what every platform found, creates the track and its links, and records each answer', async () => {
    const [isrc] = isrcRange('USDS1', 1);
    const { requests } = await start({ SPOTIFY: [isrc!], APPLE_MUSIC: [isrc!], TIDAL: [isrc!] });
    const outcomes = await service().discover([isrc!.toLowerCase()]);
    expect(states(outcomes, isrc!)).toEqual({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'FOUND' });
    expect(outcomes.get(isrc!)?.[0]?.tracks[0]).toMatchObject({ platform: 'SPOTIFY', isrc, title: syntheticTitle(isrc!) });
    expect(requests()).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });

    const track = await links.prisma.track.findUnique({ where: { isrc: isrc! }, include: { links: true, artists: { include: { artist: true } } } });
    expect(track).toMatchObject({ id: trackIdForIsrc(isrc!), title: syntheticTitle(isrc!) });
    expect(track?.artists.map((credit) => credit.artist.name)).toEqual([syntheticArtist(isrc!)]);
    expect(track?.links.map((link) => link.platform).sort()).toEqual(['APPLE_MUSIC', 'SPOTIFY', 'TIDAL']);
    const statuses = await links.prisma.linkStatus.findMany({ where: { isrc: isrc! }, orderBy: { platform: 'asc' } });
    expect(statuses.map((status) => [status.platform, status.state])).toEqual([
      ['SPOTIFY', 'FOUND'], ['APPLE_MUSIC', 'FOUND'], ['DEEZER', 'NOT_FOUND'], ['TIDAL', 'FOUND'],
    ]);
  });

  it('answers a second time from the database: no platform requests, a fixed number of statements', async () => {
    const isrcs = isrcRange('USDS2', 60);
    const { requests, totalRequests } = await start({ APPLE_MUSIC: isrcs, DEEZER: isrcs.slice(0, 3) });
    const first = await service().discover(isrcs, { platforms: ['APPLE_MUSIC', 'DEEZER'] });
    expect(requests()).toMatchObject({ APPLE_MUSIC: 3, DEEZER: 60 });
    expect(states(first, isrcs[0]!)).toEqual({ APPLE_MUSIC: 'FOUND', DEEZER: 'FOUND' });
    expect(states(first, isrcs[59]!)).toEqual({ APPLE_MUSIC: 'FOUND', DEEZER: 'NOT_FOUND' });

    const before = totalRequests();
    const sql: string[] = [];
    const stop = links.onQuery((statement) => sql.push(statement));
    const second = await service().discover(isrcs, { platforms: ['APPLE_MUSIC', 'DEEZER'] });
    stop();
    expect(totalRequests()).toBe(before);
    expect(second.get(isrcs[0]!)?.map((outcome) => outcome.tracks[0]?.externalId)).toEqual(first.get(isrcs[0]!)?.map((outcome) => outcome.tracks[0]?.externalId));
    expect(states(second, isrcs[59]!)).toEqual({ APPLE_MUSIC: 'FOUND', DEEZER: 'NOT_FOUND' });
    expect(sql.length).toBeLessThanOrEqual(6);
    expect(await links.prisma.track.count({ where: { isrc: { in: isrcs } } })).toBe(60);
  });

  it('does not ask for links the catalog already has, and never asks Discogs', async () => {
    const { requests } = await start({});
    const outcomes = await service().discover(['GBDUW0000053']);
    // Seeded: Spotify, Apple Music, TIDAL, Beatport, Discogs, MusicBrainz. Only Deezer is unknown.
    expect(states(outcomes, 'GBDUW0000053')).toEqual({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'FOUND', MUSICBRAINZ: 'FOUND', BEATPORT: 'FOUND', DISCOGS: 'FOUND' });
    expect(requests()).toEqual({ SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 1, TIDAL: 0 });
    expect(outcomes.get('GBDUW0000053')?.[0]?.tracks[0]).toMatchObject({ externalId: '5W3cjX2J3tjhG8zb6u0qHn', title: 'One More Time', artists: ['Daft Punk'] });
    expect(await links.prisma.linkStatus.count({ where: { platform: 'DISCOGS' } })).toBe(0);
  });
});

describe('remembers negative answers', () => {
  it('does not ask again about NOT_FOUND until the TTL has passed', async () => {
    const [isrc] = isrcRange('USDS3', 1);
    const { requests } = await start({});
    let now = new Date('2026-01-01T00:00:00Z');
    const clock = () => now;
    await service({ now: clock }).discover([isrc!]);
    expect(requests()).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });
    now = new Date('2026-01-07T23:00:00Z');
    expect(states(await service({ now: clock }).discover([isrc!]), isrc!)).toEqual({ SPOTIFY: 'NOT_FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'NOT_FOUND' });
    expect(requests()).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 1, DEEZER: 1, TIDAL: 1 });
    now = new Date('2026-01-08T00:00:01Z');
    await service({ now: clock }).discover([isrc!]);
    expect(requests()).toEqual({ SPOTIFY: 2, APPLE_MUSIC: 2, DEEZER: 2, TIDAL: 2 });
  });

  it('asks every time with a TTL of 0', async () => {
    const [isrc] = isrcRange('USDS4', 1);
    const { requests } = await start({});
    const cache = new MemoryCache();
    await service({ cache, config: { notFoundTtlSeconds: 0 } }).discover([isrc!], { platforms: ['DEEZER'] });
    await service({ cache, config: { notFoundTtlSeconds: 0 } }).discover([isrc!], { platforms: ['DEEZER'] });
    expect(requests().DEEZER).toBe(2);
  });
});

describe('survives slow and failing platforms', () => {
  it('reports ERROR for a platform answering 503, FOUND for the others, and retries it after the error TTL', async () => {
    const [isrc] = isrcRange('USDS5', 1);
    const { servers, requests } = await start({ SPOTIFY: [isrc!], APPLE_MUSIC: [isrc!], DEEZER: [isrc!], TIDAL: [isrc!] });
    servers.APPLE_MUSIC.failNext({ kind: 'status', status: 503 }, 3);
    let now = new Date();
    const outcomes = await service({ now: () => now }).discover([isrc!]);
    expect(states(outcomes, isrc!)).toEqual({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'ERROR', DEEZER: 'FOUND', TIDAL: 'FOUND' });
    expect(outcomes.get(isrc!)?.[1]?.error).toMatch(/APPLE_MUSIC/);
    expect(await links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc: isrc!, platform: 'APPLE_MUSIC' } } })).toMatchObject({ state: 'ERROR' });

    await service({ now: () => now }).discover([isrc!]);
    expect(requests().APPLE_MUSIC).toBe(3);
    now = new Date(now.getTime() + 301_000);
    expect(states(await service({ now: () => now }).discover([isrc!]), isrc!)).toMatchObject({ APPLE_MUSIC: 'FOUND' });
    expect(requests()).toEqual({ SPOTIFY: 1, APPLE_MUSIC: 4, DEEZER: 1, TIDAL: 1 });
  });

  it('reports PENDING for a platform slower than the deadline, without waiting for it', async () => {
    const [isrc] = isrcRange('USDS6', 1);
    const { servers } = await start({ SPOTIFY: [isrc!], TIDAL: [isrc!] });
    servers.TIDAL.latencyMs = 3000;
    const started = performance.now();
    const outcomes = await service({ config: { timeoutMs: 400 } }).discover([isrc!]);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(states(outcomes, isrc!)).toEqual({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'PENDING' });
    expect(await links.prisma.platformLink.count({ where: { track: { isrc: isrc! } } })).toBe(1);
  });

  it('works with a cache whose backend is gone', async () => {
    const [isrc] = isrcRange('USDS7', 1);
    await start({ DEEZER: [isrc!] });
    const cache = await RedisCache.connect({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 100, log: () => undefined });
    try {
      const outcomes = await service({ cache }).discover([isrc!], { platforms: ['DEEZER'] });
      expect(states(outcomes, isrc!)).toEqual({ DEEZER: 'FOUND' });
      expect(states(await service({ cache }).discover([isrc!], { platforms: ['DEEZER'] }), isrc!)).toEqual({ DEEZER: 'FOUND' });
    } finally {
      await cache.close();
    }
  });
});

describe('shares answers and stays consistent under concurrency', () => {
  it('takes a recent answer from the shared cache instead of asking', async () => {
    const [isrc] = isrcRange('USDS8', 1);
    const { requests } = await start({ DEEZER: [isrc!] });
    // The project's cache: Redis on the services backend, so the keys and JSON really cross a process boundary.
    const cache = links.cache;
    await cache.set(`discovery:DEEZER:${isrc}`, { state: 'NOT_FOUND', checkedAt: new Date().toISOString(), tracks: [], error: null }, 60);
    const outcomes = await service({ cache }).discover([isrc!], { platforms: ['DEEZER', 'TIDAL'] });
    expect(states(outcomes, isrc!)).toEqual({ DEEZER: 'NOT_FOUND', TIDAL: 'NOT_FOUND' });
    expect(requests()).toMatchObject({ DEEZER: 0, TIDAL: 1 });
    expect(await cache.get(`discovery:TIDAL:${isrc}`)).toMatchObject({ state: 'NOT_FOUND' });
  });

  it('writes a FOUND the cache holds but the database lacks (a restored database, a shared Redis)', async () => {
    const [isrc] = isrcRange('USDSA', 1);
    const { requests } = await start({});
    const cache = links.cache;
    const track = { platform: 'DEEZER', externalId: '424242', isrc, title: 'Cached Song', artists: ['Cached Artist'], releaseTitle: null, releaseDate: null, upc: null, durationSeconds: 200, artworkUrl: null };
    await cache.set(`discovery:DEEZER:${isrc}`, { state: 'FOUND', checkedAt: new Date().toISOString(), tracks: [track], error: null }, 60);
    const outcomes = await service({ cache }).discover([isrc!], { platforms: ['DEEZER'] });
    expect(states(outcomes, isrc!)).toEqual({ DEEZER: 'FOUND' });
    expect(requests().DEEZER).toBe(0);
    const stored = await links.prisma.track.findUnique({ where: { isrc: isrc! }, include: { links: true } });
    expect(stored).toMatchObject({ title: 'Cached Song', links: [{ platform: 'DEEZER', externalId: '424242' }] });
    expect(await links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc: isrc!, platform: 'DEEZER' } } })).toMatchObject({ state: 'FOUND' });
  });

  it('creates one track and each link once when the same ISRC is discovered in parallel', async () => {
    const [isrc] = isrcRange('USDS9', 1);
    await start({ SPOTIFY: [isrc!], APPLE_MUSIC: [isrc!], DEEZER: [isrc!], TIDAL: [isrc!] });
    const results = await Promise.all(Array.from({ length: 5 }, () => service().discover([isrc!])));
    for (const outcomes of results) expect(states(outcomes, isrc!)).toEqual({ SPOTIFY: 'FOUND', APPLE_MUSIC: 'FOUND', DEEZER: 'FOUND', TIDAL: 'FOUND' });
    expect(await links.prisma.track.count({ where: { isrc: isrc! } })).toBe(1);
    const stored = await links.prisma.platformLink.findMany({ where: { track: { isrc: isrc! } } });
    expect(stored.map((link) => link.platform).sort()).toEqual(['APPLE_MUSIC', 'DEEZER', 'SPOTIFY', 'TIDAL']);
    expect(await links.prisma.trackArtist.count({ where: { trackId: trackIdForIsrc(isrc!) } })).toBe(1);
  });
});

describe('never lets a stale write win', () => {
  it('keeps an answer over a later PENDING, and a newer answer over an older one', async () => {
    const [isrc] = isrcRange('USDSB', 1);
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
    const write = (state: 'NOT_FOUND' | 'PENDING' | 'ERROR', seconds: number) =>
      persistOutcomes(links.prisma, [{ isrc: isrc!, outcome: { platform: 'TIDAL', state, checkedAt: at(seconds), tracks: [], error: state === 'ERROR' ? 'HTTP 503' : null } }]);
    const row = () => links.prisma.linkStatus.findUniqueOrThrow({ where: { isrc_platform: { isrc: isrc!, platform: 'TIDAL' } } });
    await write('PENDING', 10);
    await write('NOT_FOUND', 20);
    expect(await row()).toMatchObject({ state: 'NOT_FOUND', checkedAt: at(20) });
    await write('PENDING', 30); // another request gave up waiting: the answer stands
    expect(await row()).toMatchObject({ state: 'NOT_FOUND', checkedAt: at(20) });
    await write('ERROR', 15); // a late answer older than the one recorded
    expect(await row()).toMatchObject({ state: 'NOT_FOUND', checkedAt: at(20) });
    await write('ERROR', 40);
    expect(await row()).toMatchObject({ state: 'ERROR', checkedAt: at(40), error: 'HTTP 503' });
  });
});

describe('rejects misuse', () => {
  it('throws a TypeError for an invalid ISRC or an unknown platform', async () => {
    await start({});
    await expect(service().discover(['nope'])).rejects.toThrow(new TypeError('discover: expected valid ISRCs, got "nope"'));
    await expect(service().discover(['GBDUW0000053'], { platforms: ['YOUTUBE' as never] })).rejects.toThrow(TypeError);
    expect(await service().discover([])).toEqual(new Map());
  });
});
