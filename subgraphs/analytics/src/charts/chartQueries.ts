import { groupByKeys } from '../../../../lib/loaderUtils.ts';
import { formatIsoDate } from '../../../../lib/scalars.ts';
import { Prisma } from '../../../../prisma/analytics/generated/client.ts';
import type { ChartFrequency, ChartPlatform, ChartType } from '../../../../prisma/analytics/generated/enums.ts';
import type { AnalyticsPrisma } from '../db.ts';
import type { ChartFilter } from './chartFilters.ts';

/** A chart as resolvers return it (genre and city null when the chart has none). */
export interface ChartRow {
  id: number;
  platform: ChartPlatform;
  country: string;
  type: ChartType;
  frequency: ChartFrequency;
  genre: string | null;
  city: string | null;
  latestDate: string | null;
}

/** A recording's position in one edition. */
export interface ChartPositionRow {
  chart: ChartRow;
  date: string;
  position: number;
  previousPosition: number | null;
  streams: bigint | null;
}

/** One key of the per-track chart loaders: an ISRC and a filter (and a range for history). */
export interface ChartFieldKey {
  isrc: string;
  filter: ChartFilter;
  from?: string | null;
  to?: string | null;
}

/** Equal ISRC and arguments share one load. */
export const chartFieldCacheKey = (key: ChartFieldKey) => JSON.stringify([key.isrc, key.filter, key.from ?? null, key.to ?? null]);

type RawChart = { chartId: number; platform: ChartPlatform; country: string; type: ChartType; frequency: ChartFrequency; genre: string; city: string; latestDate: Date | null };

/** A chart row from the raw columns every query below selects. */
export function chartOf(row: RawChart): ChartRow {
  return { id: row.chartId, platform: row.platform, country: row.country, type: row.type, frequency: row.frequency, genre: row.genre || null, city: row.city || null, latestDate: row.latestDate ? formatIsoDate(row.latestDate) : null };
}

/** Days back to the previous edition of chart `c`: a day, or a week for weekly charts. */
export const PREVIOUS_EDITION_DAYS = Prisma.sql`(CASE c.frequency WHEN 'WEEKLY' THEN 7 ELSE 1 END)`;

const CHART_COLUMNS = Prisma.sql`c.id AS "chartId", c.platform, c.country, c.type, c.frequency, c.genre, c.city, c."latestDate"`;

