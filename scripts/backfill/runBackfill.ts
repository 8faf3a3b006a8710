import { resolve } from 'node:path';
import { BatchRunner } from './BatchRunner.ts';
import { checkpointPath, CheckpointStore } from './CheckpointStore.ts';
import { fileDigest } from './csvInput.ts';
import { createBackfillClient } from './graphqlClient.ts';
import { planInput } from './plan.ts';
import { createProgress, type ProgressOptions } from './progress.ts';
import type { RetryOptions } from './retry.ts';
import { skippedResult } from './rowResult.ts';
import { countResults, type BackfillSummary } from './summary.ts';
import { writeOutput } from './writeOutput.ts';

/** Options for {@link runBackfill}. */
export interface BackfillOptions {
  /** The Spotify export to enrich. */
  input: string;
  /** The enriched CSV; its checkpoint is `<output>.checkpoint.jsonl`. */
  output: string;
  /** The GraphQL endpoint. */
  url: string;
  /** The API key whose account pays (`--key`, else `TRACKGRAPH_API_KEY`). */
  key?: string;
  /** Items per `resolveTracks` call, 1 to 100. @default 100 */
  batchSize?: number;
  /** Lowest search score whose ISRC the fallback adopts, 0 to 1. @default 0.75 */
  minScore?: number;
  /** Stop after this many batches (resume later). @default no limit */
  maxBatches?: number;
  /** Aborting stops the run after the batch in flight. */
  signal?: AbortSignal;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Progress reporting; false for none. @default a bar on stderr when it is a TTY, plain lines otherwise */
  progress?: ProgressOptions | false;
}

/** Defaults of {@link BackfillOptions}. */
export const BACKFILL_DEFAULTS = { url: 'http://localhost:4000/graphql', batchSize: 100, minScore: 0.75 } as const;

/**
 * Enriches a Spotify export with every platform's IDs through the API:
 * plans the input, resumes from its checkpoint, sends the unfinished rows in
 * batches, and, unless interrupted, writes the output. An ApiError leaves
 * the checkpoint holding every batch finished before it.
 * @throws UsageError when the input or the checkpoint cannot be used; ApiError when the API fails
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillSummary> {
  const batchSize = options.batchSize ?? BACKFILL_DEFAULTS.batchSize;
  const minScore = options.minScore ?? BACKFILL_DEFAULTS.minScore;
  const plan = await planInput(options.input);
  const checkpoint = checkpointPath(options.output);
  const header = { format: 'trackgraph-backfill-checkpoint', version: 1, inputSha256: await fileDigest(options.input), minScore, rows: plan.rows.length } as const;
  const store = await CheckpointStore.open(checkpoint, header);
  const fromCheckpoint = store.finished.size;
  const client = createBackfillClient({ url: options.url, key: options.key, fetch: options.fetch, retry: options.retry });
  const progress = options.progress === false ? { advance() {}, stop() {} } : createProgress(plan.rows.length - fromCheckpoint, options.progress);
  const runner = new BatchRunner({ client, store, progress, batchSize, minScore, maxBatches: options.maxBatches, signal: options.signal });
  try {
    await runner.run(plan.rows);
  } finally {
    progress.stop();
    await store.close();
  }

  const interrupted = runner.stopped === 'interrupted';
  const results = plan.rows.map((row) => store.finished.get(row.index));
  let output: string | null = null;
  if (!interrupted) {
    // Not interrupted: every unfinished row was skipped for lack of credits.
    const skipped = skippedResult();
    await writeOutput(options.input, options.output, (index) => store.finished.get(index) ?? skipped);
    output = resolve(options.output);
  }
  const counts = countResults(results);
  return {
    rows: plan.rows.length,
    fromCheckpoint,
    matched: counts.matched,
    notFound: counts.notFound,
    invalid: counts.invalid,
    recoveredBySearch: counts.recoveredBySearch,
    skippedNoCredits: interrupted ? runner.skipped.size : counts.unfinished,
    pending: interrupted ? counts.unfinished - runner.skipped.size : 0,
    creditsUsed: runner.creditsUsed,
    creditsUsedAllRuns: store.creditsUsedBefore + runner.creditsUsed,
    creditsRemaining: runner.creditsRemaining,
    requests: client.requests,
    batches: runner.batches,
    interrupted,
    output,
    checkpoint: resolve(checkpoint),
  };
}
