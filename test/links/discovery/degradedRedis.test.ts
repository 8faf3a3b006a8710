import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Cache } from '../../../lib/cache/Cache.ts';
import { createCache } from '../../../lib/cache/createCache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEFAULT_DISCOVERY_CONFIG } from '../../../subgraphs/links/src/discovery/config.ts';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { DiscoveryService } from '../../../subgraphs/links/src/discovery/DiscoveryService.ts';
import type { PlatformOutcome } from '../../../subgraphs/links/src/discovery/types.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { BACKEND, requireEnv } from '../../helpers/backend.ts';
import { RedisProxy } from '../../helpers/redisProxy.ts';
import { logger } from '../../../lib/logger.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { isrcRange, startPlatformFakes, type FakeCatalogs, type PlatformFakes } from './platformFakes.ts';

const states = (outcomes: Map<string, PlatformOutcome[]>, isrc: string) =>
  Object.fromEntries((outcomes.get(isrc) ?? []).map((outcome) => [outcome.platform, outcome.state]));

// A real Redis is needed to go away: this file runs in the services project only (REDIS_URL set).
describe.runIf(BACKEND === 'services')('DiscoveryService when Redis goes away mid-run', () => {
  let links: Subgraph<LinksPrisma, Context>;
  let fakes: PlatformFakes;
  let proxy: RedisProxy;
  let cache: Cache;
  let warn: MockInstance<(line: string) => void>;

  beforeAll(async () => {
    links = await createTestSubgraph(linksSubgraph);
  });
  afterAll(() => links?.close());
  afterEach(async () => {
    await cache?.close();
    await proxy?.cut();
    await fakes?.close();
    warn?.mockRestore();
  });

  /** Fakes, a proxy, and a cache through it, as the subgraph makes it (createCache; RedisCache logs through the structured logger). */
  async function start(catalogs: FakeCatalogs): Promise<void> {
    fakes = await startPlatformFakes(catalogs);
    proxy = await RedisProxy.start(requireEnv('REDIS_URL'));
    warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined) as unknown as MockInstance<(line: string) => void>;
    cache = await createCache({ REDIS_URL: proxy.url }, `test:degraded:${Math.random().toString(36).slice(2)}:`);
    expect(cache.kind).toBe('redis');
    expect(await cache.healthy()).toBe(true);
  }

  /** One simulated request (fresh loaders), on DEEZER and TIDAL; short TTLs so nothing lingers in Redis. */
  function discover(isrcs: string[]): Promise<Map<string, PlatformOutcome[]>> {
    const config = { ...DEFAULT_DISCOVERY_CONFIG, notFoundTtlSeconds: 300 };
    const service = new DiscoveryService({ prisma: links.prisma, cache, loaders: createDiscoveryLoaders(fakes.clients), config });
    return service.discover(isrcs, { platforms: ['DEEZER', 'TIDAL'] });
  }

  const cacheLines = (text: string) => warn.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('[cache]') && line.includes(text));

  it('keeps answering from the database and the platforms, reports the cache degraded, and logs the outage once', async () => {
    const [a, b, c, d] = isrcRange('USDR1', 4);
    await start({ DEEZER: [a!, b!, c!, d!], TIDAL: [a!, c!, d!] });

    // Redis up: answers go through it, and a shared answer spares a platform request.
    expect(states(await discover([a!]), a!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
    expect(await cache.get(`discovery:DEEZER:${a}`)).toMatchObject({ state: 'FOUND' });
    await cache.set(`discovery:TIDAL:${b}`, { state: 'NOT_FOUND', checkedAt: new Date().toISOString(), tracks: [], error: null }, 60);
    expect(states(await discover([b!]), b!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'NOT_FOUND' });
    expect(fakes.requests()).toMatchObject({ DEEZER: 2, TIDAL: 1 });

    // Cut while a call waits for a slow platform: after its cache read, before its cache write.
    fakes.servers.DEEZER.latencyMs = 300;
    const running = discover([c!]);
    await sleep(100);
    await proxy.cut();
    expect(states(await running, c!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
    fakes.servers.DEEZER.latencyMs = 0;

    // Redis gone: what the database knows costs no platform request, and no wait on Redis.
    const before = fakes.totalRequests();
    for (let round = 0; round < 3; round += 1) {
      const started = performance.now();
      const known = await discover([a!, c!]);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(states(known, a!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
      expect(states(known, c!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
    }
    expect(fakes.totalRequests()).toBe(before);
    // What the cache told an earlier call was written to the database then, so it outlives Redis;
    // what nobody knew comes from the platforms.
    expect(states(await discover([b!]), b!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'NOT_FOUND' });
    expect(fakes.totalRequests()).toBe(before);
    const fresh = await discover([d!]);
    expect(states(fresh, d!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
    expect(fresh.get(d!)?.[0]?.tracks[0]).toMatchObject({ platform: 'DEEZER', isrc: d });
    expect(await links.prisma.platformLink.count({ where: { track: { isrc: d! } } })).toBe(2);
    expect(fakes.totalRequests()).toBe(before + 2);

    expect(await cache.healthy()).toBe(false);
    expect(await cache.get(`discovery:DEEZER:${a}`)).toBeUndefined();
    // Several failed reconnects later, still one line for the outage.
    await sleep(800);
    expect(cacheLines('unavailable')).toHaveLength(1);
  });

  it('resumes the shared cache when Redis comes back', async () => {
    const [a, b] = isrcRange('USDR2', 2);
    await start({ DEEZER: [a!, b!], TIDAL: [a!, b!] });
    expect(states(await discover([a!]), a!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });

    await proxy.cut();
    expect(states(await discover([b!]), b!)).toEqual({ DEEZER: 'FOUND', TIDAL: 'FOUND' });
    expect(await cache.healthy()).toBe(false);

    await proxy.restore();
    // node-redis reconnects on its own backoff (100 ms doubling); wait for it.
    const deadline = Date.now() + 10_000;
    while (!(await cache.healthy()) && Date.now() < deadline) await sleep(100);
    expect(await cache.healthy()).toBe(true);
    expect(cacheLines('unavailable')).toHaveLength(1);
    expect(cacheLines('back')).toHaveLength(1);

    // Written before the outage: still in Redis. Written during it: dropped, not queued.
    expect(await cache.get(`discovery:DEEZER:${a}`)).toMatchObject({ state: 'FOUND' });
    expect(await cache.get(`discovery:DEEZER:${b}`)).toBeUndefined();
    // And new answers are shared again.
    const [c] = isrcRange('USDR2', 1, 2);
    await discover([c!]);
    expect(await cache.get(`discovery:TIDAL:${c}`)).toMatchObject({ state: 'NOT_FOUND' });
  });
});
