import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../../lib/cache/MemoryCache.ts';
import type { Cache } from '../../../lib/cache/Cache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { upsertTrack } from '../../../subgraphs/links/src/catalog/upsertTrack.ts';
import { BackgroundTasks } from '../../../subgraphs/links/src/discovery/BackgroundTasks.ts';
import { DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from '../../../subgraphs/links/src/discovery/config.ts';
import { createDiscoveryLoaders } from '../../../subgraphs/links/src/discovery/createDiscoveryLoaders.ts';
import { createUpcLoader } from '../../../subgraphs/links/src/discovery/createUpcLoader.ts';
import { DiscoveryService } from '../../../subgraphs/links/src/discovery/DiscoveryService.ts';
import type { PlatformOutcome } from '../../../subgraphs/links/src/discovery/types.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { DiscogsClient } from '../../../subgraphs/links/src/providers/DiscogsClient.ts';
import type { ProviderClient } from '../../../subgraphs/links/src/providers/types.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { numericId, syntheticTitle } from '../providers/fakes/synthetic.ts';
import { isrcRange, startPlatformFakes, type PlatformFakes } from './platformFakes.ts';

// Barcodes of recorded Discogs releases (test/fixtures/providers/harmony), each linked by one test at most:
// a release id links one recording only (PlatformLink is unique per platform and id).
const UMMAGUMMA = { upc: '0825646493166', release: '8604223' };
const EARLY_YEARS = { upc: '0190295950255', release: '9218307' };
const FARAWAY_TREE = { upc: '9338684000223', release: '11578434' };
const CLOCKWORK_ORANGE = { upc: '075992725620', release: '16004480' };
const UNKNOWN_UPC = '000000000017';

// An ISRC only Apple Music carries, and the Discogs release of the album UPC the fake Apple Music gives it.
const [ON_APPLE] = isrcRange('USDP1', 1);
const APPLE_UPC = String(numericId(ON_APPLE!, 'upc-single')).padStart(12, '0');
const APPLE_RELEASE = { id: 990_000_001, artist: 'Synthetic Artist', title: 'Synthetic Single', year: 2024, barcode: APPLE_UPC };

let links: Subgraph<LinksPrisma, Context>;
let fakes: PlatformFakes;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph, { seed: false });
  fakes = await startPlatformFakes({ APPLE_MUSIC: [ON_APPLE!] }, { discogs: { releases: [APPLE_RELEASE] } });
});
afterAll(async () => {
  await links?.close();
  await fakes?.close();
});
afterEach(() => {
  if (fakes.discogs) fakes.discogs.latencyMs = 0;
});

/** A service for one simulated request: fresh loaders (ISRC and barcode), like a fresh context. */
function service(options: { clients?: ProviderClient[]; cache?: Cache; config?: Partial<DiscoveryConfig>; background?: BackgroundTasks } = {}): DiscoveryService {
  const clients = options.clients ?? fakes.clients;
  return new DiscoveryService({
    prisma: links.prisma,
    cache: options.cache ?? new MemoryCache(),
    loaders: createDiscoveryLoaders(clients),
    upcLoader: createUpcLoader(clients),
    config: { ...DEFAULT_DISCOVERY_CONFIG, ...options.config },
    background: options.background,
  });
}

/** A catalog track on releases with these UPCs (a release shared by two tracks is one row). */
async function catalogTrack(isrc: string, upcs: readonly string[]): Promise<void> {
  const { id } = await links.prisma.$transaction((tx) => upsertTrack(tx, { isrc, title: `Song ${isrc}`, artists: [{ name: 'Catalog Artist' }] }));
  for (const upc of upcs) {
    const release = await links.prisma.release.upsert({ where: { upc }, create: { title: `Release ${upc}`, upc }, update: {} });
    await links.prisma.trackRelease.create({ data: { trackId: id, releaseId: release.id } });
  }
}

const discogsOf = (outcomes: Map<string, PlatformOutcome[]>, isrc: string) => outcomes.get(isrc)?.find((outcome) => outcome.platform === 'DISCOGS');
const discogsLinks = async (isrc: string) =>
  (await links.prisma.platformLink.findMany({ where: { platform: 'DISCOGS', track: { isrc } }, orderBy: { externalId: 'asc' } })).map((link) => link.externalId);
const discogsRow = (isrc: string) => links.prisma.linkStatus.findUnique({ where: { isrc_platform: { isrc, platform: 'DISCOGS' } } });

