/**
 * `npm run backfill -- <spotify-export.csv> -o <enriched.csv> [--url …] [--batch 100] [--min-score 0.75]`:
 * adds every platform's IDs to a Spotify export through the GraphQL API
 * (`resolveTracks` by ISRC, with a `searchTracks` fallback for rows without
 * one). Resumable: finished batches are kept in `<enriched.csv>.checkpoint.jsonl`
 * and never sent again. Ctrl-C stops after the batch in flight.
 */
import { pathToFileURL } from 'node:url';
import { parseBackfillArgs, USAGE } from './backfill/args.ts';
import { ApiError, UsageError } from './backfill/errors.ts';
import { runBackfill } from './backfill/runBackfill.ts';
import { formatSummary } from './backfill/summary.ts';

/** Runs the command; returns its exit status (0 done or stopped by --max-batches, 1 API error, 2 usage error, 130 interrupted by the signal). */
export async function main(argv: readonly string[], signal?: AbortSignal, log: (text: string) => void = console.error): Promise<number> {
  let args;
  try {
    args = parseBackfillArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return (log(`backfill: ${error.message}\n\n${USAGE}`), 2);
    throw error;
  }
  if (args.help) return (console.log(USAGE), 0);
  try {
    const summary = await runBackfill({ ...args, signal });
    log(formatSummary(summary));
    // --max-batches is a planned stop (0); Ctrl-C is the conventional 130.
    return summary.interrupted && signal?.aborted ? 130 : 0;
  } catch (error) {
    if (error instanceof UsageError) return (log(`backfill: ${error.message}`), 2);
    if (error instanceof ApiError) return (log(`backfill: the API failed: ${error.message}\nFinished batches are in the checkpoint; run the same command again to resume.`), 1);
    throw error;
  }
}

// Run only as a command, not when a test imports main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nbackfill: stopping after the batch in flight (Ctrl-C again to quit now)');
    controller.abort(new Error('interrupted'));
    process.once('SIGINT', () => process.exit(130));
  });
  process.exitCode = await main(process.argv.slice(2), controller.signal);
}
