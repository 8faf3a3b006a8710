import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { upsertTrack } from '../../../subgraphs/links/src/catalog/upsertTrack.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { SHARED_ID_REASON } from '../../../subgraphs/links/src/discovery/linkStatusEntries.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { DiscogsClient } from '../../../subgraphs/links/src/providers/DiscogsClient.ts';
import { createLinksServices } from '../../../subgraphs/links/src/services.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';
import { isrcRange, startPlatformFakes, type PlatformFakes } from '../../links/discovery/platformFakes.ts';

// A recorded Discogs release (test/fixtures/providers/harmony): Ummagumma, barcode 0825646493166.
const UMMAGUMMA = { upc: '0825646493166', release: '8604223' };
// Catalog tracks linked on the four ISRC platforms, so only Discogs can still be asked about them.
const [ON_RELEASE, NO_BARCODE, ALBUM_MATE] = isrcRange('USDQ1', 3);

let fakes: PlatformFakes;
let links: Subgraph<LinksPrisma, Context>;

/** A catalog track with a link on every ISRC platform, on releases with these UPCs. */
async function catalogTrack(isrc: string, upcs: readonly string[]): Promise<void> {
  const ids = isrc.slice(-7);
  const { id } = await links.prisma.$transaction((tx) => upsertTrack(tx, {
    isrc,
    title: `Song ${isrc}`,
    artists: [{ name: 'Catalog Artist' }],
    links: [
      { platform: 'SPOTIFY', externalId: `spotify${ids}`.padEnd(22, 'x') },
      { platform: 'APPLE_MUSIC', externalId: `1${ids}` },
      { platform: 'DEEZER', externalId: `2${ids}` },
      { platform: 'TIDAL', externalId: `3${ids}` },
    ],
  }));
  for (const upc of upcs) {
    // One release row per barcode: a second track on it joins the existing release.
    await links.prisma.release.upsert({ where: { upc }, create: { title: `Release ${upc}`, upc, tracks: { create: { trackId: id } } }, update: { tracks: { create: { trackId: id } } } });
  }
}

beforeAll(async () => {
  fakes = await startPlatformFakes({}, { discogs: {} });
  links = await createTestSubgraph(
    { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, fakes.clients) },
    { env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '3000' }, seed: false },
  );
  await catalogTrack(ON_RELEASE!, [UMMAGUMMA.upc]);
  await catalogTrack(NO_BARCODE!, []);
  await catalogTrack(ALBUM_MATE!, [UMMAGUMMA.upc]);
});
afterAll(async () => {
  await links?.close();
  await fakes?.close();
});

const TRACK = `query($isrc: String!) { track(isrc: $isrc) { isrc links { source externalId } linkStatus(sources: [DISCOGS]) { source state reason } } }`;
const NONE = { SPOTIFY: 0, APPLE_MUSIC: 0, DEEZER: 0, TIDAL: 0 };

