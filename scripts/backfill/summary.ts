import type { RowResult } from './rowResult.ts';

/** What a backfill run did, and where the rows stand. */
export interface BackfillSummary {
  /** Data rows of the input. */
  rows: number;
  /** Rows an earlier run had already finished (not sent again). */
  fromCheckpoint: number;
  matched: number;
  notFound: number;
  invalid: number;
  /** Matched rows whose ISRC came from the search fallback (included in `matched`). */
  recoveredBySearch: number;
  /** Rows left unfinished because credits ran out; a later run sends them. */
  skippedNoCredits: number;
  /** Rows not sent because the run was interrupted. */
  pending: number;
  /** Credits this run spent. */
  creditsUsed: number;
  /** Credits spent on this input by every run, this one included. */
  creditsUsedAllRuns: number;
  /** Balance after the last `resolveTracks` call of this run; null when it made none. */
  creditsRemaining: number | null;
  /** HTTP requests this run sent, retries included. */
  requests: number;
  /** Batches this run finished. */
  batches: number;
  /** Stopped early (signal or `--max-batches`); the output was not written. */
  interrupted: boolean;
  /** The enriched CSV, when it was written. */
  output: string | null;
  checkpoint: string;
}

/** Counts of the rows' results by outcome; a missing result is unfinished. */
export function countResults(results: readonly (RowResult | undefined)[]) {
  const counts = { matched: 0, notFound: 0, invalid: 0, recoveredBySearch: 0, unfinished: 0 };
  for (const result of results) {
    if (!result || result.status === 'SKIPPED_NO_CREDITS') counts.unfinished++;
    else if (result.status === 'MATCHED') {
      counts.matched++;
      if (result.matchedBy === 'search') counts.recoveredBySearch++;
    } else if (result.status === 'NOT_FOUND') counts.notFound++;
    else counts.invalid++;
  }
  return counts;
}

/** The end-of-run report, one fact a line. */
export function formatSummary(s: BackfillSummary): string {
  const lines = [
    `rows:                 ${s.rows}${s.fromCheckpoint ? ` (${s.fromCheckpoint} finished by an earlier run, not sent again)` : ''}`,
    `matched:              ${s.matched} (${s.recoveredBySearch} recovered by search)`,
    `not found:            ${s.notFound}`,
    `invalid:              ${s.invalid}`,
    `skipped (no credits): ${s.skippedNoCredits}`,
    ...(s.pending ? [`not sent yet:         ${s.pending}`] : []),
    `credits used:         ${s.creditsUsed} this run, ${s.creditsUsedAllRuns} in all runs`,
    `credits remaining:    ${s.creditsRemaining ?? 'unknown (no resolveTracks call this run)'}`,
    `requests:             ${s.requests} in ${s.batches} batches`,
  ];
  if (s.output) lines.push(`output:               ${s.output}`);
  if (s.interrupted) lines.push(`interrupted: the output is not written yet; run the same command again to resume from ${s.checkpoint}`);
  else if (s.skippedNoCredits) lines.push(`${s.skippedNoCredits} rows are SKIPPED_NO_CREDITS: add credits and run the same command again to finish them`);
  return lines.join('\n');
}
