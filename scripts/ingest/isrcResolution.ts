import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { resolveChartIsrcs, type IsrcResolution } from '../../subgraphs/analytics/src/ingest/resolveChartIsrcs.ts';
import { unresolvedChartTracks } from '../../subgraphs/analytics/src/ingest/store.ts';
import { UsageError } from '../backfill/errors.ts';
import { createBackfillClient } from '../backfill/graphqlClient.ts';
import type { RetryOptions } from '../backfill/retry.ts';

/** The options both import commands take for ISRC resolution (node:util parseArgs form). */
export const RESOLVE_OPTIONS = {
  gateway: { type: 'string' },
  key: { type: 'string' },
  'no-resolve': { type: 'boolean' },
} as const;

/** Where the gateway is unless `--gateway` or `TRACKGRAPH_URL` says. */
export const DEFAULT_GATEWAY_URL = 'http://localhost:4000/graphql';

/** How the options read in a command's usage. */
export const RESOLVE_USAGE = `  --gateway <url>   GraphQL endpoint of the gateway (default $TRACKGRAPH_URL, else ${DEFAULT_GATEWAY_URL})
  --key <sk_…>      API key (default $TRACKGRAPH_API_KEY); without one, ISRCs are left for a later run
  --no-resolve      store chart entries without asking for their ISRCs`;

/** ISRC resolution as the command line asks for it. */
export interface ResolveSettings {
  url: string;
  key?: string;
  /** Why not to resolve at all, or null to resolve. */
  skip: '--no-resolve' | 'no API key' | null;
  /** For tests: the client's waits between retries. */
  retry?: RetryOptions;
}

/** Reads `--gateway`, `--key` and `--no-resolve` (with the environment's defaults). @throws UsageError on a malformed URL or key */
export function resolveSettings(values: { gateway?: string; key?: string; 'no-resolve'?: boolean }, env: NodeJS.ProcessEnv = process.env): ResolveSettings {
  const url = values.gateway ?? (env.TRACKGRAPH_URL || DEFAULT_GATEWAY_URL);
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url)) throw new UsageError(`--gateway must be an http(s) URL, got "${url}"`);
  const key = values.key ?? (env.TRACKGRAPH_API_KEY || undefined);
  if (key !== undefined && !/^sk_[A-Za-z0-9_-]{20,}$/.test(key)) throw new UsageError('--key (or TRACKGRAPH_API_KEY) must be an API key, sk_ and its secret');
  return { url, key, skip: values['no-resolve'] ? '--no-resolve' : key ? null : 'no API key' };
}

/** What the resolution step did, and the lines that say so. */
export interface ResolutionReport {
  /** Resolution was attempted and stopped on an error. */
  failed: boolean;
  lines: string[];
  result?: IsrcResolution;
}

/**
 * Resolves every chart entry still without an ISRC through the gateway (see
 * resolveChartIsrcs.ts), or, when told not to, counts them and says how to
 * resolve them later. `progress` gets a line per request.
 */
export async function resolveAndReport(prisma: AnalyticsPrisma, settings: ResolveSettings, command: string, progress: (line: string) => void): Promise<ResolutionReport> {
  const again = `run \`npm run ${command}\` again with --key sk_… (or TRACKGRAPH_API_KEY) while the gateway runs: re-importing a file changes nothing`;
  if (settings.skip) {
    const waiting = (await Promise.all((['SPOTIFY', 'APPLE_MUSIC', 'DEEZER', 'SHAZAM'] as const).map((platform) => unresolvedChartTracks(prisma, platform)))).flat().length;
    if (waiting === 0) return { failed: false, lines: ['ISRCs: every chart entry has its ISRC'] };
    const ids = waiting === 1 ? '1 chart track id waits for its ISRC' : `${waiting} chart track ids wait for theirs`;
    return { failed: false, lines: [`ISRCs: not resolved (${settings.skip}); ${ids}. To resolve them, ${again}.`] };
  }
  const client = createBackfillClient({ url: settings.url, key: settings.key, retry: settings.retry });
  const result = await resolveChartIsrcs(prisma, client.request, { onBatch: (asked, total) => progress(`${command}: ISRCs ${asked}/${total} track ids asked`) });
  const lines = [
    result.unresolvedBefore === 0
      ? 'ISRCs: every chart entry has its ISRC'
      : `ISRCs: ${result.resolved} track ids resolved (${result.entriesUpdated} entries updated), ${result.unresolved} unresolved, in ${result.requests} requests to ${settings.url}`,
  ];
  if (result.error) lines.push(`ISRC resolution failed: ${result.error}. The imported data is kept; the ${result.unresolved} unresolved ids are asked again on the next run: ${again}.`);
  else if (result.unresolved > 0) lines.push(`  (links does not know ${result.unresolved} of them yet; they are asked again on every run)`);
  return { failed: Boolean(result.error), lines, result };
}
