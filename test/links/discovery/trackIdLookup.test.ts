import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../../lib/cache/MemoryCache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { askByTrackId, unknownIdKey } from '../../../subgraphs/links/src/discovery/askByTrackId.ts';
import { DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from '../../../subgraphs/links/src/discovery/config.ts';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { createTrackIdLoader } from '../../../subgraphs/links/src/discovery/createTrackIdLoader.ts';
import { DiscoveryService } from '../../../subgraphs/links/src/discovery/DiscoveryService.ts';
import { canLookUpTrackIds, trackIdClients, type TrackIdClient } from '../../../subgraphs/links/src/discovery/platformStatus.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { SpotifyClient } from '../../../subgraphs/links/src/providers/SpotifyClient.ts';
import { createLinksServices } from '../../../subgraphs/links/src/services.ts';
import type { ProviderTrack } from '../../../subgraphs/links/src/providers/types.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { isrcRange, startPlatformFakes } from './platformFakes.ts';

/** A Spotify-like client answering from `catalog` (id → ISRC), recording every batch it was asked. */
function stubClient(catalog: Record<string, string | null>, options: { failing?: (ids: readonly string[]) => boolean; delayMs?: number } = {}) {
  const batches: string[][] = [];
  const client = {
    platform: 'SPOTIFY', enabled: true, disabledReason: null, batchSize: 1, idBatchSize: 50,
    lookupIsrcs: async () => [],
    getTracks: async (ids: readonly string[]): Promise<(ProviderTrack | null)[]> => {
      batches.push([...ids]);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failing?.(ids)) throw new ProviderError('503 Service Unavailable', { platform: 'SPOTIFY', code: 'UNAVAILABLE' });
      return ids.map((id) => (id in catalog ? { platform: 'SPOTIFY', externalId: id, isrc: catalog[id]!, title: `Title ${id}`, artists: ['Artist'] } : null));
    },
  } satisfies TrackIdClient;
  return { client, batches };
}

const ids = (n: number, prefix = 'id') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const config = (overrides: Partial<DiscoveryConfig> = {}): DiscoveryConfig => ({ ...DEFAULT_DISCOVERY_CONFIG, ...overrides });

describe('the track id loader', () => {
  it('asks 50 ids per request, each id once, in the order asked', async () => {
    const { client, batches } = stubClient({});
    const loader = createTrackIdLoader(client);
    const keys = ids(120);
    await Promise.all([...keys, ...keys.slice(0, 10)].map((id) => loader.load(id)));
    expect(batches).toEqual([keys.slice(0, 50), keys.slice(50, 100), keys.slice(100)]);
  });

  it('fails only the ids of a failed batch', async () => {
    const { client } = stubClient({ id0: 'GBDUW0000053', id60: 'GBAYE9700074' }, { failing: (batch) => batch.includes('id0') });
    const answers = await createTrackIdLoader(client).loadMany(ids(70));
    expect(answers.slice(0, 50).every((answer) => answer instanceof ProviderError)).toBe(true);
    expect(answers[60]).toMatchObject({ isrc: 'GBAYE9700074' });
    expect(answers[61]).toBeNull();
  });

  it('is made for an enabled Spotify client only', async () => {
    const fakes = await startPlatformFakes();
    try {
      expect([...trackIdClients(fakes.clients).keys()]).toEqual(['SPOTIFY']);
      expect(canLookUpTrackIds(new SpotifyClient({ clientId: null, clientSecret: null }))).toBe(false);
    } finally {
      await fakes.close();
    }
  });

  it('is configured from the environment: Spotify credentials, and discovery on', () => {
    const credentials = { SPOTIFY_CLIENT_ID: 'id', SPOTIFY_CLIENT_SECRET: 'secret' };
    expect([...createLinksServices(credentials).discovery!.byTrackId.keys()]).toEqual(['SPOTIFY']);
    expect(createLinksServices({}).discovery!.byTrackId.size).toBe(0);
    expect(createLinksServices({ ...credentials, DISCOVERY_ENABLED: 'false' }).discovery).toBeNull();
  });
});

