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

/** Writes the demo data through the importers' writers; running it again changes nothing. */
export async function seedDemo(prisma: AnalyticsPrisma): Promise<void> {
  const { DEMO_CHART_ENTRIES, DEMO_CHART_TRACK, DEMO_FOLLOWERS, DEMO_PLAYLISTS, DEMO_SHAZAMS } = await import('./demoAnalytics.ts');
  const { writeChartEdition, writePlaylistSnapshot, storeDailyTotals } = await import('../../subgraphs/analytics/src/ingest/store.ts');
  await prisma.$transaction(async (tx) => {
    await storeDailyTotals(tx, 'spotifyStreams', DEMO_SPOTIFY_STREAMS);
    await storeDailyTotals(tx, 'shazams', DEMO_SHAZAMS.map((point) => ({ isrc: EVIL_J0RDAN_ISRC, ...point })));
    // The followers history first: each point is a snapshot of its day; the playlist's current state is the newest.
    const [first] = DEMO_PLAYLISTS;
    for (const { date, followers } of DEMO_FOLLOWERS) await writePlaylistSnapshot(tx, { platform: first.platform, externalId: first.externalId, date, followers });
    for (const { placements, ...playlist } of DEMO_PLAYLISTS) {
      await writePlaylistSnapshot(tx, { ...playlist, date: DEMO_SNAPSHOT_DATE, placements: placements.map((p) => ({ isrc: EVIL_J0RDAN_ISRC, ...p })) });
    }
    for (const [platform, country, type, frequency, genre, city, date, position, statedPrevious, streams] of DEMO_CHART_ENTRIES) {
      // Only Spotify's charts name the track by its Spotify id.
      const entry = { ...DEMO_CHART_TRACK, externalId: platform === 'SPOTIFY' ? DEMO_CHART_TRACK.externalId : null, position, statedPrevious, streams };
      await writeChartEdition(tx, { platform, country, type, frequency, genre, city, date, entries: [entry] } as never);
    }
  });
}

/** The day the reference's playlist examples were taken (its followers example ends then). */
const DEMO_SNAPSHOT_DATE = '2025-03-17';
