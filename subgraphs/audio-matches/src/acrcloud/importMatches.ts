import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AudioMatchesPrisma } from '../db.ts';
import { saveAnalysis } from '../store/saveAnalysis.ts';
import { parseAcrCloudText, type ResultProblem } from './parseResult.ts';

/** Options for {@link importMatchFile}. */
export interface ImportMatchesOptions {
  /** The owner's account. */
  accountId: string;
  /** Canonical track id (`trk_…`) the results were found for. */
  trackId: string;
}

/** What importing one ACRCloud result file did. */
export interface ImportMatchesSummary {
  file: string;
  /** The analysis the file is stored as (one per account, track and file name). */
  analysisId: number;
  /** DONE, or FAILED when no response in the file was a result (every line an ACRCloud error). */
  status: 'DONE' | 'FAILED';
  error: string | null;
  /** Responses read (lines of a JSON Lines file). */
  responses: number;
  matches: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Values left out (stored null) and responses skipped, with where they were. */
  problems: ResultProblem[];
}

/**
 * Imports one ACRCloud result file (a JSON response, or JSON Lines of them)
 * as the analysis of `trackId` by `accountId` whose source file is the file's
 * name, in one transaction (saveAnalysis): importing it again updates that
 * analysis and its matches, never duplicates them. Throws (nothing written)
 * when the file cannot be read or a line is not JSON.
 */
export async function importMatchFile(prisma: AudioMatchesPrisma, file: string, options: ImportMatchesOptions): Promise<ImportMatchesSummary> {
  const parsed = parseAcrCloudText(await readFile(file, 'utf8'));
  const counts = await saveAnalysis(
    prisma,
    { accountId: options.accountId, trackId: options.trackId, source: 'ACRCLOUD_IMPORT', sourceFile: basename(file), status: parsed.status, error: parsed.error, analyzedAt: new Date() },
    parsed.status === 'DONE' ? parsed.matches : [],
  );
  return { file, ...counts, status: parsed.status, error: parsed.error, responses: parsed.responses, matches: parsed.matches.length, problems: parsed.problems };
}

/** A problem as one line: where it was (line, JSON path) and why. */
export function describeProblem(problem: ResultProblem): string {
  const where = problem.line === null ? problem.path : `line ${problem.line}, ${problem.path}`;
  return `${where}: ${problem.reason}`;
}
