import type { AudioMatchesPrisma } from '../../subgraphs/audio-matches/src/db.ts';
import { saveAnalysis, type AnalysisInput, type MatchInput } from '../../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';

/** The account that owns the demo analysis (the key `npm start` prints). */
export const DEMO_ACCOUNT_ID = 'demo';

/** Canonical id of the demo track the matches belong to (the links subgraph's "One More Time"). */
export const DEMO_TRACK_ID = trackIdForIsrc('GBDUW0000053');

/** The Track Matches document's `created-at`/`updated-at`. */
export const DEMO_TIME = new Date('2023-04-19T03:13:13Z');

/** The analysis that found the demo matches: one per account and track, without a source file. */
export const DEMO_ANALYSIS: AnalysisInput = {
  accountId: DEMO_ACCOUNT_ID,
  trackId: DEMO_TRACK_ID,
  source: 'DEMO',
  sourceFile: null,
  status: 'DONE',
  analyzedAt: DEMO_TIME,
};

/**
 * The two matches of the Track Matches document, attribute for attribute
 * (`is-cover` 0/1 as booleans). The document links each relation without
 * listing its rows, so the artists, distributors, offsets and platform artists
 * are plausible values of our own. Its ISWC `T9998887775` fails the ISWC check
 * digit (it would be 7): the store keeps invalid codes out, so it is null.
 */
export const DEMO_MATCHES: MatchInput[] = [
  {
    isCover: false,
    title: 'Julian Guy Gays',
    albumTitle: 'This And That',
    isrc: 'QMQGC2201053',
    albumUpc: '123456789012',
    iswc: 'T9998887775',
    label: 'My Label',
    releaseDate: '2022-07-06',
    youtubeId: 'Yt123456789',
    spotify: { id: '1dNIEtp7AY3oDAKCGg2XkH', title: 'Julian Guy Gays', albumId: '3RQQmkQEvNCY4prGKE6oc5', albumName: 'This and That' },
    appleId: null,
    deezer: { id: '987654321', title: 'Julian Guy Gays', albumId: '12345678', albumName: 'This And That' },
    confidenceScore: 90,
    artists: ['Julian Guy'],
    distributors: ['My Label Distribution'],
    timeOffsets: [{ trackStartMs: 12_000, trackEndMs: 21_480, matchStartMs: 64_240, matchEndMs: 73_720 }],
    spotifyArtists: [{ id: '2mVVjNmdjXZZDvhgQWiakk', name: 'Julian Guy' }],
    deezerArtists: [{ id: '5120348', name: 'Julian Guy' }],
  },
  {
    isCover: true,
    title: 'Elyot',
    albumTitle: 'Awakes Unknown',
    isrc: 'QM8XZ2204352',
    albumUpc: '197368767154',
    iswc: null,
    label: 'EMS Records',
    releaseDate: '2023-04-07',
    youtubeId: 'aBcDeFg1234',
    spotify: { id: '0sNOF9WDwhWunNAHPD3Baj', title: 'Elyot', albumId: '6akEvsycLGftJxYudPjmqK', albumName: 'Awakes Unknown' },
    appleId: '1459876543',
    deezer: { id: '87654321', title: 'Elyot', albumId: '3135556', albumName: 'Awakes Unknown' },
    confidenceScore: null,
    artists: ['Elyot', 'Awakes'],
    distributors: ['EMS Records', 'DistroKid'],
    timeOffsets: [
      { trackStartMs: 0, trackEndMs: 9_960, matchStartMs: 31_000, matchEndMs: 40_960 },
      { trackStartMs: 60_000, trackEndMs: 69_900, matchStartMs: 91_200, matchEndMs: 101_100 },
    ],
    spotifyArtists: [
      { id: '3fMbdgg4jU18AjLCKBhRSm', name: 'Elyot' },
      { id: '7dGJo4pcD2V6oG8kP0tJRR', name: 'Awakes' },
    ],
    deezerArtists: [
      { id: '13612387', name: 'Elyot' },
      { id: '4495513', name: 'Awakes' },
    ],
  },
];

/**
 * Writes the demo analysis and its matches through the store, dated as the
 * document dates them. On a fresh database the matches get the document's ids
 * 1 and 2 (inserted in order); running it again changes nothing.
 */
export async function seedDemo(prisma: AudioMatchesPrisma): Promise<void> {
  await saveAnalysis(prisma, DEMO_ANALYSIS, DEMO_MATCHES, { now: DEMO_TIME });
}
