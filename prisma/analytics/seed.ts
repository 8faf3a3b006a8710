import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';

/** ISRC of "EVIL J0RDAN" (Playboi Carti), the analytics API's example track. */
export const EVIL_J0RDAN_ISRC = 'USUM72414866';

/**
 * Spotify stream totals of "EVIL J0RDAN" from the "Spotify stream count"
 * example (2025-03-04 … 2025-03-08). The document gives no total for
 * 2025-03-03 but shows daily 4739320 for 2025-03-04, so that day's total is
 * 478314222 − 4739320 = 473574902: with it, the range 2025-03-04…08 answers
 * exactly the document's example.
 */
export const DEMO_SPOTIFY_STREAMS: { isrc: string; date: string; total: bigint }[] = [
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-03', total: 473_574_902n },
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-04', total: 478_314_222n },
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-05', total: 478_314_222n },
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-06', total: 487_627_607n },
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-07', total: 492_452_419n },
  { isrc: EVIL_J0RDAN_ISRC, date: '2025-03-08', total: 497_226_101n },
];

/** Writes the demo series; running it again changes nothing (existing days are kept). */
export async function seedDemo(prisma: AnalyticsPrisma): Promise<void> {
  await prisma.spotifyStreamCount.createMany({
    data: DEMO_SPOTIFY_STREAMS.map(({ isrc, date, total }) => ({ isrc, date: new Date(`${date}T00:00:00Z`), total })),
    skipDuplicates: true,
  });
}
