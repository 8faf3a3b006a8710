/**
 * Entity cache benchmark: the same subgraphs behind two gateways in this
 * process, one with ENTITY_CACHE=off (the baseline) and one with it on, asked
 * the same queries in interleaved rounds after the same warm-up. Prints p50
 * per query on each, the ratio off/on, and requests per second at a few
 * concurrent clients. `BENCH_TRACKS`, `BENCH_ROUNDS`, `BENCH_CONCURRENCY`.
 */
import { performance } from 'node:perf_hooks';
import { serveGateway } from '../gateway/src/serveGateway.ts';
import { trackIdForIsrc } from '../subgraphs/links/src/trackId.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { postGraphQL } from './lib/postGraphQL.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const stack = await startBenchStack('entitycache', TRACKS);
const baseline = await serveGateway({
  env: { DISCOVERY_ENABLED: 'false', LOG_LEVEL: 'warn', SUBGRAPH_SIGNING_SECRET: stack.signingSecret, ENTITY_CACHE: 'off' },
  port: 0,
  subgraphUrls: stack.gateway.gateway.subgraphUrls,
  ...(process.env.DATABASE_URL ? { database: { url: process.env.DATABASE_URL, schema: `bench_entitycache_off_${process.pid}` } } : { database: { inMemory: true } }),
  seed: true,
});
const gateways = { off: { url: baseline.url, key: baseline.gateway.adminKey! }, on: { url: stack.gateway.url, key: stack.adminKey } };
console.log(`entity cache bench: ${TRACKS} synthetic tracks, ${ROUNDS} rounds, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}; cache on: ${stack.gateway.gateway.entityCache.kind}`);

const ids = stack.catalog.slice(0, 50).map((track) => trackIdForIsrc(track.isrc));
const QUERIES: Record<string, string> = {
  'links only': `query ($id: ID!) { track(id: $id) { title artists { name } links { source url } } }`,
  'track card': `query ($id: ID!) { track(id: $id) { title links { source url } spotifyStreamTotal { total } libraryTracks { title } matches(first: 5) { totalCount } } }`,
  'library page (100)': `{ libraryTracks(first: 100) { nodes { title isrc track { title links { source url } spotifyStreams(from: "2025-03-25") { total daily } matches(first: 5) { totalCount } } } } }`,
};

async function ask(which: 'off' | 'on', query: string, round: number): Promise<void> {
  const { url, key } = gateways[which];
  await postGraphQL(url, { authorization: `Bearer ${key}` }, query, { id: ids[round % ids.length] });
}

const pct = (times: number[], p: number) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
for (const [name, query] of Object.entries(QUERIES)) {
  // Same warm-up for both: query plans, connections, and (on) the cache filled for every id asked.
  for (let round = 0; round < ids.length; round++) for (const which of ['off', 'on'] as const) await ask(which, query, round);
  const times = { off: [] as number[], on: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      const started = performance.now();
      await ask(which, query, round);
      times[which].push(performance.now() - started);
    }
  }
  const rps = { off: 0, on: 0 };
  const failed = { off: 0, on: 0 };
  for (const which of ['off', 'on'] as const) {
    const started = performance.now();
    let done = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, client) => {
      // A failed request is counted, not fatal: an overloaded machine must still print its figures.
      for (let round = client; round < ROUNDS * 2; round += CONCURRENCY) await ask(which, query, round).then(() => done++, () => failed[which]++);
    }));
    rps[which] = done / ((performance.now() - started) / 1000);
  }
  const errors = failed.off + failed.on ? ` (failed: off ${failed.off}, on ${failed.on})` : '';
  console.log(`  ${name.padEnd(20)} p50 off ${pct(times.off, 50).toFixed(1)} ms, on ${pct(times.on, 50).toFixed(1)} ms (${(pct(times.off, 50) / pct(times.on, 50)).toFixed(2)}x faster); ${CONCURRENCY} clients: ${rps.off.toFixed(0)} vs ${rps.on.toFixed(0)} req/s (${(rps.on / rps.off).toFixed(2)}x)${errors}`);
}

await baseline.close();
await stack.close();
