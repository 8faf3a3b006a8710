/**
 * `npm run enrich:library [-- --account demo] [--all] [--gateway URL] [--key sk_…]`:
 * ties the account's library tracks to their canonical recordings through the
 * gateway (by ISRC, else a safe artist + title + duration search match) and
 * fills each provider's enrichment status from links; 100 tracks per request.
 * By default only tracks never enriched, or with a provider PENDING or in ERROR
 * for a day; `--all` does every track again. See docs/library-import.md.
 *
 * Exit codes: 0 enriched; 2 usage error (arguments, no API key); 3 enrichment
 * failed midway (gateway down, bad key): what was done is kept, run it again.
 */
import { parseArgs } from 'node:util';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { librarySubgraph } from '../subgraphs/library/src/module.ts';
import { UsageError } from './backfill/errors.ts';
import { accountOption, enrichAndReport, enrichSettings, LIBRARY_OPTIONS, LIBRARY_USAGE } from './ingest/libraryEnrichment.ts';
import type { ResolveSettings } from './ingest/isrcResolution.ts';

const USAGE = `usage: npm run enrich:library -- [options]

  Ties library tracks to canonical recordings through the gateway and fills their providers' status.
  --all             every track, not only those never enriched or with a provider PENDING or in ERROR for a day
${LIBRARY_USAGE}

Exit status: 0 enriched, 2 usage error, 3 enrichment failed (run again).`;

let accountId: string;
let settings: ResolveSettings;
let all: boolean;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { ...LIBRARY_OPTIONS, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  accountId = accountOption(values.account);
  settings = enrichSettings(values, false);
  if (!settings.key) throw new UsageError('an API key is needed: --key sk_… or TRACKGRAPH_API_KEY');
  all = values.all ?? false;
} catch (error) {
  console.error(`enrich:library: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const library = await createSubgraph(librarySubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`enrich:library: account ${accountId!} in ${library.db.location}, through ${settings!.url}`);
  const report = await enrichAndReport(library.prisma, settings!, accountId!, { all: all!, command: 'enrich:library', progress: (line) => console.error(line) });
  console.log(report.lines.join('\n'));
  if (report.failed) exitCode = 3;
} finally {
  await library.close();
}
process.exit(exitCode);
