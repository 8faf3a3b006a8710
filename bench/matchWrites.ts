/**
 * `npm run bench matchWrites`: `saveAnalysis`, the audio-matches subgraph's one
 * write path, storing analyses of new matches (with artists, distributors, time
 * offsets and platform artists), then the same results again (nothing changes:
 * the baseline, reading and comparing only), then with every match changed.
 * Prints matches/s, SQL statements and the ratios to the baseline. Postgres
 * when DATABASE_URL is set (schema dropped at the end), else in-memory PGlite.
 */
import { performance } from 'node:perf_hooks';
import { createSubgraph } from '../lib/subgraph/createSubgraph.ts';
import { audioMatchesSubgraph } from '../subgraphs/audio-matches/src/module.ts';
import { saveAnalysis, type MatchInput } from '../subgraphs/audio-matches/src/store/saveAnalysis.ts';

const ANALYSES = Number(process.env.BENCH_ANALYSES ?? 5);
const MATCHES = Number(process.env.BENCH_MATCHES_PER_ANALYSIS ?? 1000);
const POSTGRES = Boolean(process.env.DATABASE_URL);

const subgraph = await createSubgraph(audioMatchesSubgraph, {
  ...(POSTGRES ? { url: process.env.DATABASE_URL, schema: `bench_match_writes_${process.pid}` } : { inMemory: true }),
  seed: false,
  env: {},
});
let statements = 0;
subgraph.onQuery(() => statements++);

const match = (analysis: number, i: number, version: number): MatchInput => ({
  isCover: i % 5 === 0,
  title: `Bench Match ${analysis}-${i}${version ? ' (v2)' : ''}`,
  albumTitle: 'Bench Album',
  label: 'Bench Label',
  releaseDate: '2024-01-02',
  spotify: { id: `bench${analysis}x${i}`, title: 'Bench', albumId: 'benchalbum', albumName: 'Bench Album' },
  confidenceScore: 90,
  externalKey: `bench-${analysis}-${i}`,
  artists: ['Bench Artist', 'Bench Guest'],
  distributors: ['Bench Distributor'],
  timeOffsets: [{ trackStartMs: 0, trackEndMs: 10_000, matchStartMs: 5_000, matchEndMs: 15_000 }],
  spotifyArtists: [{ id: 'benchartist', name: 'Bench Artist' }],
  deezerArtists: [],
});

async function run(label: string, version: number) {
  statements = 0;
  const started = performance.now();
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let a = 0; a < ANALYSES; a++) {
    const trackId = `trk_${a.toString(16).padStart(20, '0')}`;
    const result = await saveAnalysis(subgraph.prisma, { accountId: 'bench', trackId, source: 'SYNTHETIC', sourceFile: null, status: 'DONE' }, Array.from({ length: MATCHES }, (_, i) => match(a, i, version)));
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += result[key];
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${label.padEnd(20)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round((ANALYSES * MATCHES) / seconds).toString().padStart(6)} matches/s  inserted ${counts.inserted}, updated ${counts.updated}, unchanged ${counts.unchanged}, ${statements} SQL statements`,
  );
  return seconds;
}

console.log(`matchWrites: saveAnalysis of ${ANALYSES} analyses x ${MATCHES} matches on ${POSTGRES ? 'Postgres' : 'PGlite (in memory)'}`);
try {
  const insert = await run('new matches', 0);
  const unchanged = await run('same again (baseline)', 0);
  const changed = await run('every match changed', 1);
  console.log(`  new / same again: ${(insert / unchanged).toFixed(1)}x the time; changed / same again: ${(changed / unchanged).toFixed(1)}x`);
} finally {
  if (subgraph.db.kind === 'postgres') await subgraph.db.sql.exec(`DROP SCHEMA IF EXISTS "${subgraph.db.schema}" CASCADE`);
  await subgraph.close();
}
