/**
 * `npm run chaos`: a failure drill. Starts the four subgraphs and the gateway
 * as separate processes (`npm run start:<name>`, one signing secret, each
 * subgraph on its own data), sends the track card steadily with the demo
 * admin key, kills each subgraph in turn with SIGKILL, restarts it, and prints
 * what the clients saw. Exits 1 when an answer lost the links fields during an
 * outage of another subgraph, an error code other than SERVICE_UNAVAILABLE
 * showed up, or a subgraph did not come back.
 *
 *   npm run chaos -- [--duration 2] [--settle 1] [--concurrency 8] [--subgraphs analytics,library,audio-matches]
 */
import { parseArgs } from 'node:util';
import { subgraph as subgraphDescriptor, type SubgraphName } from '../lib/config.ts';
import { firstComplete, outageFigures, startLoad } from './chaos/load.ts';
import { drillEnvironment, startPiece, stopPiece, type Piece } from './chaos/processes.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '2' },
    settle: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    subgraphs: { type: 'string', default: 'analytics,library,audio-matches' },
  },
});
const downMs = Number(args.duration) * 1_000;
const settleMs = Number(args.settle) * 1_000;
const concurrency = Number(args.concurrency);
const victims = args.subgraphs.split(',').map((name) => subgraphDescriptor(name.trim()).name);
if (!(downMs >= 0 && settleMs >= 0 && Number.isInteger(concurrency) && concurrency > 0)) {
  throw new TypeError('--duration and --settle are seconds (>= 0), --concurrency a positive integer');
}

const SERVING = /serving (http\S+)/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const drill = await drillEnvironment();
const pieces = new Map<string, Piece>();
// The pieces run in process groups of their own: a Ctrl-C would leave them running.
process.once('SIGINT', () => void Promise.all([...pieces.values()].map((piece) => stopPiece(piece, 'SIGKILL'))).then(() => drill.cleanup()).finally(() => process.exit(130)));
const startSubgraph = async (name: SubgraphName) => pieces.set(name, await startPiece(`start:${name}`, drill.env, SERVING)).get(name)!;

/** One row of the table. */
interface Row {
  subgraph: string;
  downS: string;
  answers: number;
  withLinks: string;
  codes: string;
  restartToServingMs: number;
  restartToCompleteMs: number | null;
}
const rows: Row[] = [];
const problems: string[] = [];
let exitCode = 0;
try {
  const started = Date.now();
  const backend = drill.env.LINKS_DATABASE_URL ? 'Postgres' : 'embedded PGlite';
  console.log(`Starting the subgraphs and the gateway as separate processes (${backend}${drill.env.REDIS_URL ? ', Redis' : ''}) …`);
  // The gateway reads the composed supergraph from disk: it needs no subgraph to start.
  // Settled, not all: a piece still starting when another failed must be in `pieces` to be stopped.
  const starts = await Promise.allSettled([
    startPiece('start:gateway', drill.env, /\[gateway\] serving (\S+)/).then((piece) => pieces.set('gateway', piece)),
    ...(['links', 'analytics', 'library', 'audio-matches'] as const).map(startSubgraph),
  ]);
  for (const start of starts) if (start.status === 'rejected') throw start.reason;
  const gateway = pieces.get('gateway')!;
  const key = /Admin API key for the demo account[^\n]*\n\s*(sk_[A-Za-z0-9_-]+)/.exec(gateway.output())?.[1];
  if (!key) throw new Error(`the gateway printed no admin key on its first start:\n${gateway.output().slice(-2_000)}`);
  console.log(`Up in ${((Date.now() - started) / 1_000).toFixed(1)} s; gateway ${gateway.ready}. Load: ${concurrency} clients; each subgraph down ${args.duration} s.\n`);

  const load = startLoad({ url: gateway.ready, key, concurrency });
  try {
    await sleep(settleMs);
    for (const name of victims) {
      const killedAt = Date.now();
      await stopPiece(pieces.get(name)!, 'SIGKILL');
      await sleep(downMs);
      const restarted = await startSubgraph(name);
      const first = await firstComplete(load.samples, restarted.readyAt, 30_000);
      const figures = outageFigures(name, load.samples, killedAt, restarted.readyAt);
      rows.push({
        subgraph: name,
        downS: ((restarted.readyAt - killedAt) / 1_000).toFixed(1),
        answers: figures.responses,
        withLinks: `${(100 * figures.linksShare).toFixed(1)} %`,
        codes: Object.entries(figures.codes).map(([code, count]) => `${code} ×${count}`).join(', ') || '-',
        restartToServingMs: restarted.readyAt - restarted.spawnedAt,
        restartToCompleteMs: first && first.ended - restarted.spawnedAt,
      });
      if (name !== 'links' && figures.linksShare < 1) problems.push(`${name} down: ${figures.responses - Math.round(figures.linksShare * figures.responses)} answers lost the links fields`);
      if (!first) problems.push(`${name}: no complete answer within 30 s of its restart`);
      await sleep(settleMs);
    }
  } finally {
    await load.stop();
  }
  const samples = load.samples;
  const codes = [...new Set(samples.flatMap((sample) => sample.codes))];
  const unexpected = codes.filter((code) => code !== 'SERVICE_UNAVAILABLE');
  if (unexpected.length > 0) problems.push(`unexpected error codes: ${unexpected.join(', ')}`);
  console.table(rows.map((row) => ({
    subgraph: row.subgraph,
    'down (s)': row.downS,
    'answers while down': row.answers,
    'with links': row.withLinks,
    'error codes': row.codes,
    'restart → serving (ms)': row.restartToServingMs,
    'restart → first complete (ms)': row.restartToCompleteMs ?? 'never',
  })));
  const withLinks = samples.filter((sample) => sample.links).length;
  console.log(`\n${samples.length} answers in ${((samples.at(-1)!.ended - samples[0]!.started) / 1_000).toFixed(1)} s; ${((100 * withLinks) / samples.length).toFixed(1)} % carried the links fields; codes seen: ${codes.join(', ') || 'none'}.`);
  if (problems.length > 0) {
    exitCode = 1;
    console.log(`\nFAILED:\n- ${problems.join('\n- ')}`);
  }
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  // SIGTERM lets each piece drain and close its database; SIGKILL whatever is still there after 10 s.
  await Promise.all([...pieces.values()].map((piece) => Promise.race([stopPiece(piece, 'SIGTERM'), sleep(10_000).then(() => stopPiece(piece, 'SIGKILL'))])));
  await drill.cleanup();
}
process.exit(exitCode);
