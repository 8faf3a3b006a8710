import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { LinksPrisma } from '../db.ts';
import { addProblem, problemList, type ProblemList } from '../../../../lib/importProblems.ts';
import { resolveColumns, type CatalogColumns } from './csvColumns.ts';
import { readCsvRows } from './csvRows.ts';
import { parseCatalogRow, type CatalogRowValues } from './csvTrackRow.ts';
import { analyzeCatalogTables, writeCatalogBatch } from './catalogBatch.ts';
import { clearProgress, fileFingerprint, loadProgress, saveProgress } from './importProgress.ts';

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
  /** Rows skipped because a required value is missing or malformed. */
  invalid: ProblemList;
  /** Rows skipped because one of their platform IDs belongs to another track. */
  conflicts: ProblemList;
  /** Rows whose ISRC an earlier row had too (written: the later row wins). */
  duplicates: ProblemList;
  /** Rows written with an optional value left out (a year-only or impossible date, a malformed platform ID…). */
  warnings: ProblemList;
  /** Rows with mojibake: repaired (double-encoded UTF-8), refused (garbled title or artist) or left out (garbled album). */
  mojibake: ProblemList;
  /** Rows whose ISRC has an agency prefix the bundled IFPI list does not know (written). */
  unknownPrefixes: ProblemList;
  /** Those rows by prefix: `{ RD: 12 }`. */
  unknownPrefixCounts: Record<string, number>;
  /** Header names that are not catalog columns, as written. */
  ignoredColumns: string[];
  /** Transactions committed (one per batch). */
  batches: number;
  /** When this run continued an interrupted import of the same file: the last line that one had committed. */
  resumedAfterLine: number | null;
  elapsedMs: number;
}

/** Progress, reported after each batch is committed. */
export interface ImportProgress {
  rows: number;
  bytesRead: number;
  /** Size of the file, when the source is a path. */
  totalBytes?: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Last line of the file committed. */
  line: number;
}

/** Options for {@link importCatalog}. */
export interface ImportCatalogOptions {
  /** Called after every committed batch; throwing from it stops the import (committed batches stay, a rerun resumes). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Called once the header is resolved, before anything is written (the CLI prints the mapping). */
  onColumns?: (columns: CatalogColumns) => void;
  /** Valid rows written per batch (one transaction each). @default 5000 */
  batchSize?: number;
  /** Longest one batch's transaction may take. @default 10 minutes */
  timeoutMs?: number;
  /** Rows listed per kind of problem in the summary (all are counted). @default 1000 */
  maxReported?: number;
  /** Continue an interrupted import of the same file (paths only). @default true */
  resume?: boolean;
}

function emptySummary(columns: CatalogColumns): ImportSummary {
  return {
    rows: 0, inserted: 0, updated: 0, unchanged: 0, linksAdded: 0,
    invalid: problemList(), conflicts: problemList(), duplicates: problemList(), warnings: problemList(), mojibake: problemList(), unknownPrefixes: problemList(),
    unknownPrefixCounts: {}, ignoredColumns: columns.ignored, batches: 0, resumedAfterLine: null, elapsedMs: 0,
  };
}

/**
 * Imports a catalog CSV (a path or a byte stream) into the links database,
 * streaming it (memory does not grow with the file, but for a number per
 * distinct ISRC to report duplicates) and writing it in batches of set-based
 * statements, one transaction per batch. Each batch records how far the file
 * is committed: after a crash or an error, importing the same file again
 * continues after the last committed batch (the rows before it are read again
 * only to know their ISRCs). Idempotent: rows equal to what is stored write
 * nothing. Bad rows and platform-ID conflicts are skipped and reported with
 * their line, never fatal.
 * @throws CatalogHeaderError before anything is written when the header is unusable
 * @throws CsvSyntaxError when the file is not well-formed CSV (batches before the error stay committed)
 */
