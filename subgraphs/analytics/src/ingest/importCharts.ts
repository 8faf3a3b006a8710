import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AnalyticsPrisma } from '../db.ts';
import { ChartFileError, type SpotifyChartFile } from './spotifyChartFile.ts';
import type { RowProblem } from '../../../../lib/importProblems.ts';
import { addWrites, noWrites } from './importReport.ts';
import { readSpotifyChart } from './spotifyChartsCsv.ts';
import { writeChartEdition, type WriteCounts } from './store.ts';

/** What became of one file. */
export interface ChartFileOutcome {
  file: string;
  /** `imported`: written (maybe without skipped rows); `refused`: unusable, nothing written; `failed`: the write failed and was rolled back. */
  status: 'imported' | 'refused' | 'failed';
  /** The edition the file holds, once read. */
  edition?: SpotifyChartFile;
  /** Data rows read. */
  rows: number;
  skipped: RowProblem[];
  /** Entries written (all zero unless imported). */
  counts: WriteCounts;
  /** Why it was refused or failed. */
  error?: string;
  elapsedMs: number;
}

/** Options for {@link importChartFiles}. */
export interface ImportChartFilesOptions {
  /** Called after each file, in order. */
  onFile?: (outcome: ChartFileOutcome, index: number, total: number) => void;
}

/**
 * The CSV files `paths` name: files as given, folders by every `.csv` below
 * them (sorted, so runs are repeatable); a file named twice is read once.
 */
export async function listChartFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const found = (await readdir(path, { recursive: true })).filter((name) => name.toLowerCase().endsWith('.csv')).sort();
      for (const name of found) if ((await stat(join(path, name))).isFile()) files.push(join(path, name));
    } else files.push(path);
  }
  const seen = new Set<string>();
  return files.filter((file) => !seen.has(resolve(file)) && seen.add(resolve(file)));
}

/** Imports one Spotify Charts export: read and checked whole, then written in one transaction. */
export async function importChartFile(prisma: AnalyticsPrisma, file: string): Promise<ChartFileOutcome> {
  const started = Date.now();
  const outcome: ChartFileOutcome = { file, status: 'refused', rows: 0, skipped: [], counts: noWrites(), elapsedMs: 0 };
  const done = () => ({ ...outcome, elapsedMs: Date.now() - started });
  let read;
  try {
    read = await readSpotifyChart(file);
  } catch (error) {
    // Unreadable (permissions, a folder named .csv) is as much the file's problem as a bad header.
    outcome.error = error instanceof ChartFileError ? error.message : `cannot read ${basename(file)}: ${(error as Error).message}`;
    return done();
  }
  const { entries, ...edition } = read.edition;
  Object.assign(outcome, { edition, rows: read.rows, skipped: read.skipped });
  // An edition is replaced by what the file holds: an empty one would wipe the stored edition.
  if (entries.length === 0) {
    outcome.error = 'no usable rows, nothing written';
    return done();
  }
  try {
    outcome.counts = await prisma.$transaction((tx) => writeChartEdition(tx, read.edition), { timeout: 60_000, maxWait: 60_000 });
    outcome.status = 'imported';
  } catch (error) {
    outcome.status = 'failed';
    outcome.error = `rolled back: ${(error as Error).message}`;
  }
  return done();
}

/** Imports the files one after another, each in its own transaction; a refused or failed file does not stop the others. */
export async function importChartFiles(prisma: AnalyticsPrisma, files: readonly string[], options: ImportChartFilesOptions = {}): Promise<ChartFileOutcome[]> {
  const outcomes: ChartFileOutcome[] = [];
  for (const [index, file] of files.entries()) {
    const outcome = await importChartFile(prisma, file);
    outcomes.push(outcome);
    options.onFile?.(outcome, index, files.length);
  }
  return outcomes;
}

/** Totals over a run, for the summary. */
export interface ChartImportTotals {
  files: number;
  imported: number;
  refused: number;
  failed: number;
  rows: number;
  skipped: number;
  entries: WriteCounts;
}

/** Adds up the outcomes of a run. */
export function totalChartImport(outcomes: readonly ChartFileOutcome[]): ChartImportTotals {
  const totals: ChartImportTotals = { files: outcomes.length, imported: 0, refused: 0, failed: 0, rows: 0, skipped: 0, entries: noWrites() };
  for (const outcome of outcomes) {
    totals[outcome.status]++;
    totals.rows += outcome.rows;
    totals.skipped += outcome.skipped.length;
    addWrites(totals.entries, outcome.counts);
  }
  return totals;
}
