/**
 * resolveTracks benchmark: a synthetic catalog of 10,000 recordings resolved
 * by ISRC through the gateway (HTTP), in 100-item batches sent one after
 * another, as a backfill would. Baselines on the same data and connection:
 * the same 100 batches as `tracks(isrcs:)` queries (same lookups, no credits),
 * and a bare `{ __typename }` round trip. Prints total and mean time per batch,
 * the ratios, and SQL statements per batch in the links subgraph; then the same
 * 100 batches from BENCH_CLIENTS (default 8) concurrent clients, in items per second.
 * Postgres when DATABASE_URL is set (schemas dropped at the end), else PGlite.
 */
import { performance } from 'node:perf_hooks';
import { DEMO_ACCOUNT_ID } from '../subgraphs/links/src/credits/accounts.ts';
import { grantCredits } from '../subgraphs/links/src/credits/grantCredits.ts';
import type { LinksPrisma } from '../subgraphs/links/src/db.ts';
import { startBenchStack } from './lib/benchStack.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const BATCH = 100;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const stack = await startBenchStack('resolve', TRACKS);
const { byName, catalog, post } = stack;

try {
  const links = byName.links.prisma as unknown as LinksPrisma;
  // Enough for the warm-up batch and every measured batch (serial and concurrent), on the account of the admin key.
  await grantCredits(links, DEMO_ACCOUNT_ID, 2 * TRACKS + BATCH, 'bench');
  const batches = Array.from({ length: Math.ceil(TRACKS / BATCH) }, (_, i) => catalog.slice(i * BATCH, (i + 1) * BATCH).map((t) => t.isrc));

  let statements = 0;
  byName.links.onQuery(() => statements++);

  const RESOLVE = `mutation R($items: [ResolveItemInput!]!) { resolveTracks(inputType: ISRC, items: $items) {
    results { input status track { id title } links { source externalId url } } processed creditsRemaining partial } }`;
  const TRACKS_QUERY = `query T($isrcs: [String!]) { tracks(isrcs: $isrcs) { id title links { source externalId url } } }`;

  /** Sends one request per batch, serially; returns per-request times (ms) and SQL statements per request. */
  async function measure(send: (isrcs: string[]) => Promise<unknown>) {
    statements = 0;
    const times: number[] = [];
    for (const isrcs of batches) {
      const started = performance.now();
      await send(isrcs);
      times.push(performance.now() - started);
    }
    const total = times.reduce((a, b) => a + b, 0);
    return { total, mean: total / times.length, sql: statements / times.length };
  }

  // Warm-up: query plans, JIT, connections.
  await post(RESOLVE, { items: batches[0]!.map((isrc) => ({ isrc })) });
  await post(TRACKS_QUERY, { isrcs: batches[0] });

  let matched = 0;
  const resolve = await measure(async (isrcs) => {
    const { resolveTracks } = await post(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) });
    matched += resolveTracks.results.filter((r: { status: string }) => r.status === 'MATCHED').length;
    if (resolveTracks.partial) throw new Error('bench ran out of credits');
  });
  const tracks = await measure((isrcs) => post(TRACKS_QUERY, { isrcs }));

  /** Every batch once, taken in turn by `clients` concurrent senders; returns items per second. */
  async function concurrent(clients: number, send: (isrcs: string[]) => Promise<unknown>) {
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < batches.length) await send(batches[next++]!);
    }));
    return TRACKS / ((performance.now() - started) / 1000);
  }
  const resolveRate = await concurrent(CLIENTS, (isrcs) => post(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) }));
  const tracksRate = await concurrent(CLIENTS, (isrcs) => post(TRACKS_QUERY, { isrcs }));
  const ping = await measure(() => post('{ __typename }', {}));
  const remaining = (await post('{ account { credits } }', {})).account.credits;

  const line = (label: string, m: typeof resolve) =>
    `  ${label.padEnd(34)} total ${(m.total / 1000).toFixed(2)} s  mean ${m.mean.toFixed(1)} ms/batch  SQL ${m.sql.toFixed(1)}/batch`;
  console.log(`resolve bench: ${TRACKS} synthetic tracks, ${batches.length} batches of ${BATCH} ISRCs through the gateway, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}`);
  console.log(line('resolveTracks(inputType: ISRC)', resolve));
  console.log(line('baseline tracks(isrcs:)', tracks));
  console.log(line('baseline { __typename }', ping));
  console.log(`  ratio resolveTracks/tracks(isrcs:): ${(resolve.mean / tracks.mean).toFixed(2)}x; resolveTracks/{ __typename }: ${(resolve.mean / ping.mean).toFixed(2)}x`);
  console.log(`  ${CLIENTS} concurrent clients: resolveTracks ${Math.round(resolveRate)} items/s, tracks(isrcs:) ${Math.round(tracksRate)} items/s (ratio ${(resolveRate / tracksRate).toFixed(2)}x)`);
  console.log(`  matched ${matched} of ${TRACKS}; credits left ${remaining}`);
} finally {
  await stack.close();
}
