/**
 * `npm run import:charts -- <files or folders…> [--gateway URL] [--key sk_…] [--no-resolve]`:
 * imports Spotify Charts CSV exports, as charts.spotify.com names them
 * (`regional-<country|global>-<daily|weekly>-<YYYY-MM-DD>.csv`: Top Songs,
 * STREAMS; `viral-<country|global>-daily-<YYYY-MM-DD>.csv`: VIRAL), into the
 * analytics database `npm start` uses (`DATA_DIR` or `DATABASE_URL`, as the
 * server). The embedded PGlite can be opened by one process at a time: stop
 * `npm start` first, or point both at Postgres with `DATABASE_URL`.
 *
 * Each file is one chart edition and one transaction: the stored edition
 * becomes exactly the file's good rows; bad rows are skipped and listed by
 * line; a file with a bad name or header is refused whole. Importing a file
 * again changes nothing. Then every chart entry still without an ISRC (this
 * run's and earlier runs') is resolved from its track id by the links
 * subgraph through the gateway, 100 ids per request.
 *
 * Exit codes: 0 every file imported (even with skipped rows) and ISRCs
 * resolved or left for later on purpose; 1 a file was refused or rolled back
 * (the others are imported); 2 usage error (arguments, a path that does not
 * exist), nothing written; 3 the files are imported but ISRC resolution
 * failed (gateway down, bad key): run again to resolve.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { importChartFiles, listChartFiles, totalChartImport, type ChartFileOutcome } from '../subgraphs/analytics/src/ingest/importCharts.ts';
import { chartLabel } from '../subgraphs/analytics/src/ingest/importReport.ts';
import { analyticsSubgraph } from '../subgraphs/analytics/src/module.ts';
import { UsageError } from './backfill/errors.ts';
import { resolveAndReport, resolveSettings, RESOLVE_OPTIONS, RESOLVE_USAGE, type ResolveSettings } from './ingest/isrcResolution.ts';

const USAGE = `usage: npm run import:charts -- <files or folders…> [options]

  Spotify Charts CSV exports (regional-<country|global>-<daily|weekly>-<YYYY-MM-DD>.csv,
  viral-<country|global>-daily-<YYYY-MM-DD>.csv); a folder stands for the .csv files in it.
${RESOLVE_USAGE}

Exit status: 0 imported, 1 a file refused or rolled back, 2 usage error, 3 imported but ISRC resolution failed.`;
/** Skipped rows listed on the terminal (all are counted). */
const LISTED = 50;

function usage(message: string): never {
  console.error(`import:charts: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let files: string[];
let settings: ResolveSettings;
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { ...RESOLVE_OPTIONS, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length === 0) throw new UsageError('no file or folder given');
  for (const path of positionals) if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`"${path}" does not exist`);
  settings = resolveSettings(values);
  files = await listChartFiles(positionals);
  if (files.length === 0) throw new UsageError(`no .csv file in ${positionals.join(', ')}`);
} catch (error) {
  usage((error as Error).message);
}

let started = Date.now();
let rows = 0;
const rate = () => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ stream: process.stderr, format: 'import:charts [{bar}] {value}/{total} files | {rows} rows | {rate} rows/s', hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;

/** Without a TTY, one line per file. */
function describe(outcome: ChartFileOutcome): string {
  const name = basename(outcome.file);
  if (outcome.status !== 'imported') return `${name}: ${outcome.status}: ${outcome.error}`;
  const { inserted, updated, unchanged, deleted } = outcome.counts;
  return `${name}: ${chartLabel(outcome.edition!)} ${outcome.edition!.date}, ${outcome.rows} rows: inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, removed ${deleted}, skipped ${outcome.skipped.length}`;
}

function onFile(outcome: ChartFileOutcome, index: number, total: number): void {
  rows += outcome.rows;
  if (bar) {
    if (!bar.isActive) bar.start(total, 0, { rows, rate: rate() });
    bar.update(index + 1, { rows, rate: rate() });
  } else console.error(`import:charts: [${index + 1}/${total}] ${describe(outcome)}`);
}

function printSummary(outcomes: ChartFileOutcome[]): void {
  const t = totalChartImport(outcomes);
  const seconds = (Date.now() - started) / 1000;
  console.log(`import:charts: ${t.files} files, ${t.rows} rows in ${seconds.toFixed(1)} s (${rate()} rows/s): ${t.imported} editions imported, ${t.refused} files refused, ${t.failed} rolled back`);
  console.log(`  entries inserted ${t.entries.inserted}, updated ${t.entries.updated}, unchanged ${t.entries.unchanged}, removed ${t.entries.deleted}; rows skipped ${t.skipped}`);
  const skipped = outcomes.flatMap((o) => o.skipped.map((problem) => `  ${basename(o.file)} line ${problem.line}: ${problem.reason}`));
  if (skipped.length) console.log(`Skipped rows (${skipped.length}):\n${skipped.slice(0, LISTED).join('\n')}${skipped.length > LISTED ? `\n  … and ${skipped.length - LISTED} more` : ''}`);
  const notImported = outcomes.filter((o) => o.status !== 'imported');
  if (notImported.length) console.log(`Files not imported (${notImported.length}):\n${notImported.map((o) => `  ${describe(o)}`).join('\n')}`);
}

const analytics = await createSubgraph(analyticsSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`import:charts: importing ${files!.length} file${files!.length === 1 ? '' : 's'} into ${analytics.db.location}`);
  // Rates count the import alone, not opening and migrating the database.
  started = Date.now();
  const outcomes = await importChartFiles(analytics.prisma, files!, { onFile });
  bar?.stop();
  printSummary(outcomes);
  if (outcomes.some((o) => o.status !== 'imported')) exitCode = 1;
  const resolution = await resolveAndReport(analytics.prisma, settings!, 'import:charts', (line) => console.error(line));
  console.log(resolution.lines.join('\n'));
  if (resolution.failed && exitCode === 0) exitCode = 3;
} finally {
  bar?.stop();
  await analytics.close();
}
process.exit(exitCode);
