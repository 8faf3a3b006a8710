import type { Prisma } from './generated/client.ts';
import type { AudioMatchesPrisma } from '../../subgraphs/audio-matches/src/db.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';

/** Owner of the demo track (the links subgraph's "One More Time"). */
export const DEMO_OWNER_ID = 'demo';

/** Canonical id of the demo track the matches belong to. */
export const DEMO_TRACK_ID = trackIdForIsrc('GBDUW0000053');

const DOCUMENT_TIME = new Date('2023-04-19T03:13:13Z');

/**
 * The two matches of the Track Matches API example, with its ids and values
 * (`is-cover` 0/1 as booleans, the ISWC as the document gives it).
 */
export const DEMO_MATCHES: Prisma.TrackMatchCreateManyInput[] = [
  {
    id: 1,
    trackId: DEMO_TRACK_ID,
    ownerId: DEMO_OWNER_ID,
    isCover: false,
    title: 'Julian Guy Gays',
    albumTitle: 'This And That',
    isrc: 'QMQGC2201053',
    albumUpc: '123456789012',
    iswc: 'T9998887775',
    label: 'My Label',
    releaseDate: new Date('2022-07-06T00:00:00Z'),
    youtubeId: 'Yt123456789',
    spotifyId: '1dNIEtp7AY3oDAKCGg2XkH',
    spotifyTitle: 'Julian Guy Gays',
    spotifyAlbumId: '3RQQmkQEvNCY4prGKE6oc5',
    spotifyAlbumName: 'This and That',
    appleId: null,
    deezerId: '987654321',
    deezerTitle: 'Julian Guy Gays',
    deezerAlbumId: '12345678',
    deezerAlbumName: 'This And That',
    confidenceScore: 90,
    createdAt: DOCUMENT_TIME,
    updatedAt: DOCUMENT_TIME,
  },
  {
    id: 2,
    trackId: DEMO_TRACK_ID,
    ownerId: DEMO_OWNER_ID,
    isCover: true,
    title: 'Elyot',
    albumTitle: 'Awakes Unknown',
    isrc: 'QM8XZ2204352',
    albumUpc: '197368767154',
    iswc: null,
    label: 'EMS Records',
    releaseDate: new Date('2023-04-07T00:00:00Z'),
    youtubeId: 'aBcDeFg1234',
    spotifyId: '0sNOF9WDwhWunNAHPD3Baj',
    spotifyTitle: 'Elyot',
    spotifyAlbumId: '6akEvsycLGftJxYudPjmqK',
    spotifyAlbumName: 'Awakes Unknown',
    appleId: '1459876543',
    deezerId: '87654321',
    deezerTitle: 'Elyot',
    deezerAlbumId: '3135556',
    deezerAlbumName: 'Awakes Unknown',
    confidenceScore: null,
    createdAt: DOCUMENT_TIME,
    updatedAt: DOCUMENT_TIME,
  },
];

/** Writes the demo matches with the document's ids 1 and 2; running it again changes nothing. */
export async function seedDemo(prisma: AudioMatchesPrisma): Promise<void> {
  await prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: existing rows (demo or not) are never touched.
    const { count } = await tx.trackMatch.createMany({ data: DEMO_MATCHES, skipDuplicates: true });
    if (count === 0) return;
    // Explicit ids bypass the id sequence; move it past them (never backwards)
    // so the next insert does not collide with a demo row.
    await tx.$executeRaw`
      SELECT setval(seq, GREATEST((SELECT MAX(id) FROM "TrackMatch"), pg_sequence_last_value(seq)))
      FROM (SELECT pg_get_serial_sequence('"TrackMatch"', 'id')::regclass AS seq) AS serial`;
  });
}
