/**
 * Discovery benchmark: 1,000 ISRCs the catalog lacks, looked up through the links subgraph as
 * `tracks(isrcs:)` with links, in 10 requests of 100, against local fake platforms (Spotify, Apple
 * Music, Deezer, TIDAL; Discogs off) that carry every one of them and answer after BENCH_PLATFORM_LATENCY_MS.
 * - cold: the platforms are asked and every answer is written (tracks, links, LinkStatus);
 * - warm: the same requests again, answered from the database (no platform request);
 * - baseline: the same requests on a links subgraph with discovery off, over the same rows, after
 *   one untimed pass over them (the warm run's warm-up was the cold run).
 * Prints time per request, platform requests and SQL statements per request, and the ratios.
 * Postgres when DATABASE_URL is set (schemas dropped at the end), else PGlite.
 */
import { performance } from 'node:perf_hooks';
import { createSubgraph, type Subgraph } from '../lib/subgraph/createSubgraph.ts';
import type { Context } from '../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../subgraphs/links/src/module.ts';
import { createLinksServices } from '../subgraphs/links/src/services.ts';
import { isrcRange, startPlatformFakes } from '../test/links/discovery/platformFakes.ts';

const TRACKS = Number(process.env.BENCH_DISCOVERY_TRACKS ?? 1000);
const BATCH = 100;
const LATENCY_MS = Number(process.env.BENCH_PLATFORM_LATENCY_MS ?? 20);
const schema = `bench_discovery_${process.pid}`;
const database = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema } : { inMemory: true };

const isrcs = isrcRange('QZBD1', TRACKS);
const fakes = await startPlatformFakes({ SPOTIFY: isrcs, APPLE_MUSIC: isrcs, DEEZER: isrcs, TIDAL: isrcs });
for (const server of Object.values(fakes.servers)) server.latencyMs = LATENCY_MS;

const discovering = await createSubgraph(
  { ...linksSubgraph, createServices: ({ env }) => createLinksServices(env, fakes.clients.filter((client) => client.platform !== 'DISCOGS')) },
  { ...database, seed: false, env: { DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '120000' } },
);
const QUERY = `query T($isrcs: [String!]) { tracks(isrcs: $isrcs) { id title links { source externalId } } }`;
const batches = Array.from({ length: Math.ceil(TRACKS / BATCH) }, (_, i) => isrcs.slice(i * BATCH, (i + 1) * BATCH));

async function run(subgraph: Subgraph<LinksPrisma, Context>) {
  let statements = 0;
  const stop = subgraph.onQuery(() => statements++);
  const requestsBefore = fakes.totalRequests();
  const times: number[] = [];
  let found = 0;
  for (const batch of batches) {
    const started = performance.now();
    const response = await subgraph.server.executeOperation({ query: QUERY, variables: { isrcs: batch } }, { contextValue: subgraph.context() });
    times.push(performance.now() - started);
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(JSON.stringify(response.body));
    found += (response.body.singleResult.data!.tracks as ({ links: unknown[] } | null)[]).filter((track) => track?.links.length === 4).length;
  }
  stop();
  const total = times.reduce((sum, time) => sum + time, 0);
  return { total, perRequest: total / batches.length, statements: statements / batches.length, platformRequests: fakes.totalRequests() - requestsBefore, found };
}

try {
  const cold = await run(discovering as unknown as Subgraph<LinksPrisma, Context>);
  const warm = await run(discovering as unknown as Subgraph<LinksPrisma, Context>);
  // Discovery off, same process and same database: what the lookups cost without any discovery check.
  const off = await createSubgraph(linksSubgraph, {
    ...(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, schema } : { inMemory: true }),
    seed: false,
    env: { DISCOVERY_ENABLED: 'false' },
  });
  if (off.db.kind !== 'postgres') {
    // PGlite databases are private to their instance: copy the discovered rows over.
    const prisma = discovering.prisma as unknown as LinksPrisma;
    const target = off.prisma as unknown as LinksPrisma;
    await target.artist.createMany({ data: await prisma.artist.findMany() });
    await target.track.createMany({ data: await prisma.track.findMany() });
    await target.trackArtist.createMany({ data: await prisma.trackArtist.findMany() });
    await target.platformLink.createMany({ data: await prisma.platformLink.findMany() });
  }
  // The same warm-up the warm run had (the cold run went over these batches first): connections, Prisma's caches, JIT.
  await run(off as unknown as Subgraph<LinksPrisma, Context>);
  const baseline = await run(off as unknown as Subgraph<LinksPrisma, Context>);
  await off.close();

  const row = (name: string, r: typeof cold) =>
    `${name.padEnd(9)} ${r.total.toFixed(0).padStart(7)} ms total  ${r.perRequest.toFixed(1).padStart(7)} ms/request  ${r.statements.toFixed(1).padStart(6)} SQL/request  ${String(r.platformRequests).padStart(5)} platform requests  ${r.found}/${TRACKS} with 4 links`;
  console.log(`discovery (${discovering.db.kind}, ${TRACKS} unknown ISRCs, ${batches.length} requests of ${BATCH}, platform latency ${LATENCY_MS} ms)`);
  console.log(row('cold', cold));
  console.log(row('warm', warm));
  console.log(row('baseline', baseline));
  console.log(`ratios: cold/warm ${(cold.total / warm.total).toFixed(2)}x, warm/baseline ${(warm.total / baseline.total).toFixed(2)}x`);
} finally {
  await discovering.close();
  await fakes.close();
  if (discovering.db.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}
