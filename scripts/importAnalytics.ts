/**
 * `npm run import:analytics -- <file.jsonl> [--gateway URL] [--key sk_…] [--no-resolve]`:
 * imports an analytics JSON Lines file (docs/import-formats.md: Spotify
 * stream totals, Shazam totals, playlist snapshots, chart editions of any
 * platform) into the analytics database `npm start` uses (`DATA_DIR` or
 * `DATABASE_URL`, as the server; stop `npm start` first on the embedded PGlite).
 *
 * The whole file is one transaction: written entirely or not at all. Records
 * with a bad field, or repeating an earlier record of the file, are skipped
 * and listed by line. Importing the file again changes nothing. Chart entries
 * given only by their platform's track id are then resolved to ISRCs through
 * the gateway, as `npm run import:charts` does.
 *
 * Exit codes: 0 written (even with skipped records); 1 failed and rolled back;
 * 2 usage error (arguments, a file that cannot be read), nothing written;
 * 3 written, but ISRC resolution failed (gateway down, bad key): run again.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { importAnalytics, type AnalyticsImportProgress, type AnalyticsImportSummary } from '../subgraphs/analytics/src/ingest/importAnalytics.ts';
import type { WriteCounts } from '../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../subgraphs/analytics/src/module.ts';
import { UsageError } from './backfill/errors.ts';
import { resolveAndReport, resolveSettings, RESOLVE_OPTIONS, RESOLVE_USAGE, type ResolveSettings } from './ingest/isrcResolution.ts';

const USAGE = `usage: npm run import:analytics -- <file.jsonl> [options]

  One JSON object per line: spotifyStreams, shazams, playlist and chart records (docs/import-formats.md).
${RESOLVE_USAGE}

Exit status: 0 written, 1 rolled back, 2 usage error, 3 written but ISRC resolution failed.`;
/** Skipped records listed on the terminal (all are counted). */
const LISTED = 50;
/** Without a TTY, one progress line per this many records. */
const LOG_EVERY = 10_000;

function usage(message: string): never {
  console.error(`import:analytics: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let file: string;
let settings: ResolveSettings;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { ...RESOLVE_OPTIONS, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one file, got ${positionals.length}` : 'no file given');
  file = positionals[0]!;
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`"${file}" is not a file`);
  settings = resolveSettings(values);
} catch (error) {
  usage((error as Error).message);
}

let started = Date.now();
const rate = (records: number) => Math.round(records / Math.max((Date.now() - started) / 1000, 0.001));
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ stream: process.stderr, format: 'import:analytics [{bar}] {percentage}% | {records} records | {rate} records/s | {skipped} skipped', hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
let nextLog = LOG_EVERY;
function onProgress({ records, skipped, bytesRead, totalBytes }: AnalyticsImportProgress): void {
  if (bar) {
    if (!bar.isActive) bar.start(totalBytes, 0, { records, rate: rate(records), skipped });
    bar.update(bytesRead, { records, rate: rate(records), skipped });
  } else if (records >= nextLog) {
    console.error(`import:analytics: ${records} records read (${rate(records)} records/s), ${skipped} skipped`);
    nextLog = (Math.floor(records / LOG_EVERY) + 1) * LOG_EVERY;
  }
}

const counts = (c: WriteCounts) => `inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}`;

function printSummary(s: AnalyticsImportSummary): void {
  console.log(`import:analytics: ${file}: ${s.records} records in ${(s.elapsedMs / 1000).toFixed(1)} s (${rate(s.records)} records/s), written in one transaction`);
  console.log(`  Spotify stream totals: ${counts(s.spotifyStreams)}`);
  console.log(`  Shazam totals: ${counts(s.shazams)}`);
  console.log(`  playlist snapshots ${s.playlists.snapshots}: placements ${counts(s.playlists.placements)}, removed ${s.playlists.placements.deleted}; follower points written ${s.playlists.followerPoints}`);
  console.log(`  chart editions ${s.charts.editions}: entries ${counts(s.charts.entries)}, removed ${s.charts.entries.deleted}`);
  console.log(`  records skipped ${s.skipped.count}`);
  if (s.skipped.count === 0) return;
  console.log(`Skipped records (${s.skipped.count}):`);
  for (const { line, reason } of s.skipped.rows.slice(0, LISTED)) console.log(`  line ${line}: ${reason}`);
  if (s.skipped.count > LISTED) console.log(`  … and ${s.skipped.count - LISTED} more`);
}

const analytics = await createSubgraph(analyticsSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`import:analytics: importing ${file!} into ${analytics.db.location}`);
  started = Date.now();
  const summary = await importAnalytics(analytics.prisma, file!, { onProgress }).catch((error: unknown) => {
    console.error(`import:analytics: failed, nothing was written (rolled back): ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  bar?.stop();
  if (summary) {
    printSummary(summary);
    const resolution = await resolveAndReport(analytics.prisma, settings!, 'import:analytics', (line) => console.error(line));
    console.log(resolution.lines.join('\n'));
    if (resolution.failed) exitCode = 3;
  } else exitCode = 1;
} finally {
  bar?.stop();
  await analytics.close();
}
process.exit(exitCode);
