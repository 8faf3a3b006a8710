import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../prisma/library/seed.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';

let seeded: Subgraph<LibraryPrisma, Context>;
let empty: Subgraph<LibraryPrisma, Context>;
beforeAll(async () => {
  [seeded, empty] = await Promise.all([createTestSubgraph(librarySubgraph), createTestSubgraph(librarySubgraph, { seed: false })]);
});
afterAll(async () => {
  await seeded?.close();
  await empty?.close();
});

const ENRICHED = new Date('2026-01-10T08:00:00Z');

/** Every row of every table, in a stable order. */
async function snapshot(prisma: LibraryPrisma) {
  return {
    artists: await prisma.artist.findMany({ orderBy: { id: 'asc' } }),
    albums: await prisma.album.findMany({ orderBy: { id: 'asc' } }),
    tracks: await prisma.track.findMany({ orderBy: { id: 'asc' } }),
    artistIds: await prisma.artistExternalId.findMany({ orderBy: [{ artistId: 'asc' }, { provider: 'asc' }] }),
    albumIds: await prisma.albumExternalId.findMany({ orderBy: [{ albumId: 'asc' }, { provider: 'asc' }] }),
    trackIds: await prisma.trackExternalId.findMany({ orderBy: [{ trackId: 'asc' }, { provider: 'asc' }] }),
  };
}

describe('demo data', () => {
  it('has Radiohead with the artist detail values and five matched provider IDs', async () => {
    const artist = await seeded.prisma.artist.findFirstOrThrow({ where: { name: 'Radiohead' }, include: { externalIds: { orderBy: { provider: 'asc' } } } });
    expect(artist).toMatchObject({
      genres: ['alternative rock', 'art rock', 'experimental'],
      style: 'Alternative/Indie',
      mood: 'Melancholy',
      label: 'XL Recordings',
      serverSource: 'plex',
      createdAt: new Date('2025-12-01T14:30:00Z'),
    });
    expect(artist.summary).toMatch(/^Radiohead are an English rock band formed in Abingdon/);
    expect(artist.externalIds.map(({ provider, externalId, matchStatus, lastAttempted }) => ({ provider, externalId, matchStatus, lastAttempted }))).toEqual([
      { provider: 'MUSICBRAINZ', externalId: 'a74b1b7f-71a5-4011-9441-d0b5e4122711', matchStatus: 'MATCHED', lastAttempted: ENRICHED },
      { provider: 'SPOTIFY', externalId: '4Z8W4fKeB5YxbusRsdQVPb', matchStatus: 'MATCHED', lastAttempted: ENRICHED },
      { provider: 'ITUNES', externalId: '657515', matchStatus: 'MATCHED', lastAttempted: ENRICHED },
      { provider: 'AUDIODB', externalId: '111239', matchStatus: 'MATCHED', lastAttempted: ENRICHED },
      { provider: 'DEEZER', externalId: '399', matchStatus: 'MATCHED', lastAttempted: ENRICHED },
    ]);
  });

  it('has OK Computer (1997) with its tracks in order, only Paranoid Android with an ISRC', async () => {
    const album = await seeded.prisma.album.findFirstOrThrow({ where: { title: 'OK Computer' }, include: { tracks: { orderBy: { trackNumber: 'asc' } }, externalIds: true } });
    expect(album).toMatchObject({ year: 1997, trackCount: 12, serverSource: 'plex' });
    expect(album.externalIds).toHaveLength(5);
    expect(album.tracks.map((t) => [t.trackNumber, t.title, t.isrc])).toEqual([
      [1, 'Airbag', null],
      [2, 'Paranoid Android', 'GBAYE9700074'],
      [3, 'Subterranean Homesick Alien', null],
    ]);
  });

  it('has Paranoid Android with the track detail values and no AudioDB ID', async () => {
    const track = await seeded.prisma.track.findFirstOrThrow({ where: { title: 'Paranoid Android' }, include: { externalIds: { orderBy: { provider: 'asc' } } } });
    expect(track).toMatchObject({
      durationMs: 383000,
      filePath: '/music/Radiohead/OK Computer/02 - Paranoid Android.flac',
      bitrate: 1024,
      bpm: 82.5,
      explicit: false,
      style: 'Art Rock',
      mood: 'Anxious',
      serverSource: 'plex',
    });
    expect(track.externalIds.map((e) => [e.provider, e.externalId, e.matchStatus])).toEqual([
      ['MUSICBRAINZ', 'b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74', 'MATCHED'],
      ['SPOTIFY', '6LgJvl0Xdtc73RJ1mN1a7Z', 'MATCHED'],
      ['ITUNES', '1097863011', 'MATCHED'],
      ['DEEZER', '119606528', 'MATCHED'],
    ]);
  });

  it("has Daft Punk's One More Time for the federated demo", async () => {
    const track = await seeded.prisma.track.findFirstOrThrow({ where: { isrc: 'GBDUW0000053' }, include: { artist: true, album: true } });
    expect([track.title, track.artist.name, track.album.title]).toEqual(['One More Time', 'Daft Punk', 'Discovery']);
  });
});

describe('seedDemo is idempotent', () => {
  it('changes nothing when run twice more', async () => {
    const before = await snapshot(seeded.prisma);
    await seedDemo(seeded.prisma);
    await seedDemo(seeded.prisma);
    expect(await snapshot(seeded.prisma)).toEqual(before);
  });

  it('restores a missing provider ID without duplicating anything else', async () => {
    const before = await snapshot(seeded.prisma);
    const paranoid = before.tracks.find((t) => t.title === 'Paranoid Android')!;
    await seeded.prisma.trackExternalId.delete({ where: { trackId_provider: { trackId: paranoid.id, provider: 'SPOTIFY' } } });
    await seedDemo(seeded.prisma);
    expect(await snapshot(seeded.prisma)).toEqual(before);
  });

  it('inserts once when two seeders start together on an empty database', async () => {
    await Promise.all([seedDemo(empty.prisma), seedDemo(empty.prisma)]);
    const rows = await snapshot(empty.prisma);
    expect([rows.artists, rows.albums, rows.tracks, rows.artistIds, rows.albumIds, rows.trackIds].map((r) => r.length)).toEqual([2, 3, 4, 5, 5, 4]);
  });
});
