import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { BACKFILL_DEFAULTS } from './runBackfill.ts';

/** How to call the command. */
export const USAGE = `usage: npm run backfill -- <spotify-export.csv> -o <enriched.csv> [options]

  -o, --output <file>    enriched CSV to write (its checkpoint: <file>.checkpoint.jsonl)
  --url <url>            GraphQL endpoint (default ${BACKFILL_DEFAULTS.url})
  --key <sk_…>           API key whose account pays (default: $TRACKGRAPH_API_KEY)
  --batch <n>            items per resolveTracks call, 1 to 100 (default ${BACKFILL_DEFAULTS.batchSize})
  --min-score <x>        lowest search score whose ISRC is adopted, 0 to 1 (default ${BACKFILL_DEFAULTS.minScore})
  --max-batches <n>      stop after n batches; run again to resume
  -h, --help             this help

The input needs a header with spotify_id, isrc and title (artist optional).
Exit status: 0 done (rows skipped for lack of credits are reported) or stopped by
--max-batches, 1 API error (finished batches are kept in the checkpoint), 2 usage
error, 130 interrupted by Ctrl-C. Run the same command again to resume.`;

/** The command line, parsed. */
export interface BackfillArgs {
  input: string;
  output: string;
  url: string;
  /** From --key, else TRACKGRAPH_API_KEY. */
  key?: string;
  batchSize: number;
  minScore: number;
  maxBatches?: number;
  help: boolean;
}

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

/** Parses the arguments after `backfill`; a UsageError says what is wrong (the CLI adds {@link USAGE}). */
export function parseBackfillArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BackfillArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        url: { type: 'string' },
        key: { type: 'string' },
        batch: { type: 'string' },
        'min-score': { type: 'string' },
        'max-batches': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const help = values.help ?? false;
  if (help) return { input: '', output: '', url: BACKFILL_DEFAULTS.url, batchSize: BACKFILL_DEFAULTS.batchSize, minScore: BACKFILL_DEFAULTS.minScore, help };
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one input file, got ${positionals.length}: ${positionals.join(' ')}` : 'the input CSV is required');
  if (!values.output) throw new UsageError('-o <enriched.csv> is required');
  const url = values.url ?? BACKFILL_DEFAULTS.url;
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  const minScoreText = values['min-score'];
  const minScore = minScoreText === undefined ? BACKFILL_DEFAULTS.minScore : Number(minScoreText);
  if (minScoreText !== undefined && (!/^\d*\.?\d+$/.test(minScoreText) || minScore > 1)) throw new UsageError(`--min-score must be a number from 0 to 1, got "${minScoreText}"`);
  const key = values.key ?? (env.TRACKGRAPH_API_KEY || undefined);
  if (key !== undefined && !/^sk_[A-Za-z0-9_-]{20,}$/.test(key)) throw new UsageError('--key (or TRACKGRAPH_API_KEY) must be an API key, sk_ and its secret');
  if (key === undefined) throw new UsageError('an API key is required: --key sk_… or TRACKGRAPH_API_KEY (resolveTracks charges its account); `npm run keys -- create` makes one');
  const input = positionals[0]!;
  if (values.output === input) throw new UsageError('the output must not be the input file');
  return {
    input,
    output: values.output,
    url,
    key,
    batchSize: integer(values.batch, '--batch', 1, 100) ?? BACKFILL_DEFAULTS.batchSize,
    minScore,
    maxBatches: integer(values['max-batches'], '--max-batches', 1, Number.MAX_SAFE_INTEGER),
    help,
  };
}
