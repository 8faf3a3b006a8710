/**
 * Gateway overhead and in-flight deduplication: two gateways over the same
 * four subgraphs in one process, one with GATEWAY_DEDUP on (the default) and
 * one with it off, asked the links-only track and the 4-subgraph track card
 * by 50 connections, interleaved. "hot": every request asks the same ISRC (a
 * popular track, what a frontend sends); "spread": each request a different
 * one (deduplication cannot help, so this shows what it costs). Prints
 * requests/s, p50/p99, subgraph requests per gateway request, and the ratios
 * on/off.
 */
import type { IncomingMessage } from 'node:http';
import { serveGateway } from '../gateway/src/serveGateway.ts';
import { SUBGRAPHS } from '../lib/config.ts';
import { syntheticIsrc } from '../scripts/syntheticCatalog.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { describeLoad, interleaved, runLoad, type LoadResult } from './lib/load.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 3) * 1_000;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const QUERIES = {
  'links only': `query ($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } } }`,
  'track card': `query ($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`,
};
const PATTERNS = {
  hot: () => () => ({ isrc: syntheticIsrc(42) }),
  spread: () => (n: number) => ({ isrc: syntheticIsrc(n % TRACKS) }),
};

const stack = await startBenchStack('gatewayoverhead', TRACKS);
// The second gateway: the same subgraphs, secret, Redis and (on Postgres) key database, deduplication off.
const keyDatabase = stack.gateway.gateway.database.db;
const shared = keyDatabase.kind === 'postgres';
const plain = await serveGateway({
  env: { LOG_LEVEL: 'warn', DISCOVERY_ENABLED: 'false', SUBGRAPH_SIGNING_SECRET: stack.signingSecret, ...(shared && process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), GATEWAY_DEDUP: 'false' },
  port: 0,
  subgraphUrls: stack.gateway.gateway.subgraphUrls,
  database: shared ? { url: process.env.DATABASE_URL!, schema: keyDatabase.schema } : { inMemory: true },
  seed: !shared,
});
const gateways = {
  on: { url: stack.gateway.url, key: stack.adminKey },
  off: { url: plain.url, key: shared ? stack.adminKey : plain.gateway.adminKey! },
};

// Requests the subgraphs receive, counted for the configuration being measured.
let current: string | null = null;
const subgraphRequests: Record<string, number> = {};
for (const { name } of SUBGRAPHS) {
  stack.subgraphs[name].http.on('request', (_req: IncomingMessage) => {
    if (current) subgraphRequests[current] = (subgraphRequests[current] ?? 0) + 1;
  });
}

console.log(`gateway overhead bench: ${TRACKS} synthetic tracks, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS / 1000} s, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}`);
for (const [queryName, query] of Object.entries(QUERIES)) {
  for (const [patternName, variables] of Object.entries(PATTERNS)) {
    const gatewayRequests: Record<string, number> = {};
    const run = (name: keyof typeof gateways, ms: number) => async (): Promise<LoadResult> => {
      const label = `${queryName} ${patternName} ${name}`;
      current = ms === DURATION_MS ? label : null;
      const result = await runLoad({ url: gateways[name].url, query, variables: variables(), headers: { authorization: `Bearer ${gateways[name].key}` }, concurrency: CONNECTIONS, durationMs: ms });
      current = null;
      if (ms === DURATION_MS) gatewayRequests[label] = (gatewayRequests[label] ?? 0) + result.requests;
      return result;
    };
    // Warm-up alike for both: query plans, JIT, pooled connections.
    for (const name of ['on', 'off'] as const) await run(name, 1_500)();
    const results = await interleaved({ on: run('on', DURATION_MS), off: run('off', DURATION_MS) }, ROUNDS);
    const [on, off] = [results.on!, results.off!];
    // Figures over failed answers say nothing: the run fails.
    if (on.failures || off.failures) process.exitCode = 1;
    const perRequest = (name: string) => {
      const label = `${queryName} ${patternName} ${name}`;
      return ((subgraphRequests[label] ?? 0) / (gatewayRequests[label] || 1)).toFixed(2);
    };
    console.log(`${queryName}, ${patternName}:`);
    console.log(describeLoad(`dedup on  (subgraph requests/request ${perRequest('on')})`, on));
    console.log(describeLoad(`dedup off (subgraph requests/request ${perRequest('off')})`, off));
    console.log(`  ratio on/off: requests/s ${(on.rps / off.rps).toFixed(2)}x, p50 ${(on.p50 / off.p50).toFixed(2)}x, p99 ${(on.p99 / off.p99).toFixed(2)}x; p99/p50 on ${(on.p99 / on.p50).toFixed(1)}, off ${(off.p99 / off.p50).toFixed(1)}`);
  }
}

await plain.close();
await stack.close();
