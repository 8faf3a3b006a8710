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
  /** The analytics database's current write generation: a cached series read under another one is stale. Null: cache nothing. */
  writeGeneration: (() => Promise<string>) | null;
}

/**
 * A series as stored in the cache, with the write generation it was read
 * under (any write to analytics — an import, a collector, ISRC resolution —
 * replaces it). JSON has no BigInt, so totals travel as decimal strings.
 */
interface CachedSeries {
  generation: string;
  points: [date: string, total: string][];
}

/** Identity of a series, for the DataLoader and the shared cache alike. */
export function seriesCacheKey({ metric, isrc, from, to }: SeriesKey): string {
  return `${metric}:${isrc}:${from ?? '*'}:${to ?? '*'}`;
}

/**
 * DataLoader batch function: the daily counts of every key, in key order. One
 * cache read for the whole batch (beside the write generation), then one SQL
 * statement per distinct metric and range for the series the cache did not
 * have or had from before the last write, which are then cached.
 */
export async function loadStreamSeries(source: SeriesSource, keys: readonly SeriesKey[]): Promise<DailyCountRow[][]> {
  const cacheKeys = keys.map(seriesCacheKey);
  // The generation is read before the database: a series read while a write commits is stored under the old one and dies.
  const [generation, entries] = source.writeGeneration
    ? await Promise.all([source.writeGeneration(), source.cache.getMany<CachedSeries>(cacheKeys)])
    : [undefined, keys.map(() => undefined)];
  const cached = entries.map((entry) => (generation !== undefined && entry?.generation === generation ? entry.points : undefined));
  const series: (StreamPoint[] | undefined)[] = cached.map((points) => points?.map(([date, total]) => ({ date, total: BigInt(total) })));

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

  if (generation === undefined) return keys.map((key, index) => dailyCounts(series[index]!, key.from));
  const loaded = keys.flatMap((_key, index) => (cached[index] === undefined ? [index] : []));
  await source.cache.setMany(
    loaded.map((index) => [cacheKeys[index]!, { generation, points: series[index]!.map(({ date, total }) => [date, total.toString()]) } satisfies CachedSeries] as const),
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