describe('askByTrackId', () => {
  it('answers each id: the recording with a canonical ISRC and the id asked, or null without a valid ISRC', async () => {
    const { client } = stubClient({ a: 'gb-duw-00-00053', b: null, c: 'XX00000000', relinked: 'GBAYE9700074' });
    // A platform answering with another id than the one asked (relinking) still records the one asked.
    const loader = createTrackIdLoader({ ...client, getTracks: async (keys) => (await client.getTracks(keys)).map((track) => (track?.externalId === 'relinked' ? { ...track, externalId: 'other' } : track)) });
    const answers = await askByTrackId(loader, new MemoryCache(), 'SPOTIFY', ['a', 'b', 'c', 'relinked', 'unknown'], config());
    expect([...answers]).toEqual([
      ['a', expect.objectContaining({ isrc: 'GBDUW0000053', externalId: 'a' })],
      ['b', null], ['c', null],
      ['relinked', expect.objectContaining({ isrc: 'GBAYE9700074', externalId: 'relinked' })],
      ['unknown', null],
    ]);
  });

  it('does not ask again about ids the platform did not know, until DISCOVERY_NOT_FOUND_TTL_SECONDS has passed', async () => {
    const { client, batches } = stubClient({ a: 'GBDUW0000053' });
    const cache = new MemoryCache();
    let now = new Date('2026-01-01T00:00:00Z');
    const ask = (keys: string[]) => askByTrackId(createTrackIdLoader(client), cache, 'SPOTIFY', keys, config(), () => now);
    await ask(['a', 'gone']);
    expect(await cache.get(unknownIdKey('SPOTIFY', 'gone'))).toEqual({ checkedAt: '2026-01-01T00:00:00.000Z' });
    expect((await ask(['a', 'gone'])).get('gone')).toBeNull();
    now = new Date('2026-01-08T00:00:01Z');
    await ask(['gone']);
    expect(batches).toEqual([['a', 'gone'], ['a'], ['gone']]);
  });

  it('remembers nothing with a TTL of 0, nor a failure', async () => {
    const cache = new MemoryCache();
    await askByTrackId(createTrackIdLoader(stubClient({}).client), cache, 'SPOTIFY', ['gone'], config({ notFoundTtlSeconds: 0 }));
    const failing = await askByTrackId(createTrackIdLoader(stubClient({}, { failing: () => true }).client), cache, 'SPOTIFY', ['down'], config());
    expect(failing.get('down')).toBeInstanceOf(ProviderError);
    expect(await cache.getMany([unknownIdKey('SPOTIFY', 'gone'), unknownIdKey('SPOTIFY', 'down')])).toEqual([undefined, undefined]);
  });

  it('waits at most DISCOVERY_TIMEOUT_MS, then says the platform did not answer', async () => {
    const { client } = stubClient({ a: 'GBDUW0000053' }, { delayMs: 1000 });
    const started = Date.now();
    const answers = await askByTrackId(createTrackIdLoader(client), new MemoryCache(), 'SPOTIFY', ['a'], config({ timeoutMs: 100 }));
    expect(Date.now() - started).toBeLessThan(800);
    expect(answers.get('a')).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('DISCOVERY_TIMEOUT_MS (100 ms)') });
  });
});

describe('discover() with answers a platform already gave', () => {
  let links: Subgraph<LinksPrisma, Context>;
  beforeAll(async () => {
    links = await createTestSubgraph(linksSubgraph);
  });
  afterAll(() => links?.close());

  it('records them as that platform FOUND, over a standing NOT_FOUND, without asking it', async () => {
    const [isrc] = isrcRange('USGA1', 1);
    const fakes = await startPlatformFakes({ DEEZER: [isrc!] });
    try {
      const discover = (answers?: Map<string, ProviderTrack[]>) =>
        new DiscoveryService({ prisma: links.prisma, cache: new MemoryCache(), loaders: createDiscoveryLoaders(fakes.clients) }).discover([isrc!], { answers });
      await discover();
      expect(await links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc: isrc!, platform: 'SPOTIFY' } } })).toMatchObject({ state: 'NOT_FOUND' });
      const before = fakes.requests();
      const spotify: ProviderTrack = { platform: 'SPOTIFY', externalId: 'AnswerId00000000000000', isrc: isrc!, title: 'From Spotify', artists: ['Someone'] };
      const outcomes = await discover(new Map([[isrc!, [spotify]]]));
      expect(fakes.requests()).toEqual(before);
      expect(outcomes.get(isrc!)?.map((outcome) => [outcome.platform, outcome.state])).toEqual([
        ['SPOTIFY', 'FOUND'], ['APPLE_MUSIC', 'NOT_FOUND'], ['DEEZER', 'FOUND'], ['TIDAL', 'NOT_FOUND'],
      ]);
      const track = await links.prisma.track.findUniqueOrThrow({ where: { isrc: isrc! }, include: { links: { orderBy: { id: 'asc' } } } });
      expect(track.links.map((link) => [link.platform, link.externalId])).toContainEqual(['SPOTIFY', 'AnswerId00000000000000']);
      expect(await links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc: isrc!, platform: 'SPOTIFY' } } })).toMatchObject({ state: 'FOUND' });
    } finally {
      await fakes.close();
    }
  });

  it('creates the recording from them even when another platform is too slow', async () => {
    const [isrc] = isrcRange('USGB1', 1);
    const fakes = await startPlatformFakes({ DEEZER: [isrc!] });
    fakes.servers.DEEZER.latencyMs = 1000;
    try {
      const spotify: ProviderTrack = { platform: 'SPOTIFY', externalId: 'AnswerId00000000000001', isrc: isrc!, title: 'From Spotify', artists: ['Someone'] };
      const service = new DiscoveryService({ prisma: links.prisma, cache: new MemoryCache(), loaders: createDiscoveryLoaders(fakes.clients), config: config({ timeoutMs: 200 }) });
      const outcomes = await service.discover([isrc!], { answers: new Map([[isrc!, [spotify]]]) });
      expect(outcomes.get(isrc!)?.find((outcome) => outcome.platform === 'DEEZER')?.state).toBe('PENDING');
      expect(await links.prisma.track.findUnique({ where: { isrc: isrc! } })).toMatchObject({ title: 'From Spotify' });
    } finally {
      await fakes.close();
    }
  });
});
