/**
 * `npm run import:catalog -- catalog.csv`: imports a catalog CSV into the
 * links database that `npm start` uses (`DATA_DIR` or `DATABASE_URL`, as the
 * server). The embedded PGlite can be opened by one process at a time: stop
 * `npm start` first, or point both at Postgres with `DATABASE_URL`.
 *
 * The file is streamed and written in batches (`--batch-size`, default 5000
 * rows), one transaction each. After a crash or an error, running the same
 * command on the same file continues after the last committed batch
 * (`--restart` starts over instead). `--bulk`, for a first load of a large
 * catalog, lifts the foreign keys of credits and platform IDs during the
 * import and adds them back, checked in one pass, at its end. Rows with bad required values or a
 * platform ID that belongs to another track are skipped and listed; bad
 * optional values are left out with a warning. Exit codes: 0 written (even
 * with skipped rows), 1 failed (committed batches stay; rerun to resume),
 * 2 usage error (arguments, unusable header).
 *
 * The CSV (RFC 4180, UTF-8 with or without BOM, CRLF or LF) starts with a
 * header; names are case-insensitive and trimmed, spaces and hyphens read as
 * `_`, unknown columns are ignored (and listed). Headers of common exports
 * (Spotify-style `Track,Album Name,Artist,Release Date,ISRC`, Exportify,
 * Soundiiz, TuneMyMusic) are recognised and the mapping printed; see
 * docs/import-formats.md. Required: `isrc`, `title`,
 * `artist` (several separated by `;`, the first primary: commas belong to
 * names like "Earth, Wind & Fire"). Optional: `album` (release title),
 * `release_date` (2024-04-26, 4/26/2024, 26.04.2024; a bare year or month is
 * not stored, with a warning, rather than invented into a day), `duration_ms` (stored as whole
 * seconds), and platform IDs `spotify_id` (bare id or spotify:track: URI),
 * `apple_music_id` (or `applemusic_id`), `deezer_id`, `tidal_id`,
 * `beatport_id`, `discogs_id`, `musicbrainz_id`, `youtube_id`, `shazam_id`.
 * A blank cell keeps what is stored; platform IDs are only ever added.
 * Lines in messages are the line a row starts on, the header being line 1.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { CatalogHeaderError, describeMapping } from '../subgraphs/links/src/catalog/csvColumns.ts';
import type { ProblemList } from '../lib/importProblems.ts';
import { importCatalog, type ImportProgress, type ImportSummary } from '../subgraphs/links/src/catalog/importCatalog.ts';
import { linksSubgraph } from '../subgraphs/links/src/module.ts';

const USAGE = 'usage: npm run import:catalog -- <catalog.csv> [--batch-size 5000] [--restart] [--bulk]   (header: isrc,title,artist[,album,release_date,duration_ms,spotify_id,…])';
/** Rows listed per kind of problem on the terminal. */
const LISTED = 50;
/** Files above this size get a hint about --bulk when run without it. */
const BULK_HINT_BYTES = 50 * 1024 * 1024;
/** Without a TTY, one progress line per this many rows. */
const LOG_EVERY = 10_000;

function usage(message: string): never {
  console.error(`import:catalog: ${message}\n${USAGE}`);
  process.exit(2);
}

let positionals: string[];
let values: { 'batch-size'?: string; restart?: boolean; bulk?: boolean };
try {
  ({ positionals, values } = parseArgs({ allowPositionals: true, options: { 'batch-size': { type: 'string' }, restart: { type: 'boolean' }, bulk: { type: 'boolean' } } }));
} catch (error) {
  usage((error as Error).message);
}
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)) usage(`--batch-size must be a whole number from 1 to 50000, got "${values['batch-size']}"`);
if (positionals.length !== 1) usage(positionals.length ? 'expected one CSV file' : 'no CSV file given');
const file = positionals[0]!;
if (!existsSync(file) || !statSync(file).isFile()) usage(`"${file}" is not a file`);

