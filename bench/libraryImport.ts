/**
 * Folder scan benchmark (`npm run bench libraryImport`, and at the end of
 * `npm run bench library`): BENCH_FILES (default
 * 3,000) generated audio files with real tags (MP3, FLAC and M4A in turn; 10
 * tracks an album, 5 albums an artist) imported into an empty library, then
 * the same folder scanned again unchanged (the baseline: listing and stat
 * only), then again after 1 % of the files were rewritten. Prints files per
 * second for each, the ratio of the first scan to the unchanged rescan, and
 * SQL statements per imported file. Postgres when DATABASE_URL is set (schema
 * dropped at the end), else in-memory PGlite.
 */
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { importFolder, type ImportSummary } from '../subgraphs/library/src/ingest/importLibrary.ts';
import { librarySubgraph } from '../subgraphs/library/src/module.ts';
import { musicFolder, syntheticFolderFiles } from '../test/fixtures/audio/musicFolder.ts';

const FILES = Number(process.env.BENCH_FILES ?? 3000);
const files = syntheticFolderFiles(FILES);
const folder = await musicFolder(files);
const library = await createSubgraph(librarySubgraph, {
  ...(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema: `bench_library_import_${process.pid}` } : { inMemory: true }),
  seed: false,
  env: {},
});
let statements = 0;
library.onQuery(() => statements++);

async function run(label: string): Promise<{ summary: ImportSummary; seconds: number; perSecond: number; statements: number }> {
  statements = 0;
  const started = performance.now();
  const summary = await importFolder(library.prisma, folder.root, { accountId: 'bench' });
  const seconds = (performance.now() - started) / 1000;
  const perSecond = FILES / seconds;
  console.log(
    `  ${label.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(perSecond).toString().padStart(7)} files/s  read ${summary.read}, unchanged ${summary.unchanged}, ${summary.batches} transactions, ${statements} SQL statements`,
  );
  return { summary, seconds, perSecond, statements };
}

try {
  console.log(`libraryImport: ${FILES} generated files (MP3/FLAC/M4A with tags) on ${library.db.kind === 'postgres' ? 'Postgres' : 'PGlite (in memory)'}`);
  const first = await run('first scan (import)');
  const unchanged = await run('rescan, unchanged (baseline)');
  const touched = files.filter((_, i) => i % 100 === 0);
  const later = new Date(Date.now() + 60_000);
  for (const file of touched) await utimes(join(folder.root, file.path), later, later);
  const some = await run(`rescan, ${touched.length} touched`);
  console.log(`  first scan / unchanged rescan: ${(first.seconds / unchanged.seconds).toFixed(1)}x the time; ${(first.statements / FILES).toFixed(3)} SQL statements per imported file`);
  console.log(`  touched rescan / unchanged rescan: ${(some.seconds / unchanged.seconds).toFixed(1)}x the time`);
} finally {
  if (library.db.kind === 'postgres') await library.db.sql.exec(`DROP SCHEMA IF EXISTS "${library.db.schema}" CASCADE`);
  await library.close();
  await folder.remove();
}
