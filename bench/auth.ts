/**
 * What identity costs: the track-card query through the gateway with an API key (key looked up,
 * caller signed to every subgraph, each subgraph verifying the signature) versus the same query,
 * same process, same data and subgraph schemas, through a gateway that looks no key up and signs
 * nothing, to subgraph servers that verify nothing (the caller fixed). Interleaved rounds, median
 * of each; prints the overhead as a ratio and the key-store database reads per request.
 */
import { randomUUID } from 'node:crypto';
import { expressMiddleware } from '@as-integrations/express5';
import { serveGateway } from '../gateway/src/serveGateway.ts';
import type { Caller } from '../lib/auth/Caller.ts';
import { createHttpServer, type RunningServer } from '../lib/http/createHttpServer.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { describeLoad, interleaved, runLoad } from './lib/load.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TRACK_CARD = `query TrackCard($isrc: String!) { track(isrc: $isrc) { title artists { name } links { source url } spotifyStreams { date total } libraryTracks { title } matches { totalCount } } }`;

const stack = await startBenchStack('auth', 1_000);
const [record] = await stack.gateway.gateway.services.keys.list();
const caller: Caller = { accountId: record!.accountId, keyId: record!.id, scopes: record!.scopes, contract: record!.contract, plan: record!.plan };

// The baseline's subgraphs: the same Apollo servers and databases, on servers that trust a fixed caller.
const baselineSubgraphs: RunningServer[] = await Promise.all(
  Object.values(stack.byName).map((subgraph) =>
    createHttpServer({
      name: `${subgraph.module.name}-baseline`,
      port: 0,
      health: async () => ({ status: 'ok' }),
      ready: async () => ({ status: 'ok' }),
      graphql: [expressMiddleware(subgraph.server, { context: async () => subgraph.module.createContext(subgraph.deps, { caller, requestId: randomUUID() }) })],
    }),
  ),
);
const baseline = await serveGateway({
  env: { LOG_LEVEL: 'warn' },
  port: 0,
  database: { inMemory: true },
  seed: false,
  subgraphUrls: Object.fromEntries(Object.keys(stack.byName).map((name, i) => [name, baselineSubgraphs[i]!.url])),
  disable: { authentication: caller, signing: true },
});

try {
  const isrc = stack.catalog[0]!.isrc;
  const variables = { isrc };
  await stack.post(TRACK_CARD, variables);
  const keys = stack.gateway.gateway.services.keys;
  const lookupsBefore = keys.lookups;
  const results = await interleaved(
    {
      'with a key, signed and verified': () => runLoad({ url: stack.gateway.url, query: TRACK_CARD, variables, headers: { authorization: `Bearer ${stack.adminKey}` }, concurrency: CONCURRENCY, durationMs: DURATION_MS }),
      'no key looked up, nothing signed or verified': () => runLoad({ url: baseline.url, query: TRACK_CARD, variables, concurrency: CONCURRENCY, durationMs: DURATION_MS }),
    },
    ROUNDS,
  );
  const [withAuth, without] = Object.values(results) as [typeof results[string], typeof results[string]];
  const requests = Object.values(results).reduce((n, r) => n + r.requests, 0);
  console.log(`auth bench: track card, ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}; medians`);
  for (const [label, result] of Object.entries(results)) console.log(describeLoad(label, result));
  console.log(`  overhead: throughput ${((without.rps / withAuth.rps - 1) * 100).toFixed(1)} %, p50 latency ratio ${(withAuth.p50 / without.p50).toFixed(3)}x`);
  console.log(`  key-store database reads: ${keys.lookups - lookupsBefore} during the measured rounds (after the first request); ${((keys.lookups - lookupsBefore) / Math.max(1, withAuth.requests * ROUNDS)).toFixed(4)} per request`);
  void requests;
} finally {
  await baseline.close();
  await Promise.all(baselineSubgraphs.map((s) => s.close()));
  await stack.close();
}
