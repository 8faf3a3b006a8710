/**
 * `npm run bench soak`: is our gateway's memory flat under sustained load?
 * Seeds the synthetic catalog and starts the same stack as `bench gateways`
 * (startPeerStack: four subgraphs, our gateway; the peers start too but stay
 * idle), then loads our gateway for BENCH_SOAK_MINUTES (10) minutes with 50
 * connections, each minute cycling through the peer queries (a quarter of the
 * minute each). After every minute it prints requests/s and p99 per query and
 * the resident memory of the gateway's process group; at the end, the median
 * memory of the last half of the minutes against the first half's, and
 * requests/s of the last minute against the first (a check that the load did
 * not fade). Exits 1 when any request failed.
 */
import { cannon, type CannonResult } from './lib/cannon.ts';
import { groupRssMiB } from './lib/groupRss.ts';
import { PEER_QUERIES } from './lib/peerQueries.ts';
import { startPeerStack } from './lib/peerStack.ts';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
if (!(MINUTES > 0) || !(TRACKS > 0) || !(CONNECTIONS > 0)) throw new TypeError('BENCH_SOAK_MINUTES, BENCH_TRACKS and BENCH_CONNECTIONS must be positive numbers');

const stack = await startPeerStack({ tracks: TRACKS, oursEnv: {}, offEnv: null, log: (line) => console.log(line) });
let failed = 0;
try {
  const ours = stack.contenders.find((contender) => contender.id === 'ours')!;
  const pid = ours.piece.child.pid!;
  const slice = (60 / PEER_QUERIES.length);
  const load = (query: (typeof PEER_QUERIES)[number], seconds: number) =>
    cannon({ url: ours.url, body: JSON.stringify({ query: query.query, variables: query.variables }), headers: ours.headers, connections: CONNECTIONS, durationS: seconds });
  for (const query of PEER_QUERIES) await load(query, 2);
  const startRss = Math.round(groupRssMiB(pid));
  console.log(`\nsoak: our gateway, ${MINUTES} min at ${CONNECTIONS} connections, ${PEER_QUERIES.map((q) => q.id).join('/')} for ${slice} s each per minute; ${stack.backend}; RSS after warm-up ${startRss} MiB\n`);
  console.log(`| minute | ${PEER_QUERIES.map((q) => `${q.id} req/s | ${q.id} p99 ms`).join(' | ')} | RSS MiB |`);
  console.log(`| ---: | ${PEER_QUERIES.map(() => '---: | ---:').join(' | ')} | ---: |`);
  const minutes: { results: CannonResult[]; rss: number }[] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    const results: CannonResult[] = [];
    for (const query of PEER_QUERIES) results.push(await load(query, slice));
    failed += results.reduce((sum, r) => sum + r.errors + r.non2xx + r.graphqlErrors, 0);
    const rss = Math.round(groupRssMiB(pid));
    minutes.push({ results, rss });
    console.log(`| ${minute} | ${results.map((r) => `${Math.round(r.rps)} | ${Math.round(r.p99)}`).join(' | ')} | ${rss} |`);
  }
  const first = minutes[0]!;
  const last = minutes.at(-1)!;
  const rpsRatios = PEER_QUERIES.map((q, i) => `${q.id} ${(last.results[i]!.rps / first.results[i]!.rps).toFixed(2)}x`).join(', ');
  // Memory saws with garbage collection: halves compared by their medians, not one sample against another.
  const half = Math.ceil(minutes.length / 2);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  const [early, late] = [median(minutes.slice(0, half).map((m) => m.rss)), median(minutes.slice(-half).map((m) => m.rss))];
  console.log(`\nRSS median over the last ${half} minutes / over the first ${half}: ${(late / early).toFixed(2)}x (${early} → ${late} MiB; highest ${Math.max(...minutes.map((m) => m.rss))} MiB)`);
  console.log(`requests/s, last minute / first: ${rpsRatios}; failed requests ${failed}`);
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