const started = Date.now();
const rate = (rows: number) => Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001));
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      { stream: process.stderr, format: 'import:catalog [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {skipped} skipped', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
  : undefined;
let nextLog = LOG_EVERY;
function onProgress(progress: ImportProgress): void {
  const payload = { rows: progress.rows, rate: rate(progress.rows), skipped: progress.skipped };
  if (bar) {
    if (!bar.isActive) bar.start(progress.totalBytes ?? progress.bytesRead, 0, payload);
    bar.update(progress.bytesRead, payload);
  } else if (progress.rows >= nextLog) {
    console.error(`import:catalog: ${progress.rows} rows read (${payload.rate} rows/s), ${progress.skipped} skipped`);
    nextLog = (Math.floor(progress.rows / LOG_EVERY) + 1) * LOG_EVERY;
  }
}

function printList(title: string, list: ProblemList): void {
  if (list.count === 0) return;
  console.log(`${title} (${list.count}):`);
  for (const { line, reason } of list.rows.slice(0, LISTED)) console.log(`  line ${line}: ${reason}`);
  if (list.count > LISTED) console.log(`  … and ${list.count - LISTED} more`);
}

function printSummary(summary: ImportSummary): void {
  const rate = Math.round(summary.rows / Math.max(summary.elapsedMs / 1000, 0.001));
  console.log(`import:catalog: ${file}: ${summary.rows} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s (${rate} rows/s), ${summary.batches} batches`);
  if (summary.resumedAfterLine !== null) console.log(`  resumed an interrupted import after line ${summary.resumedAfterLine}`);
  if (summary.liftedForeignKeys) console.log(`  bulk: foreign keys ${summary.liftedForeignKeys.names.join(', ')} lifted, added back and checked in ${(summary.liftedForeignKeys.restoreMs / 1000).toFixed(1)} s`);
  console.log(`  inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, platform IDs added ${summary.linksAdded}`);
  console.log(`  invalid ${summary.invalid.count}, conflicts ${summary.conflicts.count}, duplicate ISRCs ${summary.duplicates.count}, warnings ${summary.warnings.count}, mojibake ${summary.mojibake.count}`);
  const prefixes = Object.entries(summary.unknownPrefixCounts).map(([prefix, count]) => `${prefix} ${count}`).join(', ');
  if (prefixes) console.log(`  ISRCs with an agency prefix newer than the bundled list (accepted): ${prefixes}`);
  if (summary.ignoredColumns.length) console.log(`  ignored columns: ${summary.ignoredColumns.map((c) => `"${c}"`).join(', ')}`);
  printList('Invalid rows, skipped', summary.invalid);
  printList('Platform ID conflicts, skipped', summary.conflicts);
  printList('Duplicate ISRCs (the later row wins)', summary.duplicates);
  printList('Warnings (value left out, row written)', summary.warnings);
  printList('Mojibake (repaired, or the row or value refused)', summary.mojibake);
  printList('Unknown ISRC agency prefixes (written)', summary.unknownPrefixes);
}

const links = await createSubgraph(linksSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`import:catalog: importing ${file} into ${links.db.location}`);
  // Half a million rows and more: say once that a first load goes faster with its foreign keys lifted.
  if (!values.bulk && statSync(file).size > BULK_HINT_BYTES) console.error('import:catalog: a large file; for a first load, --bulk is about a third faster (docs/import-formats.md)');
  const summary = await importCatalog(links.prisma, file, {
    onProgress,
    batchSize,
    resume: !values.restart,
    bulk: values.bulk,
    onColumns: (columns) => console.error(`import:catalog: columns: ${describeMapping(columns)}`),
  });
  bar?.stop();
  printSummary(summary);
} catch (error) {
  bar?.stop();
  if (error instanceof CatalogHeaderError) {
    console.error(`import:catalog: ${error.message} Nothing was written.`);
    exitCode = 2;
  } else {
    console.error(`import:catalog: failed: ${error instanceof Error ? error.message : String(error)}. The batch in flight was rolled back; run the same command again to continue after the last committed one.`);
    exitCode = 1;
  }
} finally {
  bar?.stop();
  await links.close();
}
process.exit(exitCode);
