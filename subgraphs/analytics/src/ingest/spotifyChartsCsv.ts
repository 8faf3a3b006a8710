import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ChartType } from '../../../../prisma/analytics/generated/enums.ts';
// The catalog importer's streaming RFC 4180 reader: BOM, CRLF or LF, and the line each record starts on.
import { CsvSyntaxError, readCsvRows, type CsvRow } from '../../../links/src/catalog/csvRows.ts';
import { characters, COLUMN_LIMITS } from './columnLimits.ts';
import type { RowProblem } from '../../../../lib/importProblems.ts';
import { ChartFileError, parseChartFileName } from './spotifyChartFile.ts';
import type { ChartEditionInput, ChartEntryInput } from './store.ts';

/** The columns read. `peak_rank` and `days_on_chart`/`weeks_on_chart` are not kept: peaks come from the stored history. */
type Column = 'rank' | 'uri' | 'artist_names' | 'track_name' | 'previous_rank' | 'streams';
const COLUMNS: readonly Column[] = ['rank', 'uri', 'artist_names', 'track_name', 'previous_rank', 'streams'];
const REQUIRED: readonly Column[] = ['rank', 'uri', 'artist_names', 'track_name', 'previous_rank'];

/** Where the read columns sit in a file's header. */
export interface SpotifyChartColumns {
  width: number;
  at: Partial<Record<Column, number>>;
  /** Header names not read, as written. */
  ignored: string[];
  /** STREAMS charts must give every row's streams; a blank cell elsewhere is none. */
  streamsRequired: boolean;
}

/**
 * Resolves the header of a Spotify Charts export (names case-insensitive and
 * trimmed). `streams` is required for STREAMS charts; Viral exports have none.
 * @throws ChartFileError when a needed column is missing or repeated
 */
export function resolveChartHeader(header: readonly string[] | undefined, type: ChartType): SpotifyChartColumns {
  if (!header || header.every((name) => name.trim() === '')) throw new ChartFileError(`the file is empty: expected a header line starting ${REQUIRED.join(',')}.`);
  const at: SpotifyChartColumns['at'] = {};
  const ignored: string[] = [];
  for (const [index, written] of header.entries()) {
    const name = written.trim().toLowerCase() as Column;
    if (!COLUMNS.includes(name)) ignored.push(written);
    else if (at[name] !== undefined) throw new ChartFileError(`the header has the column "${name}" twice.`);
    else at[name] = index;
  }
  const streamsRequired = type === 'STREAMS';
  const needed = streamsRequired ? [...REQUIRED, 'streams' as const] : REQUIRED;
  const missing = needed.filter((name) => at[name] === undefined);
  if (missing.length) {
    throw new ChartFileError(`the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (it has ${header.map((h) => `"${h}"`).join(', ')}).`);
  }
  return { width: header.length, at, ignored, streamsRequired };
}

/** One data row read: a chart entry, or why it is skipped. */
export type ChartRow = { line: number; ok: true; entry: ChartEntryInput } | { line: number; ok: false; reason: string };

const WHOLE = /^\d+$/;
const TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;

/**
 * Checks one data row. Every problem of the row is reported together. A
 * `previous_rank` of -1 (new entry or re-entry) is stored as no stated
 * previous position; `streams` is read where the column exists.
 */
export function parseChartRow(row: CsvRow, columns: SpotifyChartColumns): ChartRow {
  const { line, fields } = row;
  if (fields.length !== columns.width) return { line, ok: false, reason: `has ${fields.length} fields, the header has ${columns.width}` };
  const cell = (name: Column) => (columns.at[name] === undefined ? undefined : fields[columns.at[name]!]!.trim());
  const problems: string[] = [];
  const rank = cell('rank')!;
  const position = Number(rank);
  if (!WHOLE.test(rank) || position < 1 || position > COLUMN_LIMITS.int) problems.push(`rank "${rank}" is not a positive whole number`);
  const uri = cell('uri')!;
  const id = TRACK_URI.exec(uri)?.[1];
  if (!id) problems.push(`uri "${uri}" is not spotify:track: and a 22-character id`);
  const previous = cell('previous_rank')!;
  const statedPrevious = previous === '-1' || previous === '' ? null : Number(previous);
  if (statedPrevious !== null && (!WHOLE.test(previous) || statedPrevious < 1 || statedPrevious > COLUMN_LIMITS.int)) problems.push(`previous_rank "${previous}" is not -1 or a positive whole number`);
  const streamsCell = cell('streams');
  let streams: bigint | null = null;
  if (streamsCell !== undefined && (streamsCell !== '' || columns.streamsRequired)) {
    if (WHOLE.test(streamsCell) && BigInt(streamsCell) <= COLUMN_LIMITS.bigint) streams = BigInt(streamsCell);
    else problems.push(streamsCell === '' ? 'streams is blank' : `streams "${streamsCell}" is not a whole number`);
  }
  const trackName = cell('track_name')!;
  const artistNames = cell('artist_names')!;
  for (const [name, value] of [['track_name', trackName], ['artist_names', artistNames]] as const) {
    if (characters(value) > COLUMN_LIMITS.name) problems.push(`${name} is longer than ${COLUMN_LIMITS.name} characters`);
  }
  if (problems.length) return { line, ok: false, reason: problems.join('; ') };
  return { line, ok: true, entry: { position, externalId: id!, trackName, artistNames, streams, statedPrevious } };
}

/** A Spotify Charts file read and checked: its edition (the good rows) and the rows skipped. */
export interface SpotifyChartRead {
  edition: ChartEditionInput;
  /** Data rows read (not the header, not blank lines). */
  rows: number;
  skipped: RowProblem[];
  ignoredColumns: string[];
}

/**
 * Reads one Spotify Charts export whole (an edition has at most a few hundred
 * rows): the chart from the file name, the entries from its rows. Bad rows,
 * and a rank already taken by an earlier row, are skipped and listed.
 * @throws ChartFileError when the name, the header or the CSV itself is unusable
 */
export async function readSpotifyChart(path: string): Promise<SpotifyChartRead> {
  const { date, ...chart } = parseChartFileName(path);
  const rows = readCsvRows(createReadStream(path));
  const result: SpotifyChartRead = { edition: { ...chart, date, entries: [] }, rows: 0, skipped: [], ignoredColumns: [] };
  let columns: SpotifyChartColumns | undefined;
  const rankLine = new Map<number, number>();
  try {
    for await (const row of rows) {
      if (!columns) {
        columns = resolveChartHeader(row.fields, chart.type);
        result.ignoredColumns = columns.ignored;
        continue;
      }
      // Spreadsheets export trailing rows of empty cells; they are not data.
      if (row.fields.every((field) => field.trim() === '')) continue;
      result.rows++;
      const parsed = parseChartRow(row, columns);
      if (!parsed.ok) {
        result.skipped.push({ line: parsed.line, reason: parsed.reason });
        continue;
      }
      const earlier = rankLine.get(parsed.entry.position);
      if (earlier !== undefined) {
        result.skipped.push({ line: parsed.line, reason: `rank ${parsed.entry.position} is also on line ${earlier}` });
        continue;
      }
      rankLine.set(parsed.entry.position, parsed.line);
      result.edition.entries.push(parsed.entry);
    }
    if (!columns) resolveChartHeader(undefined, chart.type);
  } catch (error) {
    if (error instanceof ChartFileError) throw new ChartFileError(`${basename(path)}: ${error.message}`);
    if (error instanceof CsvSyntaxError) throw new ChartFileError(`${basename(path)}: ${error.message}`);
    throw error;
  }
  return result;
}
