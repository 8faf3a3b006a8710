/**
 * Federation benchmark: a page of 100 library tracks joined to links,
 * analytics and audio-matches through the gateway, against a baseline of the
 * same page from the library alone, in the same process on the same data.
 * Prints latency percentiles, the ratio to the baseline, and SQL statements
 * per request in each subgraph (constant thanks to DataLoader batching).
 */
import { performance } from 'node:perf_hooks';
import { startBenchStack } from './lib/benchStack.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const stack = await startBenchStack('federation', TRACKS);
const subgraphs = Object.values(stack.byName);

const statements: Record<string, number> = {};
for (const s of subgraphs) s.onQuery(() => (statements[s.module.name] = (statements[s.module.name] ?? 0) + 1));

const BASELINE = `{ libraryTracks(first: 100) { nodes { title isrc } } }`;
const FEDERATED = `{ libraryTracks(first: 100) { nodes { title isrc track { title links { source url } spotifyStreams(from: "2025-03-25") { total daily } matches(first: 5) { totalCount } } } } }`;

async function measure(query: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await stack.post(query);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}
const pct = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;

await measure(FEDERATED); // warm-up: query plans, JIT, connections
const baseline = await measure(BASELINE);
for (const key of Object.keys(statements)) delete statements[key];
const federated = await measure(FEDERATED);
const perRequest = Object.fromEntries(Object.entries(statements).map(([name, n]) => [name, n / ROUNDS]));

console.log(`federation bench: ${TRACKS} synthetic tracks, ${ROUNDS} rounds, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}`);
console.log(`  baseline  (library only, 100 rows)       p50 ${pct(baseline, 50).toFixed(1)} ms  p95 ${pct(baseline, 95).toFixed(1)} ms`);
console.log(`  federated (4 subgraphs, 100 rows joined) p50 ${pct(federated, 50).toFixed(1)} ms  p95 ${pct(federated, 95).toFixed(1)} ms`);
console.log(`  ratio federated/baseline p50: ${(pct(federated, 50) / pct(baseline, 50)).toFixed(2)}x`);
console.log(`  SQL statements per federated request: ${JSON.stringify(perRequest)}`);

await stack.close();
