import type { LibraryPrisma } from '../../subgraphs/library/src/db.ts';
import type { MatchStatus, Prisma, Provider } from './generated/client.ts';
import { seedDemoProfiles } from './seedProfiles.ts';

/** One provider's ID for an artist, album or track, and how enrichment went. */
export interface DemoExternalId {
  provider: Provider;
  externalId: string;
  matchStatus: MatchStatus;
  lastAttempted: Date;
}

/** A demo track: its columns and its provider IDs. */
export type DemoTrack = Omit<Prisma.TrackUncheckedCreateInput, 'id' | 'accountId' | 'albumId' | 'artistId' | 'externalIds'> & { externalIds?: DemoExternalId[] };

/** A demo album: its columns, provider IDs and tracks. */
export type DemoAlbum = Omit<Prisma.AlbumUncheckedCreateInput, 'id' | 'accountId' | 'artistId' | 'tracks' | 'externalIds'> & {
  externalIds?: DemoExternalId[];
  tracks: DemoTrack[];
};

/** A demo artist: its columns, provider IDs and albums. */
export type DemoArtist = Omit<Prisma.ArtistCreateInput, 'accountId' | 'albums' | 'tracks' | 'externalIds'> & {
  externalIds?: DemoExternalId[];
  albums: DemoAlbum[];
};

/** The account the demo library belongs to: the gateway's demo key's (DEMO_ACCOUNT_ID in subgraphs/links/src/credits/accounts.ts). */
export const DEMO_ACCOUNT_ID = 'demo';

// The library document's timestamps carry no zone; they are read as UTC.
const ADDED = new Date('2025-12-01T14:30:00Z');
const UPDATED = new Date('2026-02-15T09:12:00Z');
const ENRICHED = new Date('2026-01-10T08:00:00Z');

function matched(provider: Provider, externalId: string): DemoExternalId {
  return { provider, externalId, matchStatus: 'MATCHED', lastAttempted: ENRICHED };
}

/**
 * The demo library (the demo account's), with the values of the SoulSync library
 * API examples: Radiohead (artist detail), "OK Computer" (album detail; cover and
 * barcode from the retag and MusicBrainz cache examples) and its tracks "Airbag"
 * (1), "Paranoid Android" (2, track detail) and "Subterranean Homesick Alien" (3),
 * and "A Moon Shaped Pool" (the recently-added example).
 */
export const DEMO_LIBRARY: DemoArtist[] = [
  {
    name: 'Radiohead',
    genres: ['alternative rock', 'art rock', 'experimental'],
    summary: 'Radiohead are an English rock band formed in Abingdon...',
    style: 'Alternative/Indie',
    mood: 'Melancholy',
    label: 'XL Recordings',
    serverSource: 'plex',
    createdAt: ADDED,
    updatedAt: UPDATED,
    externalIds: [
      matched('MUSICBRAINZ', 'a74b1b7f-71a5-4011-9441-d0b5e4122711'),
      matched('SPOTIFY', '4Z8W4fKeB5YxbusRsdQVPb'),
      matched('ITUNES', '657515'),
      matched('AUDIODB', '111239'),
      matched('DEEZER', '399'),
    ],
    albums: [
      {
        title: 'OK Computer',
        year: 1997,
        upc: '724385522925',
        thumbUrl: 'https://i.scdn.co/image/ab67616d0000b273c8b444df094c596ea9da41f6',
        genres: ['alternative rock'],
        trackCount: 12,
        durationMs: 3_198_000,
        style: 'Art Rock',
        mood: 'Anxious',
        label: 'Parlophone',
        explicit: false,
        recordType: 'ALBUM',
        serverSource: 'plex',
        createdAt: ADDED,
        updatedAt: UPDATED,
        externalIds: [
          matched('MUSICBRAINZ', 'a1c35a51-d102-4ce7-b7b0-8a4f68385bb2'),
          matched('SPOTIFY', '6dVIqQ8qmQ5GBnJ9shOYGE'),
          matched('ITUNES', '1097862703'),
          matched('AUDIODB', '2110483'),
          matched('DEEZER', '6575789'),
        ],
        tracks: [
          { title: 'Airbag', trackNumber: 1, discNumber: 1, serverSource: 'plex' },
          {
            title: 'Paranoid Android',
            isrc: 'GBAYE9700074',
            trackNumber: 2,
            discNumber: 1,
            durationMs: 383_000,
            filePath: '/music/Radiohead/OK Computer/02 - Paranoid Android.flac',
            bitrate: 1024,
            bpm: 82.5,
            explicit: false,
            style: 'Art Rock',
            mood: 'Anxious',
            serverSource: 'plex',
            createdAt: ADDED,
            updatedAt: UPDATED,
            // No AudioDB row: the document shows that provider as never attempted.
            externalIds: [
              matched('MUSICBRAINZ', 'b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74'),
              matched('SPOTIFY', '6LgJvl0Xdtc73RJ1mN1a7Z'),
              matched('ITUNES', '1097863011'),
              matched('DEEZER', '119606528'),
            ],
          },
          { title: 'Subterranean Homesick Alien', trackNumber: 3, discNumber: 1, serverSource: 'plex' },
        ],
      },
      // The recently-added example of the library document.
      { title: 'A Moon Shaped Pool', year: 2016, genres: ['art rock'], recordType: 'ALBUM', serverSource: 'plex', createdAt: UPDATED, updatedAt: UPDATED, tracks: [] },
    ],
  },
  // Not from the library document: added so the federated demo query (links'
  // "One More Time", ISRC GBDUW0000053) shows a library track for that recording.
  {
    name: 'Daft Punk',
    genres: ['electro', 'french house'],
    albums: [
      {
        title: 'Discovery',
        year: 2001,
        genres: ['electro', 'french house'],
        trackCount: 14,
        recordType: 'ALBUM',
        tracks: [{ title: 'One More Time', isrc: 'GBDUW0000053', trackNumber: 1, durationMs: 320_000 }],
      },
    ],
  },
];

