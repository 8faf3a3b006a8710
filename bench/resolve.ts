/**
 * resolveTracks benchmark: a synthetic catalog of 10,000 recordings resolved
 * by ISRC through the gateway (HTTP), in 100-item batches sent one after
 * another, as a backfill would. Baselines on the same data and connection:
 * the same 100 batches as `tracks(isrcs:)` queries (same lookups, no credits),
 * and a bare `{ __typename }` round trip. Prints total and mean time per batch,
 * the ratios, and SQL statements per batch in the links subgraph; then the same
 * 100 batches from BENCH_CLIENTS (default 8) concurrent clients, in items per second.
 * Postgres when DATABASE_URL is set (schemas dropped at the end), else PGlite.
 *
 * By default the gateway and the subgraphs run in this process (one core). With
 * `--processes` (Postgres only) they run as deployed: each subgraph and the gateway
 * in a process of its own (`npm run start:<name>`, `start:gateway`), seeded by
 * `npm run seed:synthetic`; SQL statements are then not counted.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNT_ID } from '../subgraphs/links/src/credits/accounts.ts';
import { grantCredits } from '../subgraphs/links/src/credits/grantCredits.ts';
import type { LinksPrisma } from '../subgraphs/links/src/db.ts';
import { buildSyntheticCatalog } from '../scripts/syntheticCatalog.ts';
import { SYNTHETIC_LIBRARY_ACCOUNT } from '../scripts/writeSyntheticCatalog.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { groupCpuMs } from './lib/groupCpu.ts';
import { runToEnd, startPeerStack } from './lib/peerStack.ts';
import { postGraphQL } from './lib/postGraphQL.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const BATCH = 100;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const { values: args } = parseArgs({ options: { processes: { type: 'boolean', default: false } } });
if (args.processes && !process.env.DATABASE_URL) throw new TypeError('--processes needs DATABASE_URL: an embedded database opens in one process only');
const WARM_UP_BATCHES = 10;
// Enough for the warm-up batches and every measured batch (serial and concurrent).
const CREDITS = 2 * TRACKS + WARM_UP_BATCHES * BATCH;

/** Where the batches go: the gateway's `post`, and the links subgraph's statement count when it runs here. */
interface Target {
  topology: string;
  post(query: string, variables?: Record<string, unknown>): Promise<any>;
  onStatement: ((listener: () => void) => void) | null;
  /** CPU ms used so far, per part of the stack that can be told apart. */
  cpu(): Record<string, number>;
  close(): Promise<void>;
}

/** CPU ms of this process (user + system). */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function inThisProcess(): Promise<Target> {
  const stack = await startBenchStack('resolve', TRACKS);
  await grantCredits(stack.byName.links.prisma as unknown as LinksPrisma, DEMO_ACCOUNT_ID, CREDITS, 'bench');
  return {
    topology: 'gateway and subgraphs in this process',
    post: stack.post,
    onStatement: (listener) => stack.byName.links.onQuery(listener),
    cpu: () => ({ 'gateway, subgraphs and clients': ownCpuMs() }),
    close: stack.close,
  };
}

async function inProcesses(): Promise<Target> {
  const stack = await startPeerStack({ tracks: TRACKS, oursEnv: {}, offEnv: null, peers: false, log: (line) => console.log(line) });
  try {
    // The bench key is the synthetic library's account.
    await runToEnd('npm', ['run', '--silent', 'credits:grant', '--', SYNTHETIC_LIBRARY_ACCOUNT, String(CREDITS)], stack.env);
  } catch (error) {
    await stack.close();
    throw error;
  }
  const { url, headers, piece } = stack.contenders[0]!;
  return {
    topology: 'each subgraph and the gateway in a process of its own',
    post: (query, variables) => postGraphQL(url, headers, query, variables),
    onStatement: null,
    // Postgres's backends are not counted: they belong to the server, not to a group of ours.
    cpu: () => ({ links: groupCpuMs(stack.subgraphPieces.links.child.pid!), gateway: groupCpuMs(piece.child.pid!), clients: ownCpuMs() }),
    close: stack.close,
  };
}

const target = args.processes ? await inProcesses() : await inThisProcess();
const { post } = target;
const catalog = buildSyntheticCatalog(TRACKS);

