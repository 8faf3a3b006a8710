import { indexByKeys } from '../../../lib/loaderUtils.ts';
import { formatIsoDate } from '../../../lib/scalars.ts';
import type { AnalyticsPrisma } from './db.ts';
import type { Metric } from './streamSeries.ts';

/** The newest total of a series. */
export interface LatestCountRow {
  date: string;
  total: bigint;
}

/** DataLoader batch function: the newest total of each ISRC (null when none), one statement for all of them. */
export async function loadLatestTotals(prisma: AnalyticsPrisma, metric: Metric, isrcs: readonly string[]): Promise<(LatestCountRow | null)[]> {
  // DISTINCT ON keeps each ISRC's newest row; the primary key (isrc, date) serves it.
  const rows =
    metric === 'shazams'
      ? await prisma.$queryRaw<{ isrc: string; date: Date; total: bigint }[]>`
          SELECT DISTINCT ON (isrc) isrc, date, total FROM "ShazamCount" WHERE isrc = ANY(${[...isrcs]}::text[]) ORDER BY isrc, date DESC`
      : await prisma.$queryRaw<{ isrc: string; date: Date; total: bigint }[]>`
          SELECT DISTINCT ON (isrc) isrc, date, total FROM "SpotifyStreamCount" WHERE isrc = ANY(${[...isrcs]}::text[]) ORDER BY isrc, date DESC`;
  return indexByKeys(isrcs, rows, (row) => row.isrc.trim()).map((row) => (row ? { date: formatIsoDate(row.date), total: BigInt(row.total) } : null));
}
