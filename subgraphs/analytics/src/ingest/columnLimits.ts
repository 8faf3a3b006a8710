/**
 * The sizes the analytics tables allow (prisma/analytics/schema.prisma), so an
 * importer can refuse one record that would not fit instead of letting the
 * database fail, and roll back, the whole file.
 */
export const COLUMN_LIMITS = {
  /** ChartEntry.trackName, ChartEntry.artistNames, Playlist.name (characters). */
  name: 500,
  /** Chart.genre, Chart.city. */
  genreOrCity: 100,
  /** ChartEntry.externalId. */
  chartExternalId: 64,
  /** Playlist.artworkUrl. */
  url: 1000,
  /** Postgres `integer`: positions, followers. */
  int: 2_147_483_647,
  /** Postgres `bigint`: streams and totals. */
  bigint: 9_223_372_036_854_775_807n,
} as const;

/** Length in characters as Postgres counts them for `varchar(n)` (code points, not UTF-16 units). */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
