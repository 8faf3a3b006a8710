/**
 * `npm run bench gateways [-- flags]`: our gateway against its peers on the
 * same four subgraph processes and the same synthetic catalog — Hive Gateway
 * with its defaults and a stock Apollo Gateway in Apollo Server, both serving
 * schema/supergraph.graphql, plus our gateway with its caches and
 * deduplication off when it has such switches. Checks first that every
 * gateway answers the same `data` to every query (exits 1 otherwise), then
 * runs each query with autocannon in interleaved rounds and prints medians:
 * requests/s, p50/p95/p99, errors, resident memory, and the ratios. Exits 1
 * when data differ or a request to our gateway failed (a peer's failures are
 * reported, with the first failed answer).
 *
 *   --rounds N        interleaved rounds (BENCH_ROUNDS)                        default 5
 *   --duration S      seconds per gateway, query and round (BENCH_DURATION)    default 5
 *   --connections N   autocannon connections (BENCH_CONNECTIONS)               default 50
 *   --tracks N        synthetic recordings seeded (BENCH_TRACKS)               default 10000
 *   --queries a,b     of links, card, library, matches (BENCH_QUERIES)         default all
 *   --ours-env K=V,…  extra environment of our gateway (BENCH_OURS_ENV)
 *   --off-env K=V,…   what turns our caches off (BENCH_OFF_ENV)   default: from the README's configuration reference
 *   --spread N        requests spread over N distinct recordings, not one (BENCH_SPREAD)  default 1
 *   --requests N      instead of a duration: N answered requests per gateway, query and round (BENCH_REQUESTS)
 *   --quick           one round of 20 requests over 10 connections on 1,000 recordings (tests)
 *   --json FILE       also write every round's figures there
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cacheSwitchesOff, parseEnvList } from './lib/cacheSwitches.ts';
import { cannon } from './lib/cannon.ts';
import { groupRssMiB } from './lib/groupRss.ts';
import { syntheticIsrc } from '../scripts/syntheticCatalog.ts';
import { PEER_QUERIES } from './lib/peerQueries.ts';
import { describeMachine, loadNow, resultTable, summarize, type Round } from './lib/peerReport.ts';
import { startPeerStack, type Contender } from './lib/peerStack.ts';

const env = process.env;
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: env.BENCH_ROUNDS },
    duration: { type: 'string', default: env.BENCH_DURATION },
    connections: { type: 'string', default: env.BENCH_CONNECTIONS },
    tracks: { type: 'string', default: env.BENCH_TRACKS },
    queries: { type: 'string', default: env.BENCH_QUERIES },
    'ours-env': { type: 'string', default: env.BENCH_OURS_ENV },
    'off-env': { type: 'string', default: env.BENCH_OFF_ENV },
    requests: { type: 'string', default: env.BENCH_REQUESTS },
    spread: { type: 'string', default: env.BENCH_SPREAD },
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const positive = (flag: string, raw: string, integer = true) => {
  const value = Number(raw);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new TypeError(`--${flag} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  return value;
};
const rounds = positive('rounds', args.rounds ?? (args.quick ? '1' : '5'));
const durationS = positive('duration', args.duration ?? '5', false);
// Quick runs count requests, not seconds: every request sent is answered or times out, so a slow gateway cannot show 0 failures by answering nothing.
const amount = args.requests ?? (args.quick && !args.duration ? '20' : undefined);
const requests = amount === undefined ? undefined : positive('requests', amount);
// Fewer connections when quick: on a busy machine 50 requests at once may not finish within a short round.
const connections = positive('connections', args.connections ?? (args.quick ? '10' : '50'));
const tracks = positive('tracks', args.tracks ?? (args.quick ? '1000' : '10000'));
const queryIds = args.queries?.split(',').map((id) => id.trim()) ?? PEER_QUERIES.map((q) => q.id);
const unknown = queryIds.filter((id) => !PEER_QUERIES.some((q) => q.id === id));
if (unknown.length) throw new TypeError(`--queries: unknown ${unknown.join(', ')}; expected some of ${PEER_QUERIES.map((q) => q.id).join(', ')}`);
const queries = PEER_QUERIES.filter((q) => queryIds.includes(q.id));
const spread = positive('spread', args.spread ?? '1');
if (spread > tracks) throw new TypeError(`--spread ${spread} is more than the ${tracks} recordings seeded`);
const oursEnv = parseEnvList(args['ours-env'], '--ours-env');
const offEnv = args['off-env'] === undefined ? cacheSwitchesOff() : parseEnvList(args['off-env'], '--off-env');

const stack = await startPeerStack({ tracks, oursEnv, offEnv: Object.keys(offEnv).length ? offEnv : null, log: (line) => console.log(line) });
process.once('SIGINT', () => void stack.close().finally(() => process.exit(130)));
let exitCode = 0;
try {
  const { contenders } = stack;
  const bodyOf = (query: (typeof queries)[number]) => JSON.stringify({ query: query.query, variables: query.variables });
  console.log(`\ngateways bench: ${describeMachine()}; ${stack.backend}; ${tracks.toLocaleString('en')} synthetic recordings; ${connections} connections; ${spread > 1 ? `requests spread over ${spread.toLocaleString('en')} recordings; ` : ''}${rounds} interleaved round(s) of ${requests ? `${requests} requests` : `${durationS} s`} per gateway and query; load average ${loadNow()}`);
  console.log(`Peers authenticate to our subgraphs as our gateway does: each subgraph request carries the headers of lib/auth/requestSigning.ts (HMAC-SHA256 with the shared SUBGRAPH_SIGNING_SECRET, fresh nonce and request id) for one fixed caller, the benchmark key's (account ${stack.caller.accountId}, scopes ${stack.caller.scopes.join(' ')}, plan ${stack.caller.plan}); Hive signs in an onFetch hook, stock Apollo in a wrapper around its data source's fetcher. Our gateway gets the key itself (Authorization: Bearer), looks it up, and signs the same caller.`);
  if (!contenders.some((c) => c.id === 'ours-off')) console.log('Our gateway documents no cache or deduplication switch (README, Configuration): no "caches off" run. Pass --off-env NAME=false,… to add one.');

  // Same data from everyone before anything is timed.
  for (const query of queries) {
    const answers = await Promise.all(contenders.map(async (contender) => {
      const response = await fetch(contender.url, { method: 'POST', headers: { 'content-type': 'application/json', ...contender.headers }, body: bodyOf(query) });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      if (response.status !== 200 || body.errors || !body.data) throw new Error(`${contender.label} answered ${query.id} with HTTP ${response.status}: ${JSON.stringify(body).slice(0, 1_000)}`);
      return JSON.stringify(body.data);
    }));
    query.check(JSON.parse(answers[0]!));
    const differing = contenders.filter((_, i) => answers[i] !== answers[0]);
    if (differing.length) {
      throw new Error(`${query.id}: ${differing.map((c) => c.label).join(', ')} answered other data than ${contenders[0]!.label}:\n${contenders.map((c, i) => `${c.label}: ${answers[i]!.slice(0, 600)}`).join('\n')}`);
    }
    console.log(`  ${query.id}: identical data from all ${contenders.length} gateways (${answers[0]!.length.toLocaleString('en')} bytes)`);
  }

  // With --spread, a query taking an ISRC asks recordings 0…N-1 in turn, so the subgraphs see distinct keys.
  const spreadBodies = (query: (typeof queries)[number]) =>
    spread > 1 && 'isrc' in query.variables ? Array.from({ length: spread }, (_, k) => JSON.stringify({ query: query.query, variables: { ...query.variables, isrc: syntheticIsrc(k) } })) : undefined;
  const load = (contender: Contender, query: (typeof queries)[number], seconds: number) =>
    cannon({ url: contender.url, body: bodyOf(query), bodies: spreadBodies(query), headers: contender.headers, connections, ...(requests ? { amount: requests } : { durationS: seconds }) });
  // The same warm-up for everyone: plans, JIT, pools.
  for (const query of queries) for (const contender of contenders) await load(contender, query, Math.min(2, durationS));

  const rows: Record<string, Record<string, Round[]>> = Object.fromEntries(queries.map((q) => [q.id, Object.fromEntries(contenders.map((c) => [c.id, []]))]));
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      // Each round starts with another contender, so none always follows the same neighbour.
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
      for (const contender of order) {
        const result = await load(contender, query, durationS);
        rows[query.id]![contender.id]!.push({ ...result, rssMiB: groupRssMiB(contender.piece.child.pid!) });
      }
    }
    console.log(`  round ${round + 1}/${rounds} done`);
  }
  const results = Object.fromEntries(queries.map((q) => [q.id, Object.fromEntries(contenders.map((c) => [c.id, summarize(rows[q.id]![c.id]!)]))]));
  console.log(`\nMedians of ${rounds} round(s) (load average now ${loadNow()}):\n\n${resultTable(queries, contenders, results)}\n`);
  const failed = Object.entries(results).flatMap(([query, by]) => Object.entries(by).filter(([, s]) => s.errors + s.non2xx + s.graphqlErrors > 0).map(([id]) => `${id} on ${query}`));
  if (failed.length) {
    // Ours failing is a bug (exit 1); a peer failing is a figure about the peer, reported with what it answered.
    if (failed.some((what) => what.startsWith('ours'))) exitCode = 1;
    console.log(`${exitCode ? 'FAILED' : 'Note'}: requests failed under load (${failed.join(', ')}).`);
    for (const [query, by] of Object.entries(results)) for (const [id, s] of Object.entries(by)) if (s.firstFailure) console.log(`  ${id} on ${query}, first failed answer: ${s.firstFailure}`);
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ machine: describeMachine(), backend: stack.backend, tracks, connections, spread, rounds, durationS, requests, caller: stack.caller, contenders: contenders.map(({ id, label, url }) => ({ id, label, url })), identical: queries.map((q) => q.id), perRound: rows, results }, null, 2));
  }
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await stack.close();
}
process.exit(exitCode);
