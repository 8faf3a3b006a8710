/**
 * `npm run import:library -- <folder> | --from <export.json|csv> [--account demo] [--no-enrich] [--gateway URL] [--key sk_…]`:
 * reads a music folder's audio files (their tags, with music-metadata) or a
 * media server's export into the library database `npm start` uses
 * (`DATA_DIR` or `DATABASE_URL`, as the server; stop `npm start` first on the
 * embedded PGlite), for one account. Incremental: unchanged files are skipped
 * by path, size and modification time, changed ones re-read, missing ones
 * marked removed; 500 files per transaction. Then enriches the account's new
 * tracks through the gateway (see `npm run enrich:library`) unless told not to.
 * See docs/library-import.md.
 *
 * Exit codes: 0 imported (and enriched, or enrichment left for later on
 * purpose); 1 imported, but some files could not be read (listed) or export
 * rows were refused; 2 usage error, nothing written; 3 imported, but
 * enrichment failed (gateway down, bad key): run enrich:library again.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { importExport, importFolder, type ImportProgress, type ImportSummary } from '../subgraphs/library/src/ingest/importLibrary.ts';
import { librarySubgraph } from '../subgraphs/library/src/module.ts';
import { UsageError } from './backfill/errors.ts';
import { accountOption, enrichAndReport, enrichSettings, LIBRARY_OPTIONS, LIBRARY_USAGE } from './ingest/libraryEnrichment.ts';
import type { ResolveSettings } from './ingest/isrcResolution.ts';

const USAGE = `usage: npm run import:library -- <folder> [options]
       npm run import:library -- --from <export.json|export.csv> [options]

  Reads the tags of the audio files under <folder> (MP3, FLAC, M4A, Ogg, Opus, WAV, AIFF, …),
  or the tracks of a Plex / Jellyfin / flat JSON or CSV export (docs/library-import.md).
  --from <file>     import a media server export instead of a folder
  --server <name>   what the export's items are called (default: plex, jellyfin or export, from its shape)
  --batch <n>       files per transaction (default 500)
  --no-enrich       do not tie the new tracks to canonical recordings now
${LIBRARY_USAGE}

Exit status: 0 imported, 1 imported but files unreadable or rows refused, 2 usage error, 3 imported but enrichment failed.`;
/** Unreadable files and refused rows listed on the terminal (all are counted). */
const LISTED = 50;

function usage(message: string): never {
  console.error(`import:library: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let target: { folder: string } | { export: string };
let accountId: string;
let settings: ResolveSettings;
let batchSize: number;
let server: string | undefined;
try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...LIBRARY_OPTIONS, from: { type: 'string' }, server: { type: 'string' }, batch: { type: 'string' }, 'no-enrich': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.from && positionals.length) throw new UsageError('give a folder or --from <export>, not both');
  if (!values.from && positionals.length !== 1) throw new UsageError(positionals.length ? 'one folder at a time' : 'no folder given');
  const path = values.from ?? positionals[0]!;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`"${path}" does not exist`);
  if (values.from ? !stat.isFile() : !stat.isDirectory()) throw new UsageError(`"${path}" is not a ${values.from ? 'file' : 'folder'}`);
  target = values.from ? { export: path } : { folder: path };
  accountId = accountOption(values.account);
  batchSize = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new UsageError(`--batch must be a whole number from 1 to 10000, got "${values.batch}"`);
  if (values.server !== undefined && !/^[a-z0-9_-]{1,32}$/.test(values.server)) throw new UsageError('--server must be a short lower-case name, like plex');
  server = values.server;
  settings = enrichSettings(values, values['no-enrich'] ?? false);
} catch (error) {
  usage((error as Error).message);
}

let lastLine = 0;
function onProgress(p: ImportProgress): void {
  if (p.phase === 'scanned') console.error(`import:library: ${p.total} files found, ${p.toRead} new or changed, ${p.total - p.toRead} unchanged`);
  // A line per batch, at most one a second (always the last).
  else if (Date.now() - lastLine >= 1000 || p.done === p.toRead) {
    lastLine = Date.now();
    console.error(`import:library: ${p.done}/${p.toRead} read and written`);
  }
}

function printSummary(s: ImportSummary): void {
  const rate = Math.round(s.read / Math.max(s.seconds, 0.001));
  console.log(`import:library: ${s.total} files in ${s.seconds.toFixed(1)} s (${rate} files/s read): ${s.read} read, ${s.unchanged} unchanged, ${s.removed} marked removed, ${s.unreadable} unreadable; ${s.batches} transactions`);
  console.log(`  tracks created ${s.tracksCreated}, updated ${s.tracksUpdated}; artists created ${s.artistsCreated}, albums created ${s.albumsCreated}`);
  const list = (title: string, rows: { path: string; reason: string }[], count: number) =>
    count && console.log(`${title} (${count}):\n${rows.slice(0, LISTED).map((p) => `  ${p.path}: ${p.reason}`).join('\n')}${count > LISTED ? `\n  … and ${count - LISTED} more` : ''}`);
  list('Unreadable files', s.problems, s.unreadable);
  list('Skipped', s.skipped, s.skipped.length);
}

const library = await createSubgraph(librarySubgraph, { seed: false });
let exitCode = 0;
try {
  const options = { accountId: accountId!, batchSize: batchSize!, onProgress };
  console.error(`import:library: importing ${'folder' in target! ? target.folder : target!.export} for account ${accountId!} into ${library.db.location}`);
  let summary: ImportSummary;
  try {
    summary = 'folder' in target! ? await importFolder(library.prisma, target.folder, options) : await importExport(library.prisma, target!.export, { ...options, server });
  } catch (error) {
    // The folder or export could not be read at all (permissions, not JSON…): nothing was written.
    console.error(`import:library: ${(error as Error).message}`);
    process.exitCode = 2;
    throw error;
  }
  printSummary(summary);
  const refusedRows = 'export' in target! && summary.skipped.length > 0;
  if (summary.unreadable > 0 || refusedRows) exitCode = 1;
  const enrichment = await enrichAndReport(library.prisma, settings!, accountId!, { command: 'import:library', progress: (line) => console.error(line) });
  console.log(enrichment.lines.join('\n'));
  if (enrichment.failed && exitCode === 0) exitCode = 3;
} catch (error) {
  if (process.exitCode !== 2) console.error(`import:library: failed: ${(error as Error).message}`);
  exitCode = process.exitCode === 2 ? 2 : 1;
} finally {
  await library.close();
}
process.exit(exitCode);
