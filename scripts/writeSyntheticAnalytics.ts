/** Writes a synthetic analytics history into the analytics database: bulk statements, idempotent, with progress. */
import type { SqlRunner } from '../lib/db/openDatabase.ts';
import type { AnalyticsPrisma } from '../subgraphs/analytics/src/db.ts';
import { storeChartEdition, type WriteCounts } from '../subgraphs/analytics/src/ingest/store.ts';
import { countStreamRows, streamTotalRows, syntheticChartEditions, type SyntheticHistory } from './syntheticAnalytics.ts';

/** Stream rows per statement: large enough to amortize a round trip, small enough for PGlite's memory. */
const CHUNK_ROWS = 50_000;

/** Stores a chunk of totals ($1–$3): new days inserted, days whose total differs updated; says how many it wrote. */
const UPSERT_TOTALS = `
  WITH written AS (
    INSERT INTO "SpotifyStreamCount" (isrc, date, total) SELECT * FROM unnest($1::char(12)[], $2::date[], $3::bigint[])
    ON CONFLICT (isrc, date) DO UPDATE SET total = excluded.total WHERE "SpotifyStreamCount".total IS DISTINCT FROM excluded.total
    RETURNING 1
  )
  SELECT count(*)::text AS written FROM written`;

/** The analytics database, through Prisma (charts, via the importers' writer) and raw SQL (totals: Prisma's parameter handling costs 1.5–2.5x on 50,000-row arrays). */
export interface HistoryTarget {
  prisma: AnalyticsPrisma;
  sql: SqlRunner;
}

/** Where a write is: `done` of `total` stream rows, or of chart editions. */
export interface HistoryProgress {
  phase: 'streams' | 'charts';
  done: number;
  total: number;
}

/** What {@link writeSyntheticHistory} did. */
export interface HistoryWrite {
  /** Daily totals the history holds. */
  streamRows: number;
  /** Totals inserted or changed, and those already as the history has them. */
  streams: { written: number; unchanged: number };
  editions: number;
  chartEntries: WriteCounts;
  /** Editions left alone because they hold entries that are not synthetic (real charts imported for those days). */
  editionsKeptReal: number;
}

const noWrites = (): WriteCounts => ({ inserted: 0, updated: 0, unchanged: 0, deleted: 0 });

/**
 * Writes the history: the synthetic ISRCs' Spotify totals on the days it
 * records them (replacing the catalog's own 30 days), and the synthetic
 * charts' editions, each made exactly the history's.
 * Totals go in chunks of recordings, each first compared by row count and sum
 * (a chunk already written costs that one read); charts an edition per
 * transaction through the importers' writer. Running it again changes nothing.
 */
export async function writeSyntheticHistory({ prisma, sql }: HistoryTarget, history: SyntheticHistory, onProgress: (progress: HistoryProgress) => void = () => undefined): Promise<HistoryWrite> {
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / history.dates.length));
  const first = history.dates[0]!;
  const last = history.dates.at(-1)!;
  const streamRows = countStreamRows(history);
  const streams = { written: 0, unchanged: 0 };
  let done = 0;
  for (let c = 0; c * perChunk < history.tracks.length; c++) {
    const rows = streamTotalRows(history, c * perChunk, (c + 1) * perChunk);
    const isrcs = history.tracks.slice(c * perChunk, (c + 1) * perChunk).map((t) => t.isrc);
    // char(12)[]: compared with text[], Postgres would cast the column and scan the whole table.
    const [stored] = await sql.query<{ n: string; sum: string }>(
      `SELECT count(*)::text AS n, COALESCE(sum(total), 0)::text AS sum FROM "SpotifyStreamCount" WHERE isrc = ANY($1::char(12)[]) AND date BETWEEN $2::date AND $3::date`,
      [isrcs, first, last],
    );
    const sum = rows.total.reduce((s, total) => s + BigInt(total), 0n);
    if (Number(stored!.n) === rows.isrc.length && stored!.sum === sum.toString()) {
      streams.unchanged += rows.isrc.length;
    } else {
      const [{ written }] = (await sql.query<{ written: string }>(UPSERT_TOTALS, [rows.isrc, rows.date, rows.total])) as [{ written: string }];
      streams.written += Number(written);
      streams.unchanged += rows.isrc.length - Number(written);
    }
    done += rows.isrc.length;
    onProgress({ phase: 'streams', done, total: streamRows });
  }

  const editions = syntheticChartEditions(history);
  const real = await editionsWithRealEntries(prisma, first, last);
  const chartEntries = noWrites();
  let editionsKeptReal = 0;
  for (const [e, edition] of editions.entries()) {
    if (real.has(`${edition.type}:${edition.date}`)) {
      editionsKeptReal++;
      continue;
    }
    const counts = await storeChartEdition(prisma, edition);
    for (const key of Object.keys(chartEntries) as (keyof WriteCounts)[]) chartEntries[key] += counts[key];
    if ((e + 1) % 10 === 0 || e + 1 === editions.length) onProgress({ phase: 'charts', done: e + 1, total: editions.length });
  }
  // Fresh statistics, so the planner knows the tables' new size (PGlite runs no autovacuum).
  if (streams.written + chartEntries.inserted + chartEntries.updated + chartEntries.deleted > 0) {
    await sql.exec('ANALYZE "SpotifyStreamCount", "ChartEntry", "Chart"');
  }
  return { streamRows, streams, editions: editions.length, chartEntries, editionsKeptReal };
}

/** `TYPE:date` of the Spotify global daily editions in the window holding an entry that is not synthetic: never overwritten. */
async function editionsWithRealEntries(prisma: AnalyticsPrisma, first: string, last: string): Promise<Set<string>> {
  const rows = await prisma.$queryRaw<{ type: string; date: Date }[]>`
    SELECT DISTINCT c.type::text AS type, e.date FROM "ChartEntry" e JOIN "Chart" c ON c.id = e."chartId"
    WHERE c.platform = 'SPOTIFY' AND c.country = 'GLOBAL' AND c.frequency = 'DAILY' AND c.genre = '' AND c.city = ''
      AND e.date BETWEEN ${first}::date AND ${last}::date AND (e.isrc IS NULL OR e.isrc NOT LIKE 'ZZSYN%')`;
  return new Set(rows.map((row) => `${row.type}:${row.date.toISOString().slice(0, 10)}`));
}
