/**
 * Analytics benchmark: `Query.chart` (SPOTIFY GLOBAL STREAMS DAILY, 200
 * entries) through the gateway with every entry's `track { title links { url }
 * spotifyStreams(30 days to the edition) chartPeaks }`, versus the same chart
 * with `track { title links { url } }` only, interleaved in one process on a
 * synthetic year (syntheticAnalytics.ts). Two workloads: the newest edition
 * asked again and again (caches warm: the stream-series cache, the usage
 * cache), and a different edition per request (series not cached yet). Prints
 * p50/p95, requests/s, the ratio with/without, and SQL statements per request
 * in each subgraph (analytics' split by kind, the usage statement included).
 * A bench key on the internal plan (1,000,000 entities a month) on a fresh account.
 *
 * Scaled by default (2,000 tracks × 365 days); `--full` (or BENCH_FULL=1)
 * takes 10,000 tracks. BENCH_TRACKS, BENCH_DAYS, BENCH_ROUNDS,
 * BENCH_DURATION_MS and BENCH_CONCURRENCY override. Postgres + Redis when
 * DATABASE_URL and REDIS_URL are set (schemas dropped at the end), else PGlite.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from 'redis';
import { SCOPES } from '../lib/auth/Caller.ts';
import { buildSyntheticHistory, countStreamRows, HISTORY_DAYS } from '../scripts/syntheticAnalytics.ts';
import { SYNTHETIC_LAST_DAY } from '../scripts/syntheticCatalog.ts';
import { writeSyntheticHistory } from '../scripts/writeSyntheticAnalytics.ts';
import type { AnalyticsPrisma } from '../subgraphs/analytics/src/db.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { describeLoad, interleaved, runLoad, type LoadResult } from './lib/load.ts';

const FULL = process.argv.includes('--full') || process.env.BENCH_FULL === '1';
const TRACKS = Number(process.env.BENCH_TRACKS ?? (FULL ? 10_000 : 2_000));
const DAYS = Number(process.env.BENCH_DAYS ?? HISTORY_DAYS);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
// Everything but Postgres runs on this one thread: more connections would mostly queue.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const POSTGRES = Boolean(process.env.DATABASE_URL);
const REDIS = POSTGRES && process.env.REDIS_URL ? process.env.REDIS_URL : null;

const ANALYTICS_FIELDS = 'spotifyStreams(from: $from, to: $to) { date total daily } chartPeaks { position date chart { platform country } }';
const chartQuery = (analytics: boolean) => `query Top200($date: Date${analytics ? ', $from: Date!, $to: Date!' : ''}) {
  chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: DAILY, date: $date) {
    date entries(first: 200) { edges { node { position track { title links { url }${analytics ? ` ${ANALYTICS_FIELDS}` : ''} } } } }
  }
}`;
const WITH = chartQuery(true);
const WITHOUT = chartQuery(false);
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const editionVariables = (date: string | null) => ({ date, from: daysBefore(date ?? SYNTHETIC_LAST_DAY, 30), to: date ?? SYNTHETIC_LAST_DAY });

/** Which statement an analytics SQL text is, for the per-kind split. */
const ANALYTICS_KINDS: [string, RegExp][] = [
  ['usage', /admit_entities|"UsageMonth"|"EntityUsage"/],
  ['spotifyStreams', /"SpotifyStreamCount"/],
  ["chartPeaks", /"ChartPeak"/],
  ['chart', /"ChartEntry"|"Chart"/],
];

/** Throws unless the response has 200 entries, each with a titled track (and its analytics when asked). */
function check(data: any, analytics: boolean): void {
  const edges: { node: { track: any } }[] = data?.chart?.entries?.edges ?? [];
  if (edges.length !== 200) throw new Error(`expected 200 entries, got ${edges.length}`);
  for (const [i, { node }] of edges.entries()) {
    if (!node.track?.title) throw new Error(`entry ${i + 1} has no track title`);
    if (analytics && !(node.track.spotifyStreams?.length > 0 && node.track.chartPeaks?.length > 0)) throw new Error(`entry ${i + 1} (${node.track.title}) lacks spotifyStreams or chartPeaks`);
  }
}

/** Series cached by an earlier run (Redis keeps them for minutes) would hide the reads this bench measures. */
async function dropCachedSyntheticSeries(url: string): Promise<void> {
  const client = await createClient({ url }).connect();
  for await (const keys of client.scanIterator({ MATCH: 'trackgraph:analytics:*ZZSYN*', COUNT: 1_000 })) if (keys.length) await client.del(keys);
  await client.close();
}