export async function importCatalog(prisma: LinksPrisma, source: string | Readable, options: ImportCatalogOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const { batchSize = 5000, timeoutMs = 10 * 60_000, maxReported = 1000, resume = true } = options;
  const totalBytes = typeof source === 'string' ? (await stat(source)).size : undefined;
  let bytesRead = 0;
  const records = readCsvRows(typeof source === 'string' ? createReadStream(source) : source, { onBytes: (n) => (bytesRead = n) });
  // The header is read before anything is written: an unusable file writes nothing at all.
  const first = await records.next();
  let columns: CatalogColumns;
  try {
    columns = resolveColumns(first.done ? undefined : first.value.fields);
  } catch (error) {
    await records.return(undefined);
    throw error;
  }
  options.onColumns?.(columns);

  const fingerprint = typeof source === 'string' && resume ? await fileFingerprint(source) : null;
  const saved = fingerprint ? await loadProgress<ImportSummary>(prisma, fingerprint) : null;
  const summary: ImportSummary = saved ? { ...saved.summary, resumedAfterLine: saved.line } : emptySummary(columns);
  const priorMs = saved?.summary.elapsedMs ?? 0;
  const report = (target: ProblemList, line: number, reason: string) => addProblem(target, { line, reason }, maxReported);

  // ISRC → line of its latest row, across the whole file (to report repeats).
  const seen = new Map<string, number>();
  let batch: { line: number; values: CatalogRowValues }[] = [];
  let batchKeys = new Set<string>();
  let lastLine = 0;
  const flush = async () => {
    const rows = batch;
    batch = [];
    batchKeys = new Set();
    await prisma.$transaction(
      async (tx) => {
        const outcomes = await writeCatalogBatch(tx, rows.map((row) => row.values));
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.kind === 'conflict') report(summary.conflicts, rows[i]!.line, outcome.reason);
          else {
            summary[outcome.kind]++;
            summary.linksAdded += outcome.linksAdded;
          }
        }
        summary.batches++;
        // Statistics after batches 1, 2, 4, 8…: the tables grow, and plans must follow (a few ANALYZEs per million rows).
        if ((summary.batches & (summary.batches - 1)) === 0) await analyzeCatalogTables(tx);
        summary.elapsedMs = priorMs + Date.now() - started;
        if (fingerprint) await saveProgress(tx, fingerprint, typeof source === 'string' ? source : '', lastLine, summary);
      },
      { timeout: timeoutMs, maxWait: 60_000 },
    );
    await options.onProgress?.({
      rows: summary.rows, bytesRead, totalBytes, line: lastLine,
      inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged,
      skipped: summary.invalid.count + summary.conflicts.count,
    });
  };

  for await (const record of records) {
    // Spreadsheets export trailing rows of empty cells; they are not data.
    if (record.fields.every((field) => field.trim() === '')) continue;
    const row = parseCatalogRow(record, columns);
    if (saved && record.line <= saved.line) {
      // Committed by the interrupted run, counted in its summary: only its ISRC matters now.
      if (row.ok) seen.set(row.values.isrc, row.line);
      continue;
    }
    summary.rows++;
    for (const warning of row.warnings) report(summary.warnings, row.line, warning);
    for (const note of row.mojibake) report(summary.mojibake, row.line, note);
    if (!row.ok) {
      report(summary.invalid, row.line, row.reason);
      lastLine = row.line;
      continue;
    }
    const { values } = row;
    if (row.unknownPrefix) {
      const prefix = values.isrc.slice(0, 2);
      summary.unknownPrefixCounts[prefix] = (summary.unknownPrefixCounts[prefix] ?? 0) + 1;
      report(summary.unknownPrefixes, row.line, `ISRC ${values.isrc}: agency prefix "${prefix}" is not in the bundled IFPI list (accepted)`);
    }
    const previous = seen.get(values.isrc);
    if (previous !== undefined) report(summary.duplicates, row.line, `ISRC ${values.isrc} is also on line ${previous}; this later row wins`);
    seen.set(values.isrc, row.line);
    // A batch holds each ISRC and platform ID once: a repeat goes to the next batch, which sees this one written.
    const keys = [`isrc:${values.isrc}`, ...values.links.map((link) => `${link.platform}:${link.externalId}`)];
    if (keys.some((key) => batchKeys.has(key))) await flush();
    for (const key of keys) batchKeys.add(key);
    batch.push({ line: row.line, values });
    lastLine = row.line;
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  if (fingerprint) await clearProgress(prisma, fingerprint);
  summary.elapsedMs = priorMs + Date.now() - started;
  return summary;
}
