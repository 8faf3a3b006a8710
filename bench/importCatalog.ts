/**
 * `npm run bench importCatalog`: a generated catalog CSV (BENCH_ROWS rows,
 * default 1,000,000: ISRC, title, two artists from a pool, album, release
 * date, duration, Spotify ID) imported by `importCatalog` (streamed, batches
 * of set-based statements), against the per-row path it replaced
 * (CatalogWriter, about ten statements a row) on the first BENCH_BASELINE_ROWS
 * rows (default 2,000), both in this process on the same database. Prints
 * rows/s, the ratio, SQL statements per batch and peak RSS. Postgres when
 * DATABASE_URL is set (schema dropped at the end), else in-memory PGlite
 * (whose database lives in this process, so its RSS includes the data).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { CatalogWriter } from '../subgraphs/links/src/catalog/csvCatalogWriter.ts';
import { resolveColumns } from '../subgraphs/links/src/catalog/csvColumns.ts';
import { parseCatalogRow, type CatalogRowValues } from '../subgraphs/links/src/catalog/csvTrackRow.ts';
import { importCatalog } from '../subgraphs/links/src/catalog/importCatalog.ts';
import { linksSubgraph } from '../subgraphs/links/src/module.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BASELINE_ROWS = Number(process.env.BENCH_BASELINE_ROWS ?? 2_000);
const POSTGRES = Boolean(process.env.DATABASE_URL);
/** `import:catalog --bulk` (foreign keys lifted during the import), as a first load of a large catalog runs; BENCH_BULK=false for the plain path. */
const BULK = process.env.BENCH_BULK !== 'false';
const HEADER = ['isrc', 'title', 'artist', 'album', 'release_date', 'duration_ms', 'spotify_id'];
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 22-character Spotify ID unique to `n` (and to the prefix letter). */
const spotifyId = (prefix: string, n: number) => {
  let id = '';
  for (let rest = n; id.length < 21; rest = Math.floor(rest / 62)) id = BASE62[rest % 62] + id;
  return prefix + id;
};
/** Row `i` of a generated catalog whose ISRCs start with `country`. */
function row(country: string, i: number): string[] {
  const date = new Date(Date.UTC(1990 + (i % 35), i % 12, 1 + (i % 28))).toISOString().slice(0, 10);
  return [`${country}BNC${String(i).padStart(7, '0')}`, `Bench Song ${i}`, `Bench Artist ${i % 50_000}; Guest ${i % 977}`, `Bench Album ${Math.floor(i / 12)}`, date, String(120_000 + (i % 240_000)), spotifyId(country[0]!, i)];
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\n`);
  for (let i = 0; i < rows; i++) if (!out.write(`${row('US', i).join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'catalog.csv');
const subgraph = await createSubgraph(linksSubgraph, {
  ...(POSTGRES ? { url: process.env.DATABASE_URL, schema: `bench_import_catalog_${process.pid}` } : { inMemory: true }),
  seed: false,
  env: {},
});
let statements = 0;
subgraph.onQuery(() => statements++);

console.log(`importCatalog: ${ROWS.toLocaleString('en')} generated rows on ${POSTGRES ? 'Postgres' : 'PGlite (in memory)'}; baseline: per-row path on ${BASELINE_ROWS.toLocaleString('en')} rows`);
try {
  const generated = performance.now();
  await writeCsv(file, ROWS);
  console.log(`  generated the CSV in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

  // Baseline: the per-row path (CatalogWriter, chunks of 500 in one transaction), on rows of its own (GB ISRCs).
  const columns = resolveColumns(HEADER);
  const values: CatalogRowValues[] = [];
  for (let i = 0; i < BASELINE_ROWS; i++) {
    const parsed = parseCatalogRow({ line: i + 2, fields: row('GB', i) }, columns);
    if (parsed.ok) values.push(parsed.values);
  }
  statements = 0;
  let started = performance.now();
  await subgraph.prisma.$transaction(
    async (tx) => {
      const writer = new CatalogWriter(tx);
      for (let i = 0; i < values.length; i += 500) await writer.write(values.slice(i, i + 500));
    },
    { timeout: 3_600_000 },
  );
  const baselineSeconds = (performance.now() - started) / 1000;
  const baselineRate = BASELINE_ROWS / baselineSeconds;
  console.log(`  per-row path (baseline)  ${baselineSeconds.toFixed(1).padStart(7)} s  ${Math.round(baselineRate).toString().padStart(7)} rows/s  ${(statements / BASELINE_ROWS).toFixed(1)} SQL statements per row`);

  const rssBefore = rssMb();
  statements = 0;
  started = performance.now();
  // Resident memory once the first tenth is written and at the end: flat means the file's size does not show.
  const rssAt: { first?: number; last?: number } = {};
  const summary = await importCatalog(subgraph.prisma, file, {
    bulk: BULK,
    batchSize: Number(process.env.BENCH_BATCH_SIZE ?? 5000),
    onProgress: ({ rows }) => {
      const mb = Math.round(process.memoryUsage().rss / 1048576);
      const quarter = rows <= ROWS / 4 ? 'first' : rows > (3 * ROWS) / 4 ? 'last' : null;
      if (quarter) rssAt[quarter] = Math.max(rssAt[quarter] ?? 0, mb);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const rate = ROWS / seconds;
  if (summary.inserted !== ROWS) throw new Error(`expected ${ROWS} rows inserted, got ${JSON.stringify({ ...summary, invalid: summary.invalid.count })}`);
  console.log(
    `  batched import${BULK ? ', bulk' : '      '}     ${seconds.toFixed(1).padStart(7)} s  ${Math.round(rate).toString().padStart(7)} rows/s  ${summary.batches} batches, ${(statements / summary.batches).toFixed(1)} SQL statements per batch (transaction and progress included)${summary.liftedForeignKeys ? `; foreign keys added back in ${(summary.liftedForeignKeys.restoreMs / 1000).toFixed(1)} s (included)` : ''}`,
  );

  statements = 0;
  started = performance.now();
  const again = await importCatalog(subgraph.prisma, file);
  const againSeconds = (performance.now() - started) / 1000;
  if (again.unchanged !== ROWS) throw new Error(`expected every row unchanged on the second run, got ${again.unchanged}`);
  console.log(`  same file again          ${againSeconds.toFixed(1).padStart(7)} s  ${Math.round(ROWS / againSeconds).toString().padStart(7)} rows/s  every row unchanged, ${(statements / again.batches).toFixed(1)} SQL statements per batch`);
  console.log(`  batched / per-row: ${(rate / baselineRate).toFixed(1)}x the rows per second; peak RSS ${rssMb()} MB (${rssBefore} MB before the batched import)`);
  console.log(`  resident memory during the batched import, highest after a batch: ${rssAt.first} MB over the first quarter of the rows, ${rssAt.last} MB over the last (ratio ${((rssAt.last ?? 0) / (rssAt.first ?? 1)).toFixed(2)})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (subgraph.db.kind === 'postgres') await subgraph.db.sql.exec(`DROP SCHEMA IF EXISTS "${subgraph.db.schema}" CASCADE`);
  await subgraph.close();
}
