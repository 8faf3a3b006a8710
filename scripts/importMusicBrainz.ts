/**
 * `npm run import:musicbrainz -- <dump dir> [--batch-size 5000] [--restart] [--bulk]`:
 * imports the recordings of a MusicBrainz JSON dump into the links database
 * that `npm start` uses (`DATA_DIR` or `DATABASE_URL`), so a deployment can
 * start from the open catalog. The directory holds `mbdump/recording` (unpack
 * `recording.tar.xz` from https://data.metabrainz.org/pub/musicbrainz/data/json-dumps/
 * into it) or `recording`: one recording per line. Each ISRC of a recording
 * becomes a track (title, artist credits, length, first release date and
 * title) with the recording's MBID as its MUSICBRAINZ ID; recordings without
 * ISRC are skipped and counted. When the directory also holds
 * `mbdump/release` (from `release.tar.xz`), its releases follow: each release
 * with at least one recording in the catalog becomes a release (title, valid
 * UPC, full release date, first credited artist) linked to those tracks;
 * releases with none are counted and skipped. Batched, resumable and
 * idempotent like `import:catalog`. Exit codes: 0 written, 1 failed (committed batches stay;
 * rerun to resume), 2 usage error.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ProblemList } from '../lib/importProblems.ts';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { importMusicBrainz, MusicBrainzDumpError } from '../subgraphs/links/src/catalog/musicbrainz/importMusicBrainz.ts';
import { linksSubgraph } from '../subgraphs/links/src/module.ts';

const USAGE = 'usage: npm run import:musicbrainz -- <dump dir holding mbdump/recording, optionally mbdump/release> [--batch-size 5000] [--restart] [--bulk]';
const LISTED = 50;

function usage(message: string): never {
  console.error(`import:musicbrainz: ${message}\n${USAGE}`);
  process.exit(2);
}

let positionals: string[];
let values: { 'batch-size'?: string; restart?: boolean; bulk?: boolean };
try {
  ({ positionals, values } = parseArgs({ allowPositionals: true, options: { 'batch-size': { type: 'string' }, restart: { type: 'boolean' }, bulk: { type: 'boolean' } } }));
} catch (error) {
  usage((error as Error).message);
}
if (positionals.length !== 1) usage(positionals.length ? 'expected one dump directory' : 'no dump directory given');
const dir = positionals[0]!;
if (!existsSync(dir) || !statSync(dir).isDirectory()) usage(`"${dir}" is not a directory`);
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)) usage(`--batch-size must be a whole number from 1 to 50000, got "${values['batch-size']}"`);

function printList(title: string, list: ProblemList): void {
  if (list.count === 0) return;
  console.log(`${title} (${list.count}):`);
  for (const { line, reason } of list.rows.slice(0, LISTED)) console.log(`  line ${line}: ${reason}`);
  if (list.count > LISTED) console.log(`  … and ${list.count - LISTED} more`);
}

const links = await createSubgraph(linksSubgraph, { seed: false });
let exitCode = 0;
try {
  console.error(`import:musicbrainz: importing ${dir} into ${links.db.location}`);
  const summary = await importMusicBrainz(links.prisma, dir, {
    batchSize,
    resume: !values.restart,
    // As import:catalog --bulk: the recordings' credits and MBIDs are written with their foreign keys lifted.
    bulk: values.bulk,
    onProgress: (progress) => console.error(`import:musicbrainz: ${progress.rows} rows, line ${progress.line} committed`),
  });
  if (summary.recordingsSkipped) console.log('import:musicbrainz: recordings all written by the interrupted run, not read again');
  else console.log(`import:musicbrainz: ${summary.recordings} recordings (${summary.withoutIsrc} without ISRC, skipped), ${summary.rows} ISRC rows in ${(summary.elapsedMs / 1000).toFixed(1)} s, ${summary.batches} batches`);
  if (summary.resumedAfterLine !== null) console.log(`  resumed an interrupted import after line ${summary.resumedAfterLine}`);
  console.log(`  inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}, platform IDs added ${summary.linksAdded}`);
  console.log(`  invalid ${summary.invalid.count}, conflicts ${summary.conflicts.count}, duplicate ISRCs ${summary.duplicates.count}, warnings ${summary.warnings.count}, mojibake ${summary.mojibake.count}`);
  const prefixes = Object.entries(summary.unknownPrefixCounts).map(([prefix, count]) => `${prefix} ${count}`).join(', ');
  if (prefixes) console.log(`  ISRCs with an agency prefix newer than the bundled list (accepted): ${prefixes}`);
  printList('Invalid, skipped', summary.invalid);
  printList('Platform ID conflicts, skipped', summary.conflicts);
  printList('Duplicate ISRCs (the later recording wins)', summary.duplicates);
  printList('Warnings (value left out, row written)', summary.warnings);
  printList('Mojibake', summary.mojibake);
  const releases = summary.releases;
  if (releases) {
    console.log(`import:musicbrainz: ${releases.releases} releases in ${(releases.elapsedMs / 1000).toFixed(1)} s, ${releases.batches} batches`);
    if (releases.resumedAfterLine !== null) console.log(`  resumed an interrupted release import after line ${releases.resumedAfterLine}`);
    console.log(`  inserted ${releases.inserted}, updated ${releases.updated}, unchanged ${releases.unchanged}, track links added ${releases.trackLinksAdded}`);
    console.log(`  without a known recording (skipped) ${releases.withoutKnownTracks}, invalid ${releases.invalid.count}, warnings ${releases.warnings.count}`);
    printList('Invalid release lines, skipped', releases.invalid);
    printList('Release warnings (value left out, release written)', releases.warnings);
  } else console.log('import:musicbrainz: no release dump (mbdump/release): releases not imported');
} catch (error) {
  if (error instanceof MusicBrainzDumpError) {
    console.error(`import:musicbrainz: ${error.message}`);
    exitCode = 2;
  } else {
    console.error(`import:musicbrainz: failed: ${error instanceof Error ? error.message : String(error)}. The batch in flight was rolled back; run the same command again to continue.`);
    exitCode = 1;
  }
} finally {
  await links.close();
}
process.exit(exitCode);
