import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryCache } from '../../../lib/cache/MemoryCache.ts';
import type { Cache } from '../../../lib/cache/Cache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { BackgroundTasks } from '../../../subgraphs/links/src/discovery/BackgroundTasks.ts';
import { DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from '../../../subgraphs/links/src/discovery/config.ts';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { DiscoveryService } from '../../../subgraphs/links/src/discovery/DiscoveryService.ts';
import type { DiscoveryLoaders, PlatformOutcome } from '../../../subgraphs/links/src/discovery/types.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import type { ProviderPlatform } from '../../../subgraphs/links/src/providers/types.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { syntheticTitle } from '../providers/fakes/synthetic.ts';
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

/** A short deadline, so a platform with some latency answers after it (but within the client's own timeout). */
const DEADLINE: Partial<DiscoveryConfig> = { timeoutMs: 100 };

interface ServiceOptions {
  config?: Partial<DiscoveryConfig>;
  background?: BackgroundTasks;
  cache?: Cache;
  loaders?: DiscoveryLoaders;
  prisma?: LinksPrisma;
}

/** A service for one simulated request: fresh loaders unless given, like a fresh context. */
function service(options: ServiceOptions = {}): DiscoveryService {
  return new DiscoveryService({
    prisma: options.prisma ?? links.prisma,
    cache: options.cache ?? new MemoryCache(),
    loaders: options.loaders ?? createDiscoveryLoaders(fakes!.clients),
    config: { ...DEFAULT_DISCOVERY_CONFIG, ...DEADLINE, ...options.config },
    background: options.background,
  });
}

async function start(catalogs: FakeCatalogs): Promise<PlatformFakes> {
  fakes = await startPlatformFakes(catalogs);
  return fakes;
}

/** Background tasks whose failures are collected (each test expects none). */
function backgroundTasks(): { background: BackgroundTasks; failures: string[] } {
  const failures: string[] = [];
  return { background: new BackgroundTasks((line) => failures.push(line)), failures };
}

/** Resolves once `platform` has answered (or failed) about `isrc`: DataLoader hands back the request's own promise. */
function answered(loaders: DiscoveryLoaders, platform: ProviderPlatform, isrc: string): Promise<unknown> {
  return loaders.get(platform)!.load(isrc).catch(() => undefined);
}

/** links.prisma, except that its first transaction (the main write) first runs `before`, which may throw. */
function holdFirstWrite(before: () => Promise<void>): { prisma: LinksPrisma; startedAt: () => Date | undefined } {
  let held = false;
  let startedAt: Date | undefined;
  const prisma = new Proxy(links.prisma, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (property === '$transaction') {
        return async (...args: unknown[]) => {
          if (!held) {
            held = true;
            await before();
            startedAt = new Date();
          }
          return (value as (...rest: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { prisma, startedAt: () => startedAt };
}

const states = (outcomes: Map<string, PlatformOutcome[]>, isrc: string) =>
  Object.fromEntries((outcomes.get(isrc) ?? []).map((outcome) => [outcome.platform, outcome.state]));
const status = (isrc: string, platform: ProviderPlatform) =>
  links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc, platform } } });

describe('records answers that arrive after the deadline', () => {
  it('reports a slow platform PENDING, then records its FOUND with the track and link, so the next lookup asks nobody', async () => {
    const [isrc, warmUp] = isrcRange('USLA1', 2);
    const { servers, totalRequests } = await start({ TIDAL: [isrc!] });
    const { background, failures } = backgroundTasks();
    // The project's cache: Redis on the services backend.
    const cache = links.cache;
    // Tokens and connections first, so only TIDAL's latency can miss the deadline.
    await service({ config: { timeoutMs: DEFAULT_DISCOVERY_CONFIG.timeoutMs } }).discover([warmUp!]);
    servers.TIDAL.latencyMs = 700;

    const outcomes = await service({ background, cache, config: { timeoutMs: 300 } }).discover([isrc!]);
    expect(states(outcomes, isrc!)).toEqual({ SPOTIFY: 'NOT_FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'PENDING' });
    const pendingAt = outcomes.get(isrc!)!.find((outcome) => outcome.platform === 'TIDAL')!.checkedAt;
    expect(background.size).toBe(1);
    expect(await status(isrc!, 'TIDAL')).toMatchObject({ state: 'PENDING' });
    expect(await links.prisma.track.findUnique({ where: { isrc: isrc! } })).toBeNull();

    await background.drain();
    const late = await status(isrc!, 'TIDAL');
    expect(late).toMatchObject({ state: 'FOUND', error: null });
    expect(late!.checkedAt.getTime()).toBeGreaterThan(pendingAt.getTime());
    const track = await links.prisma.track.findUnique({ where: { isrc: isrc! }, include: { links: true } });
    expect(track).toMatchObject({ id: trackIdForIsrc(isrc!), title: syntheticTitle(isrc!) });
    expect(track?.links.map((link) => link.platform)).toEqual(['TIDAL']);
    expect(await cache.get(`discovery:TIDAL:${isrc}`)).toMatchObject({ state: 'FOUND', checkedAt: late!.checkedAt.toISOString() });

    const before = totalRequests();
    const again = await service({ background, cache }).discover([isrc!]);
    expect(states(again, isrc!)).toEqual({ SPOTIFY: 'NOT_FOUND', APPLE_MUSIC: 'NOT_FOUND', DEEZER: 'NOT_FOUND', TIDAL: 'FOUND' });
    expect(again.get(isrc!)?.[3]?.tracks[0]).toMatchObject({ platform: 'TIDAL', isrc, title: syntheticTitle(isrc!) });
    expect(totalRequests()).toBe(before);
    expect(background.size).toBe(0);
    expect(failures).toEqual([]);
  });

  it('records a late failure as ERROR, not retried before the error TTL', async () => {
    const [isrc] = isrcRange('USLA2', 1);
    const { servers, requests } = await start({ TIDAL: [isrc!] });
    servers.TIDAL.latencyMs = 200;
    servers.TIDAL.failNext({ kind: 'status', status: 503 }, 3);
    const { background, failures } = backgroundTasks();

    const outcomes = await service({ background }).discover([isrc!], { platforms: ['TIDAL'] });
    expect(states(outcomes, isrc!)).toEqual({ TIDAL: 'PENDING' });
    await background.drain();
    expect(requests().TIDAL).toBe(3);
    const late = await status(isrc!, 'TIDAL');
    expect(late).toMatchObject({ state: 'ERROR' });
    expect(late?.error).toMatch(/TIDAL/);
    expect(await links.prisma.track.findUnique({ where: { isrc: isrc! } })).toBeNull();

    const again = await service({ background }).discover([isrc!], { platforms: ['TIDAL'] });
    expect(again.get(isrc!)).toMatchObject([{ platform: 'TIDAL', state: 'ERROR', error: late!.error }]);
    expect(requests().TIDAL).toBe(3);
    expect(failures).toEqual([]);
  });

  it('records a late empty answer as NOT_FOUND, in the database and the shared cache', async () => {
    const [isrc] = isrcRange('USLA3', 1);
    const { servers, requests } = await start({});
    servers.DEEZER.latencyMs = 300;
    const { background, failures } = backgroundTasks();
    const cache = links.cache;

    const outcomes = await service({ background, cache }).discover([isrc!], { platforms: ['DEEZER'] });
    expect(states(outcomes, isrc!)).toEqual({ DEEZER: 'PENDING' });
    await background.drain();
    expect(await status(isrc!, 'DEEZER')).toMatchObject({ state: 'NOT_FOUND', error: null });
    expect(await cache.get(`discovery:DEEZER:${isrc}`)).toMatchObject({ state: 'NOT_FOUND' });
    expect(states(await service({ background, cache }).discover([isrc!], { platforms: ['DEEZER'] }), isrc!)).toEqual({ DEEZER: 'NOT_FOUND' });
    expect(requests().DEEZER).toBe(1);
    expect(failures).toEqual([]);
  });

  it('records every late pair of a call in one write, once the slowest has answered', async () => {
    const isrcs = isrcRange('USLA4', 2);
    const { servers } = await start({ TIDAL: isrcs, DEEZER: [isrcs[0]!] });
    servers.TIDAL.latencyMs = 200;
    servers.DEEZER.latencyMs = 500;
    const { background, failures } = backgroundTasks();
    const run = vi.spyOn(background, 'run');

    const outcomes = await service({ background }).discover(isrcs, { platforms: ['DEEZER', 'TIDAL'] });
    for (const isrc of isrcs) expect(states(outcomes, isrc)).toEqual({ DEEZER: 'PENDING', TIDAL: 'PENDING' });
    expect(run).toHaveBeenCalledOnce();
    expect(run).toHaveBeenCalledWith('discovery late answers', expect.any(Function));

    const sql: string[] = [];
    const stop = links.onQuery((statement) => sql.push(statement));
    await background.drain();
    stop();
    expect(sql.filter((statement) => statement.includes('INSERT INTO "LinkStatus"'))).toHaveLength(1);
    const rows = await links.prisma.linkStatus.findMany({ where: { isrc: { in: isrcs } }, orderBy: [{ isrc: 'asc' }, { platform: 'asc' }] });
    expect(rows.map((row) => [row.isrc, row.platform, row.state])).toEqual([
      [isrcs[0], 'DEEZER', 'FOUND'], [isrcs[0], 'TIDAL', 'FOUND'],
      [isrcs[1], 'DEEZER', 'NOT_FOUND'], [isrcs[1], 'TIDAL', 'FOUND'],
    ]);
    // One track per ISRC, whichever platforms found it late.
    const stored = await links.prisma.platformLink.findMany({ where: { track: { isrc: { in: isrcs } } }, include: { track: true } });
    expect(stored.map((link) => `${link.track.isrc}:${link.platform}`).sort()).toEqual([`${isrcs[0]}:DEEZER`, `${isrcs[0]}:TIDAL`, `${isrcs[1]}:TIDAL`]);
    expect(failures).toEqual([]);
  });

  it('starts no background task when every platform answers in time', async () => {
    const [isrc] = isrcRange('USLA5', 1);
    await start({ TIDAL: [isrc!] });
    const { background } = backgroundTasks();
    const run = vi.spyOn(background, 'run');
    const outcomes = await service({ background }).discover([isrc!], { platforms: ['TIDAL'] });
    expect(states(outcomes, isrc!)).toEqual({ TIDAL: 'FOUND' });
    expect(run).not.toHaveBeenCalled();
  });
});

describe('never lets the PENDING overwrite a late answer', () => {
  it('writes an answer that arrived while the PENDING was still being written after it', async () => {
    const [isrc] = isrcRange('USLA6', 1);
    const { servers } = await start({ TIDAL: [isrc!] });
    servers.TIDAL.latencyMs = 250;
    const { background, failures } = backgroundTasks();
    const loaders = createDiscoveryLoaders(fakes!.clients);
    // The main write (with the PENDING) waits until TIDAL's answer is in, and a while longer: time
    // enough for a late write that did not wait for it to commit first (and be overwritten).
    const held = holdFirstWrite(async () => {
      await answered(loaders, 'TIDAL', isrc!);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });

    const outcomes = await service({ background, loaders, prisma: held.prisma }).discover([isrc!], { platforms: ['TIDAL'] });
    expect(states(outcomes, isrc!)).toEqual({ TIDAL: 'PENDING' });
    await background.drain();
    const late = await status(isrc!, 'TIDAL');
    expect(late).toMatchObject({ state: 'FOUND' });
    // The answer arrived before the main write began, and still has the last word.
    expect(late!.checkedAt.getTime()).toBeLessThanOrEqual(held.startedAt()!.getTime());
    expect(await links.prisma.platformLink.count({ where: { track: { isrc: isrc! } } })).toBe(1);
    expect(failures).toEqual([]);
  });

  it('drops the late answers when the main write fails', async () => {
    const [isrc] = isrcRange('USLA7', 1);
    const { servers } = await start({ TIDAL: [isrc!] });
    servers.TIDAL.latencyMs = 250;
    const { background, failures } = backgroundTasks();
    const loaders = createDiscoveryLoaders(fakes!.clients);
    const held = holdFirstWrite(async () => { throw new Error('database went away'); });

    await expect(service({ background, loaders, prisma: held.prisma }).discover([isrc!], { platforms: ['TIDAL'] })).rejects.toThrow('database went away');
    expect(background.size).toBe(0);
    await answered(loaders, 'TIDAL', isrc!);
    await background.drain();
    expect(await links.prisma.linkStatus.count({ where: { isrc: isrc! } })).toBe(0);
    expect(await links.prisma.track.findUnique({ where: { isrc: isrc! } })).toBeNull();
    expect(failures).toEqual([]);
  });
});

describe('without background', () => {
  it('drops the late answer, so the next lookup asks the platform again', async () => {
    const [isrc] = isrcRange('USLA8', 1);
    const { servers, requests } = await start({ TIDAL: [isrc!] });
    servers.TIDAL.latencyMs = 250;
    const loaders = createDiscoveryLoaders(fakes!.clients);

    const outcomes = await service({ loaders }).discover([isrc!], { platforms: ['TIDAL'] });
    expect(states(outcomes, isrc!)).toEqual({ TIDAL: 'PENDING' });
    await answered(loaders, 'TIDAL', isrc!);
    // Time enough for a write that should not happen.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status(isrc!, 'TIDAL')).toMatchObject({ state: 'PENDING' });
    expect(await links.prisma.track.findUnique({ where: { isrc: isrc! } })).toBeNull();

    servers.TIDAL.latencyMs = 0;
    expect(states(await service().discover([isrc!], { platforms: ['TIDAL'] }), isrc!)).toEqual({ TIDAL: 'FOUND' });
    expect(requests().TIDAL).toBe(2);
  });
});