try {
  const batches = Array.from({ length: Math.ceil(TRACKS / BATCH) }, (_, i) => catalog.slice(i * BATCH, (i + 1) * BATCH).map((t) => t.isrc));

  let statements = 0;
  target.onStatement?.(() => statements++);

  const RESOLVE = `mutation R($items: [ResolveItemInput!]!) { resolveTracks(inputType: ISRC, items: $items) {
    results { input status track { id title } links { source externalId url } } processed creditsRemaining partial } }`;
  const TRACKS_QUERY = `query T($isrcs: [String!]) { tracks(isrcs: $isrcs) { id title links { source externalId url } } }`;

  /** CPU ms per batch of each part since `before` (a reading of target.cpu()), as printed. */
  const cpuPerBatch = (before: Record<string, number>, count: number) =>
    Object.entries(target.cpu()).map(([part, ms]) => `${part} ${((ms - before[part]!) / count).toFixed(1)}`).join(', ');

  /** Sends one request per batch, serially; returns per-request times (ms) and SQL statements per request. */
  async function measure(send: (isrcs: string[]) => Promise<unknown>) {
    statements = 0;
    const cpuBefore = target.cpu();
    const times: number[] = [];
    for (const isrcs of batches) {
      const started = performance.now();
      await send(isrcs);
      times.push(performance.now() - started);
    }
    const total = times.reduce((a, b) => a + b, 0);
    const cpu = cpuPerBatch(cpuBefore, times.length);
    return { total, mean: total / times.length, sql: target.onStatement ? `${(statements / times.length).toFixed(1)}/batch` : 'not counted', cpu };
  }

  // Warm-up: query plans, JIT, connections (one batch left the first measured pass 20-40 % slower than the next).
  for (const isrcs of batches.slice(0, WARM_UP_BATCHES)) {
    await post(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) });
    await post(TRACKS_QUERY, { isrcs });
  }

  let matched = 0;
  const resolve = await measure(async (isrcs) => {
    const { resolveTracks } = await post(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) });
    matched += resolveTracks.results.filter((r: { status: string }) => r.status === 'MATCHED').length;
    if (resolveTracks.partial) throw new Error('bench ran out of credits');
  });
  const tracks = await measure((isrcs) => post(TRACKS_QUERY, { isrcs }));

  /** Every batch once, taken in turn by `clients` concurrent senders; returns items per second and CPU per batch. */
  async function concurrent(clients: number, send: (isrcs: string[]) => Promise<unknown>) {
    let next = 0;
    const cpuBefore = target.cpu();
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < batches.length) await send(batches[next++]!);
    }));
    return { rate: TRACKS / ((performance.now() - started) / 1000), cpu: cpuPerBatch(cpuBefore, batches.length) };
  }
  const { rate: resolveRate, cpu: resolveCpu } = await concurrent(CLIENTS, (isrcs) => post(RESOLVE, { items: isrcs.map((isrc) => ({ isrc })) }));
  const { rate: tracksRate } = await concurrent(CLIENTS, (isrcs) => post(TRACKS_QUERY, { isrcs }));
  const ping = await measure(() => post('{ __typename }', {}));
  const remaining = (await post('{ account { credits } }', {})).account.credits;

  const line = (label: string, m: typeof resolve) =>
    `  ${label.padEnd(34)} total ${(m.total / 1000).toFixed(2)} s  mean ${m.mean.toFixed(1)} ms/batch  SQL ${m.sql}\n    CPU ms/batch: ${m.cpu}`;
  console.log(`resolve bench: ${TRACKS} synthetic tracks, ${batches.length} batches of ${BATCH} ISRCs through the gateway, ${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}; ${target.topology}`);
  console.log(line('resolveTracks(inputType: ISRC)', resolve));
  console.log(line('baseline tracks(isrcs:)', tracks));
  console.log(line('baseline { __typename }', ping));
  console.log(`  ratio resolveTracks/tracks(isrcs:): ${(resolve.mean / tracks.mean).toFixed(2)}x; resolveTracks/{ __typename }: ${(resolve.mean / ping.mean).toFixed(2)}x`);
  console.log(`  ${CLIENTS} concurrent clients: resolveTracks ${Math.round(resolveRate)} items/s, tracks(isrcs:) ${Math.round(tracksRate)} items/s (ratio ${(resolveRate / tracksRate).toFixed(2)}x)`);
  console.log(`    CPU ms/batch of resolveTracks: ${resolveCpu}`);
  console.log(`  matched ${matched} of ${TRACKS}; credits left ${remaining}`);
} finally {
  await target.close();
}