describe('Discogs through the API', () => {
  it('a title query asks nothing and reads no release or status', async () => {
    const before = fakes.discogsSearches();
    const { errors, sql } = await execute(links, `query($isrc: String!) { track(isrc: $isrc) { title } }`, { isrc: ON_RELEASE });
    expect(errors).toBeUndefined();
    expect(fakes.discogsSearches()).toBe(before);
    expect(sql.some((statement) => /"LinkStatus"|"TrackRelease"/.test(statement))).toBe(false);
  });

  it('links a catalog track to the Discogs release of its UPC when its links are read, once', async () => {
    const before = fakes.discogsSearches();
    const { data, errors } = await execute(links, TRACK, { isrc: ON_RELEASE });
    expect(errors).toBeUndefined();
    expect(fakes.discogsSearches() - before).toBe(1);
    expect(fakes.requests()).toEqual(NONE);
    expect(data!.track.links).toContainEqual({ source: 'DISCOGS', externalId: UMMAGUMMA.release });
    expect(data!.track.linkStatus).toEqual([{ source: 'DISCOGS', state: 'FOUND', reason: null }]);

    const again = await execute(links, TRACK, { isrc: ON_RELEASE });
    expect(again.data).toEqual(data);
    expect(fakes.discogsSearches() - before).toBe(1);
  });

  it('says FOUND without a link for a second recording of a release already linked, and does not search again', async () => {
    await execute(links, TRACK, { isrc: ON_RELEASE });
    const before = fakes.discogsSearches();
    const { data } = await execute(links, TRACK, { isrc: ALBUM_MATE });
    expect(data!.track.links.some((link: { source: string }) => link.source === 'DISCOGS')).toBe(false);
    expect(data!.track.linkStatus).toEqual([{ source: 'DISCOGS', state: 'FOUND', reason: SHARED_ID_REASON }]);
    const again = await execute(links, TRACK, { isrc: ALBUM_MATE });
    expect(again.data).toEqual(data);
    expect(fakes.discogsSearches() - before).toBeLessThanOrEqual(1);
    expect(again.sql.some((statement) => statement.includes('"TrackRelease"'))).toBe(false);
  });

  it('does not ask Discogs about a track with no known barcode, and says why', async () => {
    const before = fakes.discogsSearches();
    const { data, errors, sql } = await execute(links, TRACK, { isrc: NO_BARCODE });
    expect(errors).toBeUndefined();
    expect(fakes.discogsSearches()).toBe(before);
    expect(fakes.requests()).toEqual(NONE);
    expect(data!.track.linkStatus).toEqual([
      { source: 'DISCOGS', state: 'UNCHECKED', reason: 'Discogs is searched by release barcode (UPC); no barcode is known for this recording' },
    ]);
    expect(await links.prisma.linkStatus.count({ where: { isrc: NO_BARCODE! } })).toBe(0);
    expect(sql.some((statement) => statement.includes('INSERT INTO "LinkStatus"'))).toBe(false);
  });

  it('lists Discogs as enabled in discoveryPlatforms', async () => {
    const { data } = await execute(links, `{ discoveryPlatforms { source enabled reason } }`);
    expect(data!.discoveryPlatforms).toContainEqual({ source: 'DISCOGS', enabled: true, reason: null });
  });
});

describe('Discogs without DISCOGS_TOKEN', () => {
  let disabled: Subgraph<LinksPrisma, Context>;
  beforeAll(async () => {
    const clients = [...fakes.clients.filter((client) => client.platform !== 'DISCOGS'), new DiscogsClient({ token: null, apiUrl: fakes.discogs!.url })];
    disabled = await createTestSubgraph(
      { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, clients) },
      { env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '3000' }, seed: false },
    );
    const { id } = await disabled.prisma.$transaction((tx) => upsertTrack(tx, {
      isrc: ON_RELEASE!, title: 'Song', artists: [{ name: 'Catalog Artist' }],
      links: [
        { platform: 'SPOTIFY', externalId: '0000000000000000000009' }, { platform: 'APPLE_MUSIC', externalId: '9' },
        { platform: 'DEEZER', externalId: '9' }, { platform: 'TIDAL', externalId: '9' },
      ],
    }));
    await disabled.prisma.release.create({ data: { title: 'Ummagumma', upc: UMMAGUMMA.upc, tracks: { create: { trackId: id } } } });
  });
  afterAll(() => disabled?.close());

  it('never asks Discogs, and says why', async () => {
    const before = fakes.discogsSearches();
    const { data, errors } = await execute(disabled, TRACK, { isrc: ON_RELEASE });
    expect(errors).toBeUndefined();
    expect(fakes.discogsSearches()).toBe(before);
    expect(data!.track.linkStatus).toEqual([{ source: 'DISCOGS', state: 'UNCHECKED', reason: 'DISCOGS_TOKEN is not set' }]);
    const platforms = await execute(disabled, `{ discoveryPlatforms { source enabled reason } }`);
    expect(platforms.data!.discoveryPlatforms).toContainEqual({ source: 'DISCOGS', enabled: false, reason: 'DISCOGS_TOKEN is not set' });
  });
});
