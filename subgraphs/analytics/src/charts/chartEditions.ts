import { decodeIntCursor, parseFirst, toConnection, type Connection } from '../../../../lib/pagination.ts';
import type { AnalyticsPrisma } from '../db.ts';
import type { ChartFilter } from './chartFilters.ts';
import { chartCondition, chartOf, type ChartRow } from './chartQueries.ts';

/** One edition of a chart, as `Query.chart` returns it. */
export interface ChartEditionRow {
  chart: ChartRow;
  date: string;
}

/** One entry of an edition, as resolvers return it. */
export interface ChartEntryRow {
  position: number;
  previousPosition: number | null;
  streams: bigint | null;
  trackName: string;
  artistNames: string;
  externalId: string | null;
  isrc: string | null;
}

/** A page of an edition's entries. */
export type ChartEntryConnectionRow = Connection<ChartEntryRow>;

/** The chart named exactly (platform, country, type, frequency, genre, city), or null. */
export async function findChart(prisma: AnalyticsPrisma, name: Required<Omit<ChartFilter, 'genre' | 'city'>> & { genre: string; city: string }): Promise<ChartRow | null> {
  const [row] = await prisma.$queryRaw<Parameters<typeof chartOf>[0][]>`
    SELECT c.id AS "chartId", c.platform, c.country, c.type, c.frequency, c.genre, c.city, c."latestDate" FROM "Chart" c
    WHERE c.platform = ${name.platform}::"ChartPlatform" AND c.country = ${name.country} AND c.type = ${name.type}::"ChartType"
      AND c.frequency = ${name.frequency}::"ChartFrequency" AND lower(c.genre) = lower(${name.genre}) AND lower(c.city) = lower(${name.city})`;
  return row ? chartOf(row) : null;
}

/** The charts matching a filter, by platform, country, type, frequency, genre and city. */
export async function listCharts(prisma: AnalyticsPrisma, filter: ChartFilter): Promise<ChartRow[]> {
  const rows = await prisma.$queryRaw<Parameters<typeof chartOf>[0][]>`
    SELECT c.id AS "chartId", c.platform, c.country, c.type, c.frequency, c.genre, c.city, c."latestDate" FROM "Chart" c
    WHERE ${chartCondition(filter)} ORDER BY c.platform, c.country, c.type, c.frequency, c.genre, c.city`;
  return rows.map(chartOf);
}

/** The edition of `chart` on `date` (default: the newest), or null when there is none. */
export async function findEdition(prisma: AnalyticsPrisma, chart: ChartRow, date: string | null): Promise<ChartEditionRow | null> {
  if (date === null) return chart.latestDate ? { chart, date: chart.latestDate } : null;
  const [found] = await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM "ChartEntry" WHERE "chartId" = ${chart.id} AND date = ${date}::date LIMIT 1`;
  return found ? { chart, date } : null;
}

type RawEntry = { position: number; streams: bigint | null; trackName: string; artistNames: string; externalId: string | null; isrc: string | null; statedPrevious: number | null; previousDate: Date | null; previousPosition: number | null; total: bigint };

/**
 * A page of an edition's entries by position (`first` 1 to 200, default 200;
 * `after` an `endCursor`), with each recording's position in the previous
 * edition (the day, or week, before; the source's word when it is not
 * stored). One statement: the page, the previous positions and the edition's
 * size together.
 */
export async function loadEditionEntries(prisma: AnalyticsPrisma, edition: ChartEditionRow, args: { first?: number | null; after?: string | null }): Promise<Connection<ChartEntryRow>> {
  const first = parseFirst(args.first, { defaultSize: 200, maxSize: 200 });
  const after = decodeIntCursor(args.after, 'after');
  const rows = await prisma.$queryRaw<RawEntry[]>`
    WITH prev AS (SELECT max(date) AS date FROM "ChartEntry" WHERE "chartId" = ${edition.chart.id} AND date = ${edition.date}::date - ${edition.chart.frequency === 'WEEKLY' ? 7 : 1}::int),
    edition AS (SELECT * FROM "ChartEntry" WHERE "chartId" = ${edition.chart.id} AND date = ${edition.date}::date)
    SELECT e.position, e.streams, e."trackName", e."artistNames", e."externalId", e.isrc, e."statedPrevious", prev.date AS "previousDate",
      (SELECT min(p.position) FROM "ChartEntry" p WHERE p."chartId" = ${edition.chart.id} AND p.date = prev.date AND p.isrc = e.isrc) AS "previousPosition",
      (SELECT count(*) FROM edition) AS total
    FROM edition e CROSS JOIN prev
    WHERE e.position > ${after ?? 0}
    ORDER BY e.position
    LIMIT ${first + 1}`;
  const total = Number(rows[0]?.total ?? (await countEntries(prisma, edition)));
  const entries = rows.map((row) => ({
    position: row.position,
    // Without a stored previous edition, what the source said; with one, what it shows (null: not in it).
    previousPosition: row.previousDate ? row.previousPosition : row.statedPrevious,
    streams: row.streams,
    trackName: row.trackName,
    artistNames: row.artistNames,
    externalId: row.externalId,
    isrc: row.isrc?.trim() ?? null,
  }));
  return toConnection(entries, first, total, (entry) => entry.position, after !== null);
}

async function countEntries(prisma: AnalyticsPrisma, edition: ChartEditionRow): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ChartEntry" WHERE "chartId" = ${edition.chart.id} AND date = ${edition.date}::date`;
  return Number(row?.n ?? 0);
}
