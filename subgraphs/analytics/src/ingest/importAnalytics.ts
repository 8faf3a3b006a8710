import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AnalyticsPrisma } from '../db.ts';
import { parseAnalyticsRecord, type AnalyticsRecord } from './analyticsRecords.ts';
import { addProblem, type ProblemList } from '../../../../lib/importProblems.ts';
import { addWrites, chartLabel, noWrites } from './importReport.ts';
import { storeDailyTotals, writeChartEdition, writePlaylistSnapshot, type DailyTotalInput, type TotalsMetric, type WriteCounts } from './store.ts';

/** What an import did. Every non-blank line is one record, counted once as written or skipped. */
export interface AnalyticsImportSummary {
  records: number;
  spotifyStreams: WriteCounts;
  shazams: WriteCounts;
  playlists: { snapshots: number; followerPoints: number; placements: WriteCounts };
  charts: { editions: number; entries: WriteCounts };
  skipped: ProblemList;
  elapsedMs: number;
}

/** Progress, reported every `chunkSize` records. */
export interface AnalyticsImportProgress {
  records: number;
  skipped: number;
  bytesRead: number;
  totalBytes: number;
}

/** Options for {@link importAnalytics}. */
export interface ImportAnalyticsOptions {
  onProgress?: (progress: AnalyticsImportProgress) => void;
  /** Daily totals written per statement, and records between two progress reports. @default 5000 */
  chunkSize?: number;
  /** Skipped records listed in the summary (all are counted). @default 1000 */
  maxReported?: number;
  /** Longest the whole import may take before it is rolled back. @default 6 hours */
  timeoutMs?: number;
}

/**
 * Imports an analytics JSON Lines file (docs/import-formats.md) in ONE
 * transaction: a database error leaves the data as it was. Records with a
 * bad field, and records repeating one earlier in the file, are skipped and
 * reported by line; the others are written through the idempotent writers
 * of store.ts, so importing the file again changes nothing.
 */
export async function importAnalytics(prisma: AnalyticsPrisma, path: string, options: ImportAnalyticsOptions = {}): Promise<AnalyticsImportSummary> {
  const started = Date.now();
  const { chunkSize = 5000, maxReported = 1000, timeoutMs = 6 * 3600_000 } = options;
  const totalBytes = (await stat(path)).size;
  const summary: AnalyticsImportSummary = {
    records: 0, spotifyStreams: noWrites(), shazams: noWrites(),
    playlists: { snapshots: 0, followerPoints: 0, placements: noWrites() }, charts: { editions: 0, entries: noWrites() },
    skipped: { count: 0, rows: [] }, elapsedMs: 0,
  };
  let bytesRead = 0;

  await prisma.$transaction(
    async (tx) => {
      // Opened right before the loop reads it: readline drops lines emitted before its iterator exists.
      const input = createReadStream(path);
      input.on('data', (chunk) => (bytesRead += chunk.length));
      const lines = createInterface({ input, crlfDelay: Infinity });
      const totals: Record<TotalsMetric, DailyTotalInput[]> = { spotifyStreams: [], shazams: [] };
      const flush = async (metric: TotalsMetric) => {
        addWrites(summary[metric], await storeDailyTotals(tx, metric, totals[metric]));
        totals[metric] = [];
      };
      const write = async (record: AnalyticsRecord) => {
        if (record.kind === 'chart') {
          addWrites(summary.charts.entries, await writeChartEdition(tx, record.edition));
          summary.charts.editions++;
        } else if (record.kind === 'playlist') {
          const written = await writePlaylistSnapshot(tx, record.snapshot);
          addWrites(summary.playlists.placements, written.placements);
          summary.playlists.snapshots++;
          if (written.followersPoint) summary.playlists.followerPoints++;
        } else if (totals[record.kind].push(record.total) >= chunkSize) await flush(record.kind);
      };
      const keys = new RecordKeys();
      let line = 0;
      for await (const raw of lines) {
        const text = ++line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (text.trim() === '') continue;
        summary.records++;
        const parsed = parseLine(text);
        const reason = parsed.ok ? keys.repeated(parsed.record, line) : parsed.problems.join('; ');
        if (reason) addProblem(summary.skipped, { line, reason }, maxReported);
        else if (parsed.ok) await write(parsed.record);
        if (summary.records % chunkSize === 0) options.onProgress?.({ records: summary.records, skipped: summary.skipped.count, bytesRead, totalBytes });
      }
      await flush('spotifyStreams');
      await flush('shazams');
    },
    { timeout: timeoutMs, maxWait: 60_000 },
  );
  summary.elapsedMs = Date.now() - started;
  options.onProgress?.({ records: summary.records, skipped: summary.skipped.count, bytesRead, totalBytes });
  return summary;
}

function parseLine(text: string): ReturnType<typeof parseAnalyticsRecord> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`is not JSON: ${(error as Error).message}`] };
  }
  return parseAnalyticsRecord(value);
}

/**
 * Remembers what each record writes (a day's total, a playlist's snapshot of
 * a day, a chart's edition) and the line that wrote it. A repeat is refused
 * rather than left to overwrite: with two values for one key a second import
 * would write again, and the file would have no single meaning.
 */
class RecordKeys {
  /** `<kind> <isrc>` → day number → line: numbers keep millions of daily totals small. */
  private readonly days = new Map<string, Map<number, number>>();
  private readonly others = new Map<string, number>();

  /** Why `record` repeats an earlier line, or null (and it is remembered). */
  repeated(record: AnalyticsRecord, line: number): string | null {
    if ('total' in record) {
      const { isrc, date } = record.total;
      const series = this.days.get(`${record.kind} ${isrc}`) ?? new Map<number, number>();
      this.days.set(`${record.kind} ${isrc}`, series);
      const day = Date.parse(date) / 86_400_000;
      const earlier = series.get(day);
      if (earlier !== undefined) return `repeats the ${record.kind} total of ${isrc} on ${date} from line ${earlier}`;
      series.set(day, line);
      return null;
    }
    const what =
      record.kind === 'playlist'
        ? `the ${record.snapshot.platform} playlist ${record.snapshot.externalId} on ${record.snapshot.date}`
        : `the ${chartLabel(record.edition)} chart of ${record.edition.date}`;
    const earlier = this.others.get(what);
    if (earlier !== undefined) return `repeats ${what} from line ${earlier}`;
    this.others.set(what, line);
    return null;
  }
}