const stack = await startBenchStack('analytics', TRACKS);
try {
  const analytics = stack.byName.analytics;
  const history = buildSyntheticHistory(stack.catalog, DAYS);
  const started = performance.now();
  const written = await writeSyntheticHistory({ prisma: analytics.prisma as unknown as AnalyticsPrisma, sql: analytics.db.sql }, history);
  const seedSeconds = (performance.now() - started) / 1000;
  if (REDIS) await dropCachedSyntheticSeries(REDIS);
  const { key } = await stack.gateway.gateway.services.keys.create({ accountId: `bench-analytics-${process.pid}`, label: 'analytics bench', contract: 'internal', scopes: [...SCOPES], plan: 'internal' });
  const headers = { authorization: `Bearer ${key}` };

  // Correctness first, so the figures cannot be those of errors: the newest edition and one from the middle of the year.
  const middle = history.dates[Math.floor(DAYS / 2)]!;
  const bytes = { with: 0, without: 0 };
  for (const date of [null, middle]) {
    const withData = await stack.post(WITH, editionVariables(date), key);
    const withoutData = await stack.post(WITHOUT, { date }, key);
    check(withData, true);
    check(withoutData, false);
    bytes.with = JSON.stringify(withData).length;
    bytes.without = JSON.stringify(withoutData).length;
  }

  // Statements per configuration, per subgraph and (analytics) per kind.
  const statements: Record<string, Record<string, number>> = {};
  const requests: Record<string, number> = {};
  let current: string | null = null;
  for (const subgraph of Object.values(stack.byName)) {
    subgraph.onQuery((sql) => {
      if (!current) return;
      const counts = (statements[current] ??= {});
      counts[subgraph.module.name] = (counts[subgraph.module.name] ?? 0) + 1;
      if (subgraph.module.name !== 'analytics') return;
      const kind = ANALYTICS_KINDS.find(([, pattern]) => pattern.test(sql))?.[0] ?? 'other';
      counts[`analytics.${kind}`] = (counts[`analytics.${kind}`] ?? 0) + 1;
    });
  }
  const measured = (name: string, query: string, variables: (n: number) => Record<string, unknown>) => async (): Promise<LoadResult> => {
    current = name;
    const result = await runLoad({ url: stack.gateway.url, query, variables, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS });
    current = null;
    requests[name] = (requests[name] ?? 0) + result.requests;
    return result;
  };
  // The rotation spreads requests over the year (a stride prime to its length), each configuration on the same sequence.
  const rotation = () => {
    let next = 0;
    return () => editionVariables(history.dates[(next++ * 37) % DAYS]!);
  };
  const workloads = {
    [`the newest edition (${SYNTHETIC_LAST_DAY}) again and again`]: { with: () => editionVariables(null), without: () => ({ date: null }) },
    'a different edition each request': { with: rotation(), without: rotation() },
  };

  const mode = POSTGRES ? `Postgres${REDIS ? ' + Redis' : ''}` : 'PGlite (embedded), in-memory cache';
  console.log(`analytics bench: Query.chart SPOTIFY GLOBAL STREAMS DAILY, 200 entries, through the gateway; ${mode}`);
  console.log(`  synthetic year: ${TRACKS} tracks × ${DAYS} days (${countStreamRows(history)} daily totals, ${written.editions} chart editions) written in ${seedSeconds.toFixed(1)} s`);
  console.log(`  ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms per configuration; median round`);
  console.log(`  response: ${(bytes.with / 1024).toFixed(0)} KiB with the analytics fields, ${(bytes.without / 1024).toFixed(0)} KiB without (${(bytes.with / bytes.without).toFixed(1)}x)`);
  // Warm-up, not counted: JIT, query plans, connections.
  for (const [query, variables] of [[WITH, editionVariables(null)], [WITHOUT, { date: null }]] as const) {
    await runLoad({ url: stack.gateway.url, query, variables, headers, concurrency: CONCURRENCY, durationMs: 2_000 });
  }
  let failures = 0;
  for (const [label, workload] of Object.entries(workloads)) {
    const withName = `${label}: with`;
    const withoutName = `${label}: without`;
    const results = await interleaved(
      { [withName]: measured(withName, WITH, workload.with), [withoutName]: measured(withoutName, WITHOUT, workload.without) },
      ROUNDS,
    );
    const [withAnalytics, without] = [results[withName]!, results[withoutName]!];
    failures += withAnalytics.failures + without.failures;
    console.log(`  ${label}:`);
    console.log(describeLoad('  with spotifyStreams (30 days) + chartPeaks', withAnalytics));
    console.log(describeLoad('  without (title, links only)', without));
    console.log(`    ratio with/without: p50 ${(withAnalytics.p50 / without.p50).toFixed(2)}x, p95 ${(withAnalytics.p95 / without.p95).toFixed(2)}x, requests/s ${(withAnalytics.rps / without.rps).toFixed(2)}x`);
    for (const name of [withName, withoutName]) {
      const perRequest = Object.entries(statements[name] ?? {}).map(([k, n]) => `${k} ${(n / requests[name]!).toFixed(2)}`).sort();
      console.log(`    SQL per request, ${name.slice(label.length + 2)}: ${perRequest.join(', ')}`);
    }
  }
  const usage = (await stack.post('{ usage { entities limit } }', {}, key)).usage;
  console.log(`  usage: the bench key's account counted ${usage.entities} entities this month (internal plan, limit ${usage.limit}); 'analytics.usage' above is the admit_entities statement, skipped once an entity is known counted`);
  console.log(`  correctness: 200 entries with titled tracks, spotifyStreams and chartPeaks (checked on 2 editions before measuring); failed requests while measuring: ${failures}`);
  if (failures > 0) process.exitCode = 1;
} finally {
  await stack.close();
}
