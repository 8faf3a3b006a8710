import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { LinksPrisma } from '../db.ts';
import { addProblem, problemList, type ProblemList } from '../../../../lib/importProblems.ts';
import { CatalogWriter } from './csvCatalogWriter.ts';
import { resolveColumns, type CatalogColumns } from './csvColumns.ts';
import { readCsvRows } from './csvRows.ts';
import { parseCatalogRow, type CatalogRowValues } from './csvTrackRow.ts';

/** What an import did. Every data row is counted once in inserted, updated, unchanged, invalid or conflicts. */
export interface ImportSummary {
  /** Data rows read (not the header, not blank lines). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows that matched what was stored: nothing written. */
  unchanged: number;
  /** Platform IDs newly linked. */
  linksAdded: number;
  /** Rows skipped because a value is missing or malformed. */
  invalid: ProblemList;
  /** Rows skipped because one of their platform IDs belongs to another track. */
  conflicts: ProblemList;
  /** Rows whose ISRC an earlier row had too (written: the later row wins). */
  duplicates: ProblemList;
  /** Rows written with a value left out (e.g. a year-only release date). */
  warnings: ProblemList;
  /** Header names that are not catalog columns, as written. */
  ignoredColumns: string[];
  elapsedMs: number;
}

/** Progress, reported after each chunk of rows is written. */
export interface ImportProgress {
  rows: number;
  bytesRead: number;
  /** Size of the file, when the source is a path. */
  totalBytes?: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** Options for {@link importCatalog}. */
export interface ImportCatalogOptions {
  /** Called after every chunk; throwing from it aborts the import (rolled back). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Valid rows written per chunk. @default 500 */
  chunkSize?: number;
  /** Longest the whole import may take before it is rolled back. @default 6 hours */
  timeoutMs?: number;
  /** Rows listed per kind of problem in the summary (all are counted). @default 1000 */
  maxReported?: number;
}

/**
 * Imports a catalog CSV (a path or a byte stream) into the links database:
 * one upsert per valid row keyed by ISRC, in ONE transaction, so a crash or a
 * database error leaves the catalog exactly as it was. Bad rows and platform-ID
 * conflicts are skipped and reported, never fatal.
 * @throws CatalogHeaderError before anything is written when the header is unusable
 * @throws CsvSyntaxError (rolled back) when the file is not well-formed CSV
 */
export async function importCatalog(prisma: LinksPrisma, source: string | Readable, options: ImportCatalogOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const { chunkSize = 500, timeoutMs = 6 * 3600_000, maxReported = 1000 } = options;
  const totalBytes = typeof source === 'string' ? (await stat(source)).size : undefined;
  let bytesRead = 0;
  const records = readCsvRows(typeof source === 'string' ? createReadStream(source) : source, { onBytes: (n) => (bytesRead = n) });
  // The header is read before the transaction opens: an unusable file writes nothing at all.
  const first = await records.next();
  let columns: CatalogColumns;
  try {
    columns = resolveColumns(first.done ? undefined : first.value.fields);
  } catch (error) {
    await records.return(undefined);
    throw error;
  }
  const summary: ImportSummary = {
    rows: 0, inserted: 0, updated: 0, unchanged: 0, linksAdded: 0,
    invalid: problemList(), conflicts: problemList(), duplicates: problemList(), warnings: problemList(),
    ignoredColumns: columns.ignored, elapsedMs: 0,
  };
  const report = (target: ProblemList, line: number, reason: string) => addProblem(target, { line, reason }, maxReported);

  await prisma.$transaction(
    async (tx) => {
      const writer = new CatalogWriter(tx);
      // ISRC → line of its latest row, across the whole file (a few dozen bytes per distinct ISRC).
      const seen = new Map<string, number>();
      let chunk: { line: number; values: CatalogRowValues }[] = [];
      const flush = async () => {
        const outcomes = await writer.write(chunk.map((row) => row.values));
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.kind === 'conflict') report(summary.conflicts, chunk[i]!.line, outcome.reason);
          else {
            summary[outcome.kind]++;
            summary.linksAdded += outcome.linksAdded;
          }
        }
        chunk = [];
        await options.onProgress?.({
          rows: summary.rows, bytesRead, totalBytes,
          inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged,
          skipped: summary.invalid.count + summary.conflicts.count,
        });
      };
      for await (const record of records) {
        // Spreadsheets export trailing rows of empty cells; they are not data.
        if (record.fields.every((field) => field.trim() === '')) continue;
        summary.rows++;
        const row = parseCatalogRow(record, columns);
        if (!row.ok) {
          report(summary.invalid, row.line, row.reason);
          continue;
        }
        for (const warning of row.warnings) report(summary.warnings, row.line, warning);
        const previous = seen.get(row.values.isrc);
        if (previous !== undefined) report(summary.duplicates, row.line, `ISRC ${row.values.isrc} is also on line ${previous}; this later row wins`);
        seen.set(row.values.isrc, row.line);
        chunk.push({ line: row.line, values: row.values });
        if (chunk.length >= chunkSize) await flush();
      }
      await flush();
    },
    { timeout: timeoutMs, maxWait: 60_000 },
  );
  summary.elapsedMs = Date.now() - started;
  return summary;
}