type Tx = Parameters<Parameters<LibraryPrisma['$transaction']>[0]>[0];

/**
 * Writes the demo library; running it again changes nothing. These tables have
 * no natural unique keys, so each row is looked up by name or title first.
 */
export async function seedDemo(prisma: LibraryPrisma): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // Look-up-then-insert is only safe one seeder at a time (two processes may start together).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('trackgraph-seed:library:' || current_schema()))`;
    for (const artist of DEMO_LIBRARY) await seedArtist(tx, artist);
    await seedDemoProfiles(tx, DEMO_ACCOUNT_ID);
  });
}

async function seedArtist(tx: Tx, { albums, externalIds = [], ...fields }: DemoArtist): Promise<void> {
  const artist =
    (await tx.artist.findFirst({ where: { accountId: DEMO_ACCOUNT_ID, name: fields.name }, select: { id: true }, orderBy: { id: 'asc' } })) ??
    (await tx.artist.create({ data: { ...fields, accountId: DEMO_ACCOUNT_ID }, select: { id: true } }));
  // Keyed by (artist, provider): IDs already there are left as they are.
  await tx.artistExternalId.createMany({ data: externalIds.map((e) => ({ ...e, artistId: artist.id })), skipDuplicates: true });
  for (const album of albums) await seedAlbum(tx, artist.id, album);
}

async function seedAlbum(tx: Tx, artistId: number, { tracks, externalIds = [], ...fields }: DemoAlbum): Promise<void> {
  const album =
    (await tx.album.findFirst({ where: { artistId, title: fields.title }, select: { id: true }, orderBy: { id: 'asc' } })) ??
    (await tx.album.create({ data: { ...fields, artistId, accountId: DEMO_ACCOUNT_ID }, select: { id: true } }));
  await tx.albumExternalId.createMany({ data: externalIds.map((e) => ({ ...e, albumId: album.id })), skipDuplicates: true });
  for (const track of tracks) await seedTrack(tx, artistId, album.id, track);
}

async function seedTrack(tx: Tx, artistId: number, albumId: number, { externalIds = [], ...fields }: DemoTrack): Promise<void> {
  const track =
    (await tx.track.findFirst({ where: { albumId, title: fields.title }, select: { id: true }, orderBy: { id: 'asc' } })) ??
    (await tx.track.create({ data: { ...fields, artistId, albumId, accountId: DEMO_ACCOUNT_ID }, select: { id: true } }));
  await tx.trackExternalId.createMany({ data: externalIds.map((e) => ({ ...e, trackId: track.id })), skipDuplicates: true });
}
