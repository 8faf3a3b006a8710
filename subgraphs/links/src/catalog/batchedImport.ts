import type { LinksPrisma } from '../db.ts';
import { addProblem, problemList, type ProblemList } from '../../../../lib/importProblems.ts';
import { analyzeCatalogTables, writeCatalogBatch } from './catalogBatch.ts';
import type { CatalogRow, CatalogRowValues } from './csvTrackRow.ts';
import { clearProgress, loadProgress, saveProgress } from './importProgress.ts';
import { IsrcLineMap } from './IsrcLineMap.ts';
import { liftForeignKeys, restoreForeignKeys } from './liftedConstraints.ts';

/** What an import did. Every data row is counted once in inserted, updated, unchanged, invalid or conflicts. */
export interface ImportSummary {
  /** Data rows read (not the header, not blank lines; a MusicBrainz recording gives one per ISRC). */
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
  /** With `bulk`: the foreign keys lifted, and how long adding them back took. */
  liftedForeignKeys?: { names: string[]; restoreMs: number };
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

/** Options every batched import takes. */
export interface BatchedImportOptions {
  /** Called after every committed batch; throwing from it stops the import (committed batches stay, a rerun resumes). */
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
  /** Valid rows written per batch (one transaction each). @default 5000 */
  batchSize?: number;
  /** Longest one batch's transaction may take. @default 10 minutes */
  timeoutMs?: number;
  /** Rows listed per kind of problem in the summary (all are counted). @default 1000 */
  maxReported?: number;
  /**
   * A bulk load: lift the foreign keys of credits and platform IDs for the
   * import and add them back, checked in one pass, when it ends (whether it
   * finished or failed; a killed import's keys are added back when the links
   * subgraph starts). About a third faster on a large catalog. @default false
   */
  bulk?: boolean;
}

/** Where the rows come from: what identifies the input for resuming (null: no resuming), and how far it is read. */
export interface ImportInput {
  rows: AsyncIterable<CatalogRow>;
  fingerprint: string | null;
  source: string;
  ignoredColumns: string[];
  bytes: () => { bytesRead: number; totalBytes?: number };
}

function emptySummary(ignoredColumns: string[]): ImportSummary {
  return {
    rows: 0, inserted: 0, updated: 0, unchanged: 0, linksAdded: 0,
    invalid: problemList(), conflicts: problemList(), duplicates: problemList(), warnings: problemList(), mojibake: problemList(), unknownPrefixes: problemList(),
    unknownPrefixCounts: {}, ignoredColumns, batches: 0, resumedAfterLine: null, elapsedMs: 0,
  };
}

/** The summary's counts made while reading (the rest are made while writing). */
type ReadCounts = Pick<ImportSummary, 'rows' | 'invalid' | 'duplicates' | 'warnings' | 'mojibake' | 'unknownPrefixes' | 'unknownPrefixCounts'>;

const readCounts = (summary: ImportSummary): ReadCounts => structuredClone({
  rows: summary.rows, invalid: summary.invalid, duplicates: summary.duplicates, warnings: summary.warnings,
  mojibake: summary.mojibake, unknownPrefixes: summary.unknownPrefixes, unknownPrefixCounts: summary.unknownPrefixCounts,
});

/**
 * Writes parsed catalog rows in batches of set-based statements, one
 * transaction per batch, each recording how far the input is committed (when
 * it has a fingerprint): run again on the same input after a crash or an
 * error, it continues after the last committed batch (the rows before it are
 * read again only to know their ISRCs). Several rows may share a line (a
 * MusicBrainz recording with several ISRCs); a batch that fills up is written
 * at the end of a line, so a line is committed whole.
 *
 * Reading and writing overlap: while the database writes one batch, the next
 * is read and parsed (one batch ahead at most, so memory stays bounded).
 */
export async function runBatchedImport(prisma: LinksPrisma, input: ImportInput, options: BatchedImportOptions = {}): Promise<ImportSummary> {
  if (!options.bulk) return writeBatches(prisma, input, options);
  const names = await liftForeignKeys(prisma);
  let summary: ImportSummary;
  try {
    summary = await writeBatches(prisma, input, options);
  } catch (error) {
    // The rows committed so far are valid: the keys go back now, not at the next start.
    await restoreForeignKeys(prisma).catch(() => undefined);
    throw error;
  }
  const restoring = Date.now();
  await restoreForeignKeys(prisma);
  summary.liftedForeignKeys = { names, restoreMs: Date.now() - restoring };
  return summary;
}

async function writeBatches(prisma: LinksPrisma, input: ImportInput, options: BatchedImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { batchSize = 5000, timeoutMs = 10 * 60_000, maxReported = 1000 } = options;
  const { fingerprint } = input;
  const saved = fingerprint ? await loadProgress<ImportSummary>(prisma, fingerprint) : null;
  const summary: ImportSummary = saved ? { ...saved.summary, resumedAfterLine: saved.line } : emptySummary(input.ignoredColumns);
  const priorMs = saved?.summary.elapsedMs ?? 0;
  const report = (target: ProblemList, line: number, reason: string) => addProblem(target, { line, reason }, maxReported);

  // ISRC → line of its latest row, across the whole input (to report repeats).
  const seen = new IsrcLineMap();
  let batch: { line: number; values: CatalogRowValues }[] = [];
  let batchKeys = new Set<string>();
  let currentLine = 0;
  // Every row of lines up to here has been read.
  let completeLine = 0;
  // The batch being written; its failure stops the import at the next flush (or at the end).
  let writing: Promise<void> = Promise.resolve();

  const write = async (rows: typeof batch, committedLine: number, read: ReadCounts) => {
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
        // What was read up to this batch, not what has been read ahead since: a rerun resumes after committedLine.
        if (fingerprint) await saveProgress(tx, fingerprint, input.source, committedLine, { ...summary, ...read });
      },
      { timeout: timeoutMs, maxWait: 60_000 },
    );
    await options.onProgress?.({
      rows: read.rows, ...input.bytes(), line: committedLine,
      inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged,
      skipped: read.invalid.count + summary.conflicts.count,
    });
  };
  const flush = async (committedLine: number) => {
    // One batch in flight: wait for it (and fail with it) before sending the next.
    await writing;
    const rows = batch;
    batch = [];
    batchKeys = new Set();
    writing = write(rows, committedLine, readCounts(summary));
    // Reported when awaited; until then, an unhandled rejection must not end the process.
    writing.catch(() => undefined);
  };

  try {
    for await (const row of input.rows) {
      if (row.line !== currentLine) {
        completeLine = currentLine;
        currentLine = row.line;
        if (batch.length >= batchSize) await flush(completeLine);
      }
      if (saved && row.line <= saved.line) {
        // Committed by the interrupted run, counted in its summary: only its ISRC matters now.
        if (row.ok) seen.set(row.values.isrc, row.line);
        continue;
      }
      if (row.ok) {
        // A batch holds each ISRC and platform ID once: a repeat goes to the next batch, which sees this one written.
        // Flushed before this row is counted, so the batch's saved counts stop where its rows do.
        const keys = [`isrc:${row.values.isrc}`, ...row.values.links.map((link) => `${link.platform}:${link.externalId}`)];
        if (keys.some((key) => batchKeys.has(key))) await flush(completeLine);
        for (const key of keys) batchKeys.add(key);
      }
      summary.rows++;
      for (const warning of row.warnings) report(summary.warnings, row.line, warning);
      for (const note of row.mojibake) report(summary.mojibake, row.line, note);
      if (!row.ok) {
        report(summary.invalid, row.line, row.reason);
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
      batch.push({ line: row.line, values });
    }
  } catch (error) {
    // A read error (malformed CSV) ends the import; the batch in flight still commits, as earlier ones did.
    await writing.catch(() => undefined);
    throw error;
  }
  if (batch.length > 0) await flush(currentLine);
  await writing;
  if (fingerprint) await clearProgress(prisma, fingerprint);
  summary.elapsedMs = priorMs + Date.now() - started;
  return summary;
}
