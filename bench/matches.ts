/**
 * Matches benchmark: `trackMatches(first: 100, sort: RELEASE_DATE_DESC)`
 * through the gateway with every match's `recording { title links { url } }`
 * (the matched recording as a canonical track, from the links subgraph),
 * versus the same page without `recording` (audio-matches only), interleaved
 * in one process, on a synthetic set of 100,000 matches (BENCH_MATCHES) owned
 * by the bench key's account, found for a synthetic catalog of 10,000
 * recordings (BENCH_TRACKS) and matching other recordings of it (about 15 %
 * with an ISRC the catalog lacks, whose `recording` is null). The set is
 * written through the subgraph's saveAnalysis, and the write is timed. Each
 * request reads one of the first 50 pages. Prints p50/p95, requests/s, the
 * ratio with/without, and SQL statements per request in each subgraph.
 * Postgres + Redis when DATABASE_URL and REDIS_URL are set (schemas dropped at
 * the end), else PGlite.
 */
import { performance } from 'node:perf_hooks';
import { SCOPES } from '../lib/auth/Caller.ts';
import type { AudioMatchesPrisma } from '../subgraphs/audio-matches/src/db.ts';
import { writeSyntheticMatches } from '../scripts/writeSyntheticMatches.ts';
import { startBenchStack } from './lib/benchStack.ts';
import { compareWithWithout } from './lib/compareWithWithout.ts';

const TRACKS = Number(process.env.BENCH_TRACKS ?? 10_000);
const MATCHES = Number(process.env.BENCH_MATCHES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const POSTGRES = Boolean(process.env.DATABASE_URL);
const PAGE = 100;
const PAGES = 50;

const pageQuery = (recording: boolean) => `query MatchPage($after: String) {
  trackMatches(first: ${PAGE}, sort: RELEASE_DATE_DESC, after: $after) {
    totalCount
    pageInfo { endCursor }
    nodes { id title isCover isrc releaseDate confidenceScore artists { name }${recording ? ' recording { title links { url } }' : ''} }
  }
}`;
const WITH = pageQuery(true);
const WITHOUT = pageQuery(false);

/** Throws unless the page has 100 matches, newest release first, each known ISRC with its recording's title and links. */
function check(data: any, recording: boolean): void {
  const { nodes, totalCount } = data?.trackMatches ?? {};
  if (nodes?.length !== PAGE) throw new Error(`expected ${PAGE} matches, got ${nodes?.length}`);
  if (totalCount !== MATCHES) throw new Error(`expected ${MATCHES} matches in all (the bench account's only), got ${totalCount}`);
  const dates = nodes.map((node: any) => node.releaseDate).filter(Boolean);
  if (dates.some((date: string, i: number) => i > 0 && date > dates[i - 1])) throw new Error('matches are not sorted by release date, newest first');
  if (!recording) return;
  for (const node of nodes) {
    const known = typeof node.isrc === 'string' && node.isrc.startsWith('ZZSYN');
    if (known && (!node.recording?.title || !(node.recording.links?.length > 0))) throw new Error(`match ${node.id} (${node.isrc}) lacks its recording or links`);
    if (!known && node.recording !== null) throw new Error(`match ${node.id} (${node.isrc ?? 'no ISRC'}) has a recording Trackgraph does not know`);
  }
}

// The bench account owns the set; the demo account keeps none, so totalCount proves the owner filter.
const stack = await startBenchStack('matches', TRACKS, {}, 0);
try {
  const accountId = `bench-matches-${process.pid}`;
  const audioMatches = stack.byName['audio-matches'];
  let writeStatements = 0;
  const stopCounting = audioMatches.onQuery(() => writeStatements++);
  const written = await writeSyntheticMatches(audioMatches.prisma as unknown as AudioMatchesPrisma, { accountId, catalogSize: TRACKS, matches: MATCHES, concurrency: POSTGRES ? 2 : 1 });
  stopCounting();
  const { key } = await stack.gateway.gateway.services.keys.create({ accountId, label: 'matches bench', contract: 'internal', scopes: [...SCOPES], plan: 'internal' });
  const headers = { authorization: `Bearer ${key}` };

  // The first PAGES pages' cursors, walked once; each configuration then visits them in the same order.
  const cursors: (string | null)[] = [null];
  while (cursors.length < PAGES) {
    const data = await stack.post(WITHOUT, { after: cursors.at(-1) }, key);
    check(data, false);
    cursors.push(data.trackMatches.pageInfo.endCursor);
  }
  const rotation = () => {
    let next = 0;
    return () => ({ after: cursors[(next++ * 7) % PAGES] });
  };
  // Correctness with recordings: the first page, and one from the middle.
  for (const after of [cursors[0], cursors[PAGES / 2]]) check(await stack.post(WITH, { after }, key), true);
  const sample = (await stack.post(WITH, { after: null }, key)).trackMatches.nodes as any[];
  const resolved = sample.filter((node) => node.recording).length;
  if (resolved === 0) throw new Error('no match on the first page resolves its recording');

  const mode = POSTGRES ? `Postgres${process.env.REDIS_URL ? ' + Redis' : ''}` : 'PGlite (embedded), in-memory cache';
  console.log(`matches bench: trackMatches(first: ${PAGE}, sort: RELEASE_DATE_DESC) through the gateway, one of the first ${PAGES} pages each request; ${mode}`);
  console.log(`  synthetic set: ${written.matches} matches in ${written.analyses} analyses over ${TRACKS} synthetic recordings, written through saveAnalysis in ${written.seconds.toFixed(1)} s (${Math.round(written.matches / written.seconds)} matches/s, ${writeStatements} statements)`);
  console.log(`  ${CONCURRENCY} connections, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms per configuration; median round`);
  const results = await compareWithWithout(stack, {
    with: { label: 'with recording { title links { url } }', query: WITH },
    without: { label: 'without recording (audio-matches only)', query: WITHOUT },
    variables: rotation, headers, concurrency: CONCURRENCY, durationMs: DURATION_MS, rounds: ROUNDS,
  });
  const failures = results.with.failures + results.without.failures;
  console.log(`  correctness: ${PAGE} matches a page, newest release first, totalCount ${MATCHES} (the bench account's only); known ISRCs resolve to their recording with links, unknown ones to null (${resolved}/${PAGE} resolved on page 1); failed requests while measuring: ${failures}`);
  if (failures > 0) process.exitCode = 1;
} finally {
  await stack.close();
}
