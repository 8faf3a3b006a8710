/**
 * Library benchmark: a page of 100 library tracks through the gateway with
 * every track's canonical recording (`track { title links { url }
 * spotifyStreams(30 days) }`, from the links and analytics subgraphs), versus
 * the same page without the federated fields (library only), interleaved in
 * one process, on a synthetic library of 50,000 tracks (BENCH_LIBRARY) owned
 * by the bench key's account, each tied by ISRC to a recording of a synthetic
 * catalog (BENCH_TRACKS recordings, 2,000 by default, with their links and 30
 * days of streams; library track n has recording n mod BENCH_TRACKS). Each
 * request reads another page of the library (keyset cursors spread over it).
 * Prints p50/p95, requests/s, the ratio with/without, and SQL statements per
 * request in each subgraph. Postgres + Redis when DATABASE_URL and REDIS_URL
 * are set (schemas dropped at the end), else PGlite.
 */
import { performance } from 'node:perf_hooks';
import { SCOPES } from '../lib/auth/Caller.ts';
import { encodeCursor } from '../lib/pagination.ts';
import type { PrismaClient as LibraryPrisma } from '../prisma/library/generated/client.ts';
import { writeSyntheticLibrary } from '../scripts/writeSyntheticLibrary.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { compareWithWithout } from './lib/compareWithWithout.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 2_000);
const LIBRARY = Number(process.env.BENCH_LIBRARY ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const POSTGRES = Boolean(process.env.DATABASE_URL);
const PAGE = 100;

const pageQuery = (federated: boolean) => `query LibraryPage($after: String) {
  libraryTracks(first: ${PAGE}, after: $after) {
    totalCount
    nodes { id title artistName albumTitle isrc${federated ? ' track { title links { url } spotifyStreams(from: "2025-03-02", to: "2025-03-31") { date total } }' : ''} }
  }
}`;
const WITH = pageQuery(true);
const WITHOUT = pageQuery(false);

/** Throws unless the page has 100 tracks (each with its recording's title, links and streams when asked). */
function check(data: any, federated: boolean): void {
  const nodes: any[] = data?.libraryTracks?.nodes ?? [];
  if (nodes.length !== PAGE) throw new Error(`expected ${PAGE} library tracks, got ${nodes.length}`);
  if (data.libraryTracks.totalCount !== LIBRARY) throw new Error(`expected a library of ${LIBRARY}, got ${data.libraryTracks.totalCount}`);
  if (!federated) return;
  for (const node of nodes) {
    if (!node.track?.title || !(node.track.links?.length > 0) || !(node.track.spotifyStreams?.length > 0)) throw new Error(`${node.title} lacks its recording, links or streams`);
  }
}

const stack = await startBenchStack('library', TRACKS);
try {
  const accountId = `bench-library-${process.pid}`;
  const started = performance.now();
  const library = stack.byName.library.prisma as unknown as LibraryPrisma;
  const written = await writeSyntheticLibrary(library, { accountId, tracks: LIBRARY, catalogSize: TRACKS });
  const seedSeconds = (performance.now() - started) / 1000;
  const firstId = (await library.track.findFirstOrThrow({ where: { accountId }, orderBy: { id: 'asc' }, select: { id: true } })).id;
  const { key } = await stack.gateway.gateway.services.keys.create({ accountId, label: 'library bench', contract: 'internal', scopes: [...SCOPES], plan: 'internal' });
  const headers = { authorization: `Bearer ${key}` };
  const pages = Math.floor(LIBRARY / PAGE);
  // Page k starts after row firstId - 1 + k * 100; a stride prime to the page count visits them all, each configuration in the same order.
  const rotation = () => {
    let next = 0;
    return () => {
      const page = (next++ * 37) % pages;
      return { after: page === 0 ? null : encodeCursor(firstId - 1 + page * PAGE) };
    };
  };

  // Correctness first: the first page, and one from the middle.
  for (const after of [null, encodeCursor(firstId - 1 + Math.floor(pages / 2) * PAGE)]) {
    check(await stack.post(WITH, { after }, key), true);
    check(await stack.post(WITHOUT, { after }, key), false);
  }

  const mode = POSTGRES ? `Postgres${process.env.REDIS_URL ? ' + Redis' : ''}` : 'PGlite (embedded), in-memory cache';
  console.log(`library bench: libraryTracks(first: ${PAGE}) through the gateway, a different page each request; ${mode}`);
  console.log(`  synthetic library: ${written.tracks} tracks, ${written.albums} albums, ${written.artists} artists (written in ${seedSeconds.toFixed(1)} s), tied by ISRC to ${TRACKS} synthetic recordings with links and 30 days of streams`);
  console.log(`  ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms per configuration; median round`);
  const results = await compareWithWithout(stack, {
    with: { label: 'with track { title links spotifyStreams }', query: WITH },
    without: { label: 'without (library fields only)', query: WITHOUT },
    variables: rotation, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS, rounds: ROUNDS,
  });
  const failures = results.with.failures + results.without.failures;
  console.log(`  correctness: ${PAGE} library tracks per page, each with its recording's title, links and streams (checked on 2 pages before measuring); failed requests while measuring: ${failures}`);
  if (failures > 0) process.exitCode = 1;
} finally {
  await stack.close();
}

// Import throughput of the folder scan (bench/libraryImport.ts, also `npm run bench libraryImport` alone), in the same run.
await import('./libraryImport.ts');