describe('Discogs by release barcode', () => {
  it('links a catalog track to the releases of its UPCs, searching each distinct barcode once', async () => {
    const [two, one] = isrcRange('USDP2', 2);
    await catalogTrack(two!, [UMMAGUMMA.upc, EARLY_YEARS.upc]);
    await catalogTrack(one!, [UMMAGUMMA.upc]);
    const cache = new MemoryCache();
    const before = fakes.discogsSearches();
    const outcomes = await service({ cache }).discover([two!, one!]);
    expect(fakes.discogsSearches() - before).toBe(2);
    expect(discogsOf(outcomes, two!)).toMatchObject({ state: 'FOUND', error: null });
    expect(discogsOf(outcomes, two!)?.tracks.map((track) => track.externalId).sort()).toEqual([UMMAGUMMA.release, EARLY_YEARS.release].sort());
    expect(discogsOf(outcomes, one!)?.tracks.map((track) => track.externalId)).toEqual([UMMAGUMMA.release]);
    expect(await discogsLinks(two!)).toEqual([UMMAGUMMA.release, EARLY_YEARS.release].sort());
    // A release id links one recording (the first written, ISRCs in order): the other keeps its FOUND row only.
    expect(await discogsLinks(one!)).toEqual([]);
    expect(await discogsRow(one!)).toMatchObject({ state: 'FOUND' });

    // Known now (the unlinked one through the shared cache): the next lookup searches nothing.
    const again = await service({ cache }).discover([two!, one!]);
    expect(fakes.discogsSearches() - before).toBe(2);
    expect(discogsOf(again, two!)).toMatchObject({ state: 'FOUND' });
  });

  it('uses the UPC another platform answered in the same call', async () => {
    const before = fakes.discogsSearches();
    const outcomes = await service().discover([ON_APPLE!]);
    expect(fakes.discogsSearches() - before).toBe(1);
    expect(fakes.discogs!.requests.at(-1)?.query.get('barcode')).toBe(APPLE_UPC);
    expect(discogsOf(outcomes, ON_APPLE!)).toMatchObject({ state: 'FOUND', tracks: [{ externalId: String(APPLE_RELEASE.id), upc: APPLE_UPC }] });
    // The new track takes its metadata from Apple Music (a recording), not from the Discogs release.
    expect(await links.prisma.track.findUnique({ where: { isrc: ON_APPLE! } })).toMatchObject({ title: syntheticTitle(ON_APPLE!) });
    expect(await discogsLinks(ON_APPLE!)).toEqual([String(APPLE_RELEASE.id)]);
  });

  it('does not ask Discogs, nor record anything for it, when no UPC is known', async () => {
    const [unknown, catalogued] = isrcRange('USDP3', 2);
    await catalogTrack(catalogued!, []);
    const before = fakes.discogsSearches();
    const outcomes = await service().discover([unknown!, catalogued!]);
    expect(fakes.discogsSearches()).toBe(before);
    expect(discogsOf(outcomes, unknown!)).toBeUndefined();
    expect(discogsOf(outcomes, catalogued!)).toBeUndefined();
    expect(await links.prisma.linkStatus.count({ where: { platform: 'DISCOGS', isrc: { in: [unknown!, catalogued!] } } })).toBe(0);
  });

  it('records NOT_FOUND for a barcode Discogs does not know, and does not ask again', async () => {
    const [isrc] = isrcRange('USDP4', 1);
    await catalogTrack(isrc!, [UNKNOWN_UPC]);
    const before = fakes.discogsSearches();
    expect(discogsOf(await service().discover([isrc!]), isrc!)).toMatchObject({ state: 'NOT_FOUND', tracks: [] });
    expect(await discogsRow(isrc!)).toMatchObject({ state: 'NOT_FOUND' });
    expect(discogsOf(await service().discover([isrc!]), isrc!)).toMatchObject({ state: 'NOT_FOUND' });
    expect(fakes.discogsSearches() - before).toBe(1);
  });

  it('records ERROR when Discogs fails', async () => {
    const [isrc] = isrcRange('USDP5', 1);
    await catalogTrack(isrc!, [CLOCKWORK_ORANGE.upc]);
    fakes.discogs!.failNext({ kind: 'status', status: 503 }, 3);
    const outcome = discogsOf(await service().discover([isrc!]), isrc!);
    expect(outcome).toMatchObject({ state: 'ERROR', error: expect.stringMatching(/DISCOGS/) });
    expect(await discogsRow(isrc!)).toMatchObject({ state: 'ERROR' });
  });

  it('is PENDING when the deadline has passed, and records the late answer with `background`', async () => {
    const [isrc] = isrcRange('USDP6', 1);
    await catalogTrack(isrc!, [FARAWAY_TREE.upc]);
    fakes.discogs!.latencyMs = 400;
    const background = new BackgroundTasks();
    const outcome = discogsOf(await service({ config: { timeoutMs: 100 }, background }).discover([isrc!]), isrc!);
    expect(outcome).toMatchObject({ state: 'PENDING' });
    expect(await discogsRow(isrc!)).toMatchObject({ state: 'PENDING' });
    await background.drain();
    expect(await discogsRow(isrc!)).toMatchObject({ state: 'FOUND' });
    expect(await discogsLinks(isrc!)).toEqual([FARAWAY_TREE.release]);
  });

  it('never asks Discogs when its client is disabled (no DISCOGS_TOKEN)', async () => {
    const [isrc] = isrcRange('USDP7', 1);
    await catalogTrack(isrc!, [UMMAGUMMA.upc]);
    const clients = [...fakes.clients.filter((client) => client.platform !== 'DISCOGS'), new DiscogsClient({ token: null, apiUrl: fakes.discogs!.url })];
    expect(createUpcLoader(clients)).toBeNull();
    const before = fakes.discogsSearches();
    const outcomes = await service({ clients }).discover([isrc!]);
    expect(fakes.discogsSearches()).toBe(before);
    expect(discogsOf(outcomes, isrc!)).toBeUndefined();
    expect(await discogsRow(isrc!)).toBeNull();
  });
});