/** The SQL condition of a filter on `c` (the chart). */
export function chartCondition(filter: ChartFilter): Prisma.Sql {
  const parts = [
    filter.platform && Prisma.sql`c.platform = ${filter.platform}::"ChartPlatform"`,
    filter.country && Prisma.sql`c.country = ${filter.country}`,
    filter.type && Prisma.sql`c.type = ${filter.type}::"ChartType"`,
    filter.frequency && Prisma.sql`c.frequency = ${filter.frequency}::"ChartFrequency"`,
    filter.genre !== undefined && Prisma.sql`lower(c.genre) = lower(${filter.genre})`,
    filter.city !== undefined && Prisma.sql`lower(c.city) = lower(${filter.city})`,
  ].filter((part): part is Prisma.Sql => Boolean(part));
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`;
}

/** Groups keys by filter (and range), so each distinct set of arguments costs one statement for all their ISRCs. */
function byArguments(keys: readonly ChartFieldKey[]): Map<string, { key: ChartFieldKey; isrcs: string[] }> {
  const groups = new Map<string, { key: ChartFieldKey; isrcs: string[] }>();
  for (const key of keys) {
    const id = JSON.stringify([key.filter, key.from ?? null, key.to ?? null]);
    const group = groups.get(id) ?? { key, isrcs: [] };
    if (!group.isrcs.includes(key.isrc)) group.isrcs.push(key.isrc);
    groups.set(id, group);
  }
  return groups;
}

/** Runs `query` once per distinct arguments and hands each key its ISRC's rows. */
async function perKey<R extends { isrc: string }>(keys: readonly ChartFieldKey[], query: (key: ChartFieldKey, isrcs: string[]) => Promise<R[]>): Promise<R[][]> {
  const groups = [...byArguments(keys).values()];
  const results = await Promise.all(groups.map(({ key, isrcs }) => query(key, isrcs)));
  const rowsOf = new Map<string, R[]>();
  groups.forEach(({ key, isrcs }, index) => {
    const grouped = groupByKeys(isrcs, results[index]!, (row) => row.isrc.trim());
    isrcs.forEach((isrc, i) => rowsOf.set(chartFieldCacheKey({ ...key, isrc }), grouped[i]!));
  });
  return keys.map((key) => rowsOf.get(chartFieldCacheKey(key)) ?? []);
}

type RawPosition = RawChart & { isrc: string; date: Date; position: number; streams: bigint | null; statedPrevious: number | null; previousDate: Date | null; previousPosition: number | null };

/**
 * Current positions: each recording's entries in the newest edition of every
 * chart matching the filter, with its position in the previous edition (the
 * day, or week, before): null when it was not there, and the source's stated
 * previous position when that edition is not stored. One statement per
 * distinct filter.
 */
export function loadCurrentPositions(prisma: AnalyticsPrisma, keys: readonly ChartFieldKey[]): Promise<ChartPositionRow[][]> {
  return perKey(keys, async ({ filter }, isrcs) => {
    const rows = await prisma.$queryRaw<RawPosition[]>`
      SELECT e.isrc, e.date, e.position, e.streams, e."statedPrevious", ${CHART_COLUMNS}, prev.date AS "previousDate", earlier.position AS "previousPosition"
      FROM "ChartEntry" e
      JOIN "Chart" c ON c.id = e."chartId" AND e.date = c."latestDate"
      LEFT JOIN LATERAL (SELECT max(d.date) AS date FROM "ChartEntry" d WHERE d."chartId" = e."chartId" AND d.date = e.date - ${PREVIOUS_EDITION_DAYS}) prev ON true
      LEFT JOIN LATERAL (SELECT min(p.position) AS position FROM "ChartEntry" p WHERE p."chartId" = e."chartId" AND p.date = prev.date AND p.isrc = e.isrc) earlier ON true
      WHERE e.isrc = ANY(${isrcs}::text[]) AND ${chartCondition(filter)}
      ORDER BY e.isrc, e.position, c.id`;
    return rows.map((row) => ({
      isrc: row.isrc,
      chart: chartOf(row),
      date: formatIsoDate(row.date),
      position: row.position,
      previousPosition: row.previousDate ? row.previousPosition : row.statedPrevious,
      streams: row.streams,
    }));
  });
}

type RawPeak = RawChart & { isrc: string; date: Date; position: number; streams: bigint | null };

/**
 * Best position per chart and the first date it was reached: one statement per
 * distinct filter. Reads "ChartPeak", which triggers derive from the stored
 * history on every write, so a peak costs one row however long the history.
 */
export function loadPeaks(prisma: AnalyticsPrisma, keys: readonly ChartFieldKey[]): Promise<ChartPositionRow[][]> {
  return perKey(keys, async ({ filter }, isrcs) => {
    const rows = await prisma.$queryRaw<RawPeak[]>`
      SELECT p.isrc, p.date, p.position, e.streams, ${CHART_COLUMNS}
      FROM "ChartPeak" p
      JOIN "Chart" c ON c.id = p."chartId"
      LEFT JOIN "ChartEntry" e ON e."chartId" = p."chartId" AND e.date = p.date AND e.position = p.position
      WHERE p.isrc = ANY(${isrcs}::text[]) AND ${chartCondition(filter)}
      ORDER BY p.isrc, p.position, c.id`;
    return rows.map((row) => ({ isrc: row.isrc, chart: chartOf(row), date: formatIsoDate(row.date), position: row.position, previousPosition: null, streams: row.streams }));
  });
}

/** A recording's positions in one chart, oldest first. */
export interface ChartHistoryRow {
  chart: ChartRow;
  points: { date: string; position: number; streams: bigint | null }[];
}

/** Every stored position within the range, grouped by chart: one statement per distinct filter and range. */
export async function loadHistory(prisma: AnalyticsPrisma, keys: readonly ChartFieldKey[]): Promise<ChartHistoryRow[][]> {
  const entries = await perKey(keys, async ({ filter, from, to }, isrcs) => {
    const rows = await prisma.$queryRaw<RawPeak[]>`
      SELECT e.isrc, e.date, e.position, e.streams, ${CHART_COLUMNS}
      FROM "ChartEntry" e JOIN "Chart" c ON c.id = e."chartId"
      WHERE e.isrc = ANY(${isrcs}::text[]) AND ${chartCondition(filter)}
        ${from ? Prisma.sql`AND e.date >= ${from}::date` : Prisma.empty} ${to ? Prisma.sql`AND e.date <= ${to}::date` : Prisma.empty}
      ORDER BY e.isrc, c.id, e.date, e.position`;
    return rows;
  });
  return entries.map((rows) => {
    const charts = new Map<number, ChartHistoryRow>();
    for (const row of rows) {
      const history = charts.get(row.chartId) ?? { chart: chartOf(row), points: [] };
      // A recording twice in one edition (two versions): its best position counts.
      if (history.points.at(-1)?.date !== formatIsoDate(row.date)) history.points.push({ date: formatIsoDate(row.date), position: row.position, streams: row.streams });
      charts.set(row.chartId, history);
    }
    return [...charts.values()];
  });
}
