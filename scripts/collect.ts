/**
 * `npm run collect -- <what> [options]`: fetches what the platforms' public APIs give and writes it
 * into the analytics database that `npm start` uses (`DATA_DIR` or `DATABASE_URL`, as the server;
 * the embedded PGlite opens in one process at a time, so stop `npm start` first or use Postgres).
 *
 *   deezer-charts [--country GLOBAL|XX]... [--source playlists|chart]   Deezer TOP DAILY editions, dated today (UTC)
 *   deezer-playlists <id or link>...                                    Deezer playlist snapshots (name, fans, tracks)
 *   spotify-playlists <id or link>...                                   Spotify playlist snapshots (needs credentials)
 *   --dry-run                                                           print what would be written, keep nothing
 *
 * Each edition or snapshot is fetched whole, then written in one transaction: a platform that keeps
 * failing leaves nothing half-written. Platform settings (base URLs, credentials, limits) are the
 * links subgraph's (subgraphs/links/src/providers/README.md). Schedule and details: docs/collectors.md.
 * Exit codes: 0 everything written, 1 something failed (the rest is written), 2 bad arguments or
 * missing credentials, 130 interrupted.
 */
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { COLLECT_USAGE, CollectUsageError, parseCollectArgs, type CollectCommand } from '../subgraphs/analytics/src/collectors/collectArgs.ts';
import { summarize } from '../subgraphs/analytics/src/collectors/collectSummary.ts';
import { createCollectClients, runCollect, type CollectClients } from '../subgraphs/analytics/src/collectors/runCollect.ts';
import { analyticsSubgraph } from '../subgraphs/analytics/src/module.ts';

let command: CollectCommand;
let clients: CollectClients;
try {
  command = parseCollectArgs(process.argv.slice(2));
  clients = createCollectClients(command);
} catch (error) {
  if (!(error instanceof CollectUsageError)) throw error;
  console.error(`collect: ${error.message}\n${COLLECT_USAGE}`);
  process.exit(2);
}

const interrupted = new AbortController();
process.once('SIGINT', () => interrupted.abort());
const date = new Date().toISOString().slice(0, 10);
const analytics = await createSubgraph(analyticsSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`collect: ${command.what}${command.dryRun ? ' (dry run)' : ''} into ${analytics.db.location}, dated ${date}`);
  const results = await runCollect(command, { prisma: analytics.prisma, date, dryRun: command.dryRun, signal: interrupted.signal }, clients);
  const summary = summarize(results, command.dryRun);
  for (const line of summary.lines) console.log(line);
  exitCode = interrupted.signal.aborted ? 130 : summary.exitCode;
} catch (error) {
  console.error(`collect: failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await analytics.close();
}
process.exit(exitCode);
