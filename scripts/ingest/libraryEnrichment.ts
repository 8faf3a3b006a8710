import type { LibraryPrisma } from '../../subgraphs/library/src/db.ts';
import { enrichLibrary, type EnrichSummary } from '../../subgraphs/library/src/ingest/enrichLibrary.ts';
import { UsageError } from '../backfill/errors.ts';
import { createBackfillClient } from '../backfill/graphqlClient.ts';
import { RESOLVE_OPTIONS, resolveSettings, type ResolveSettings } from './isrcResolution.ts';

/** The options both library commands take (node:util parseArgs form). */
export const LIBRARY_OPTIONS = {
  gateway: RESOLVE_OPTIONS.gateway,
  key: RESOLVE_OPTIONS.key,
  account: { type: 'string' },
} as const;

/** The account a library belongs to unless `--account` says. */
export const DEFAULT_ACCOUNT = 'demo';

/** How the options read in a command's usage. */
export const LIBRARY_USAGE = `  --account <id>    the account the library belongs to (default ${DEFAULT_ACCOUNT})
  --gateway <url>   GraphQL endpoint of the gateway (default $TRACKGRAPH_URL, else http://localhost:4000/graphql)
  --key <sk_…>      API key (default $TRACKGRAPH_API_KEY); without one, enrichment is left for a later run`;

/** Reads `--account`. @throws UsageError on a malformed account id */
export function accountOption(value: string | undefined): string {
  const account = value ?? DEFAULT_ACCOUNT;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(account)) throw new UsageError(`--account must be an account id (letters, digits, _ . : -, at most 64), got "${account}"`);
  return account;
}

/** Reads `--gateway` and `--key` (the same rules as import:charts), with `--no-enrich`. */
export function enrichSettings(values: { gateway?: string; key?: string }, skip: boolean, env: NodeJS.ProcessEnv = process.env): ResolveSettings {
  return resolveSettings({ ...values, 'no-resolve': skip }, env);
}

/** What the enrichment step did, and the lines that say so. */
export interface EnrichmentReport {
  failed: boolean;
  lines: string[];
  summary?: EnrichSummary;
}

/** Runs enrichment (see enrichLibrary.ts) through the gateway, or says why not and how to run it later. */
export async function enrichAndReport(prisma: LibraryPrisma, settings: ResolveSettings, accountId: string, options: { all?: boolean; command: string; progress: (line: string) => void }): Promise<EnrichmentReport> {
  const later = `run \`npm run enrich:library -- --account ${accountId}\` with --key sk_… (or TRACKGRAPH_API_KEY) while the gateway runs`;
  if (settings.skip) {
    const waiting = await prisma.track.count({ where: { accountId, enrichedAt: null } });
    const why = settings.skip === '--no-resolve' ? '--no-enrich' : settings.skip;
    return { failed: false, lines: [`enrichment: not run (${why}); ${waiting} track${waiting === 1 ? '' : 's'} never enriched. To enrich them, ${later}.`] };
  }
  const client = createBackfillClient({ url: settings.url, key: settings.key, retry: settings.retry });
  const summary = await enrichLibrary(prisma, client.request, { accountId, all: options.all, onPage: (done, total) => options.progress(`${options.command}: enriched ${done}/${total} tracks`) });
  const u = summary.unmatched;
  const lines = [
    `enrichment: ${summary.tracks} tracks in ${summary.requests} requests to ${settings.url}: ${summary.byIsrc} tied by ISRC, ${summary.bySearch} by search; ${summary.isrcUnknown} ISRCs links does not know; ` +
      `not tied: ${u.none} without a hit, ${u.score} below the match threshold, ${u.version} other versions (live, remix, edit…), ${u.duration} other durations, ${u['no artist']} without artist or title`,
  ];
  if (summary.error) lines.push(`enrichment failed: ${summary.error}. What was enriched is kept; the rest is enriched on the next run: ${later}.`);
  return { failed: Boolean(summary.error), lines, summary };
}
