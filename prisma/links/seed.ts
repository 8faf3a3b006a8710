import type { LinksPrisma } from '../../subgraphs/links/src/db.ts';
import { upsertTrack, type CatalogTrackInput } from '../../subgraphs/links/src/catalog/upsertTrack.ts';
import { backfillSearchColumns } from '../../subgraphs/links/src/search/backfillSearchColumns.ts';
import { seedDemoAccount } from '../../subgraphs/links/src/credits/accounts.ts';

/**
 * Demo recordings, with the values the reference documents show:
 * "One More Time" and its six links (ISRC lookup guide), "Paranoid Android"
 * with the IDs of the library API example, "EVIL J0RDAN" with the links of the
 * analytics API's track metadata example.
 */
export const DEMO_TRACKS: CatalogTrackInput[] = [
  {
    isrc: 'GBDUW0000053',
    title: 'One More Time',
    artists: [{ name: 'Daft Punk', isPrimary: true, isRemixer: false }],
    releaseTitle: 'Discovery',
    durationSeconds: 320,
    bpm: 123,
    key: 'F min',
    popularity: 87,
    energy: 0.78,
    genres: ['Electronic'],
    subgenres: ['House', 'French House'],
    links: [
      { platform: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn' },
      { platform: 'BEATPORT', externalId: '1234567' },
      { platform: 'APPLE_MUSIC', externalId: '1440650' },
      { platform: 'TIDAL', externalId: '3789025' },
      { platform: 'DISCOGS', externalId: '487193-2' },
      { platform: 'MUSICBRAINZ', externalId: '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41' },
    ],
  },
  {
    isrc: 'GBAYE9700074',
    title: 'Paranoid Android',
    artists: [{ name: 'Radiohead' }],
    releaseTitle: 'OK Computer',
    durationSeconds: 383,
    bpm: 82.5,
    links: [
      { platform: 'SPOTIFY', externalId: '6LgJvl0Xdtc73RJ1mN1a7Z' },
      { platform: 'APPLE_MUSIC', externalId: '1097863011' },
      { platform: 'DEEZER', externalId: '119606528' },
      { platform: 'MUSICBRAINZ', externalId: 'b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74' },
    ],
  },
  {
    isrc: 'USUM72414866',
    title: 'EVIL J0RDAN',
    artists: [{ name: 'Playboi Carti' }],
    releaseDate: new Date('2025-03-14T00:00:00Z'),
    artworkUrl: 'https://i.scdn.co/image/ab67616d0000b2734738d40fd634c7d08419b1e4',
    links: [
      { platform: 'SPOTIFY', externalId: '6iycYUk3oB0NPMdaDUrN1w' },
      { platform: 'APPLE_MUSIC', externalId: '1802175271' },
      { platform: 'DEEZER', externalId: '3278625201' },
      { platform: 'SHAZAM', externalId: '1802175276' },
    ],
  },
];

/** Writes the demo recordings; running it again changes nothing. */
export async function seedDemo(prisma: LinksPrisma): Promise<void> {
  await prisma.$transaction(async (tx) => {
    for (const track of DEMO_TRACKS) await upsertTrack(tx, track);
  });
  // Tracks written before the search columns existed (upsertTrack fills them from now on).
  await backfillSearchColumns(prisma);
  await seedDemoAccount(prisma);
}
