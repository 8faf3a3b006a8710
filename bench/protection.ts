/**
 * What protection costs: the track-card query through the gateway with everything on (operation
 * limits and cost estimate, rate limits, metrics and logs) versus a second gateway in the same
 * process, over the same subgraphs and data, with those three off. Both identify the key and sign
 * subgraph requests. Interleaved rounds, median of each; prints the overhead as a ratio.
 */
import { serveGateway } from '../gateway/src/serveGateway.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { describeLoad, interleaved, runLoad } from './lib/load.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TRACK_CARD = `query TrackCard($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;

const stack = await startBenchStack('protection', 1_000);
// The same key database, so the admin key works on both; the same secret, so the subgraphs accept both.
const bare = await serveGateway({
  env: { LOG_LEVEL: 'warn', SUBGRAPH_SIGNING_SECRET: stack.signingSecret },
  port: 0,
  database: stack.gateway.gateway.database.db.kind === 'postgres' ? { url: process.env.DATABASE_URL, schema: stack.gateway.gateway.database.db.schema } : { inMemory: true },
  seed: false,
  subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, running]) => [name, running.url])),
  disable: { limits: true, rateLimits: true, metrics: true },
});

try {
  const variables = { isrc: stack.catalog[0]!.isrc };
  // On the embedded database the second gateway has its own key table: copy the admin key's row.
  if (stack.gateway.gateway.database.db.kind === 'pglite') {
    const row = await stack.gateway.gateway.database.prisma.apiKey.findFirstOrThrow();
    await bare.gateway.database.prisma.apiKey.create({ data: row });
  }
  const headers = { authorization: `Bearer ${stack.adminKey}` };
  await stack.post(TRACK_CARD, variables);
  const results = await interleaved(
    {
      'limits, rate limits and metrics on': () => runLoad({ url: stack.gateway.url, query: TRACK_CARD, variables, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS }),
      'limits, rate limits and metrics off': () => runLoad({ url: bare.url, query: TRACK_CARD, variables, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS }),
    },
    ROUNDS,
  );
  const [on, off] = Object.values(results) as [(typeof results)[string], (typeof results)[string]];
  console.log(`protection bench: track card, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}; medians`);
  for (const [label, result] of Object.entries(results)) console.log(describeLoad(label, result));
  console.log(`  overhead: throughput ${((off.rps / on.rps - 1) * 100).toFixed(1)} %, p50 latency ratio ${(on.p50 / off.p50).toFixed(3)}x`);
} finally {
  await bare.close();
  await stack.close();
}
