/**
 * Federation benchmark: a page of 100 library tracks joined to links,
 * analytics and audio-matches through the gateway, against a baseline of the
 * same page from the library alone, in the same process on the same data.
 * Prints latency percentiles, the ratio to the baseline, and SQL statements
 * per request in each subgraph (constant thanks to DataLoader batching), with
 * the analytics series cache off and on, separately: off, every round asks a
 * range no earlier round asked (`to` past the data, so the same rows); on,
 * every round asks the range the warm-up cached.
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
const FEDERATED = `query F($to: Date) { libraryTracks(first: 100) { nodes { title isrc track { title links { source url } spotifyStreams(from: "2025-03-25", to: $to) { total daily } matches(first: 5) { totalCount } } } } }`;
/** A range end after the synthetic data (same rows), different for every `n`: a series the cache never held. */
const uncached = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const CACHED = { to: '2025-12-31' };

async function measure(query: string, variables: (round: number) => Record<string, unknown> = () => ({})): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const vars = variables(i);
    const started = performance.now();
    await stack.post(query, vars);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}
const pct = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;

// Warm-up, the same for every contender: query plans, JIT, connections (and the cached range for "cache on").
await measure(BASELINE);
await measure(FEDERATED, () => CACHED);
const baseline = await measure(BASELINE);
const perRequest = (run: () => Promise<number[]>) => async () => {
  for (const key of Object.keys(statements)) delete statements[key];
  const times = await run();
  return { times, sql: Object.fromEntries(Object.entries(statements).map(([name, n]) => [name, n / ROUNDS])) };
};
const cacheOff = await perRequest(() => measure(FEDERATED, (i) => ({ to: uncached(i) })))();
const cacheOn = await perRequest(() => measure(FEDERATED, () => CACHED))();

console.log(`federation bench: ${TRACKS} synthetic tracks, ${ROUNDS} rounds, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}`);
console.log(`  baseline  (library only, 100 rows)       p50 ${pct(baseline, 50).toFixed(1)} ms  p95 ${pct(baseline, 95).toFixed(1)} ms`);
for (const [label, { times, sql }] of [['analytics cache off', cacheOff], ['analytics cache on ', cacheOn]] as const) {
  console.log(`  federated, ${label} (4 subgraphs, 100 rows joined) p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  ratio to baseline p50 ${(pct(times, 50) / pct(baseline, 50)).toFixed(2)}x`);
  console.log(`    SQL statements per request: ${JSON.stringify(sql)}`);
}

await stack.close();
