import type { Cache } from '../../../lib/cache/Cache.ts';
import { groupByKeys } from '../../../lib/loaderUtils.ts';
import { formatIsoDate, parseIsoDate } from '../../../lib/scalars.ts';
import type { AnalyticsPrisma } from './db.ts';
import { dailyCounts, firstDayToRead, type DailyCountRow, type DateRange, type StreamPoint } from './streams.ts';

/** The cumulative daily series analytics keeps per recording. */
export type Metric = 'spotifyStreams' | 'shazams';

/** The series one `spotifyStreams` or `shazams` field asks for: the metric, an ISRC (normalized, valid) and a range. */
export interface SeriesKey extends DateRange {
  metric: Metric;
  isrc: string;
}

/** What {@link loadStreamSeries} reads from. */
export interface SeriesSource {
  prisma: AnalyticsPrisma;
  cache: Cache;
  /** TTL of a cached series. */
  cacheTtlSeconds: number;
}

/** A series as stored in the cache: JSON has no BigInt, so totals travel as decimal strings. */
type CachedSeries = [date: string, total: string][];

/** Identity of a series, for the DataLoader and the shared cache alike. */
export function seriesCacheKey({ metric, isrc, from, to }: SeriesKey): string {
  return `${metric}:${isrc}:${from ?? '*'}:${to ?? '*'}`;
}

/**
 * DataLoader batch function: the daily counts of every key, in key order. One
 * cache read for the whole batch, then one SQL statement per distinct metric
 * and range for the series the cache did not have, which are then cached.
 */
export async function loadStreamSeries(source: SeriesSource, keys: readonly SeriesKey[]): Promise<DailyCountRow[][]> {
  const cacheKeys = keys.map(seriesCacheKey);
  const cached = await source.cache.getMany<CachedSeries>(cacheKeys);
  const series: (StreamPoint[] | undefined)[] = cached.map((entry) => entry?.map(([date, total]) => ({ date, total: BigInt(total) })));

  const missesByRange = new Map<string, number[]>();
  keys.forEach((key, index) => {
    if (series[index] !== undefined) return;
    const range = `${key.metric}|${key.from}|${key.to}`;
    missesByRange.set(range, [...(missesByRange.get(range) ?? []), index]);
  });
  await Promise.all(
    [...missesByRange.values()].map(async (indexes) => {
      const isrcs = indexes.map((index) => keys[index]!.isrc);
      const points = groupByKeys(isrcs, await readRange(source.prisma, isrcs, keys[indexes[0]!]!), (point) => point.isrc);
      indexes.forEach((keyIndex, position) => (series[keyIndex] = points[position]));
    }),
  );

  const loaded = keys.flatMap((_key, index) => (cached[index] === undefined ? [index] : []));
  await source.cache.setMany(
    loaded.map((index) => [cacheKeys[index]!, series[index]!.map(({ date, total }) => [date, total.toString()])] as const),
    source.cacheTtlSeconds,
  );
  return keys.map((key, index) => dailyCounts(series[index]!, key.from));
}

/** The stored totals of `isrcs` within `range`, plus the day before it: one statement. */
async function readRange(prisma: AnalyticsPrisma, isrcs: string[], range: SeriesKey): Promise<(StreamPoint & { isrc: string })[]> {
  const first = firstDayToRead(range);
  const where = {
    isrc: { in: isrcs },
    ...(first !== null || range.to !== null
      ? { date: { ...(first !== null && { gte: parseIsoDate(first) }), ...(range.to !== null && { lte: parseIsoDate(range.to) }) } }
      : {}),
  };
  const rows = range.metric === 'shazams' ? await prisma.shazamCount.findMany({ where }) : await prisma.spotifyStreamCount.findMany({ where });
  return rows.map((row) => ({ isrc: row.isrc, date: formatIsoDate(row.date), total: row.total }));
}
