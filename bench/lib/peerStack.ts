import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCOPES, type Caller } from '../../lib/auth/Caller.ts';
import { ROOT, SUBGRAPHS, envPrefix, type SubgraphName } from '../../lib/config.ts';
import { freePort } from '../../lib/freePort.ts';
import { ApiKeyStore } from '../../gateway/src/auth/ApiKeyStore.ts';
import { FULL_CONTRACT, readContracts } from '../../gateway/src/contracts/contracts.ts';
import { openGatewayDatabase } from '../../gateway/src/gatewayDatabase.ts';
import { readPlans } from '../../gateway/src/protection/plans.ts';
import { drillEnvironment, startCommand, startPiece, stopPiece, type Piece } from '../../scripts/chaos/processes.ts';
import { SYNTHETIC_LIBRARY_ACCOUNT } from '../../scripts/writeSyntheticCatalog.ts';

/** The supergraph every contender serves. */
export const SUPERGRAPH = join(ROOT, 'schema', 'supergraph.graphql');
/** The plan of the benchmark key: `internal`'s limits, with rate limits no benchmark reaches. */
const BENCH_PLAN = 'internal';

/** A gateway under test, serving in a process (group) of its own. */
export interface Contender {
  id: 'ours' | 'ours-off' | 'hive' | 'apollo';
  label: string;
  url: string;
  /** What every request to it carries (our gateway: the benchmark key). */
  headers: Record<string, string>;
  piece: Piece;
}

/** Options for {@link startPeerStack}. */
export interface PeerStackOptions {
  /** Synthetic recordings seeded. */
  tracks: number;
  /** Extra environment of our gateway. */
  oursEnv: Record<string, string>;
  /** Environment that turns our gateway's caches and deduplication off; null: no such contender. */
  offEnv: Record<string, string> | null;
  /** Start Hive Gateway and stock Apollo Gateway too. @default true */
  peers?: boolean;
  log(line: string): void;
}

/** The subgraphs, the contenders in front of them, and how to stop it all. */
export interface PeerStack {
  subgraphUrls: Record<SubgraphName, string>;
  /** Each subgraph's process (group), for its CPU and memory. */
  subgraphPieces: Record<SubgraphName, Piece>;
  contenders: Contender[];
  /** The caller our gateway signs for the benchmark key, and the peers for every request. */
  caller: Caller;
  backend: string;
  /** The environment the subgraphs run with (their databases), for commands run against them. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Runs a command to its end; throws with its output when it fails. */
export function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-2_000)}`)))),
  );
}

/** Creates the benchmark key in the gateway database `env` points at: the demo account, the full contract, every scope. */
async function createBenchKey(env: NodeJS.ProcessEnv): Promise<{ key: string; caller: Caller }> {
  const plans = readPlans(env);
  const database = await openGatewayDatabase({ seed: false }, env);
  try {
    const keys = new ApiKeyStore({ prisma: database.prisma, events: database.keyEvents, contracts: Object.keys(readContracts()), plans: Object.keys(plans) });
    const { key, record } = await keys.create({ accountId: SYNTHETIC_LIBRARY_ACCOUNT, label: 'bench gateways', contract: FULL_CONTRACT, scopes: [...SCOPES], plan: BENCH_PLAN });
    // As the gateway's authenticate() builds it.
    return { key, caller: { ...ApiKeyStore.callerOf(record), entitiesPerMonth: plans[BENCH_PLAN]!.entitiesPerMonth } };
  } finally {
    await database.close();
  }
}

const SERVING = /serving (http\S+)/;

/**
 * Seeds the synthetic catalog (`npm run seed:synthetic`), starts the four
 * subgraphs once as `npm run start:<name>` would, then each contender in a
 * process of its own: our gateway (`gateway/src/server.ts`, as `npm run
 * start:gateway`; again with its caches off when asked), Hive Gateway and a
 * stock Apollo Gateway (bench/lib/peers/).
 */
export async function startPeerStack(options: PeerStackOptions): Promise<PeerStack> {
  const drill = await drillEnvironment('gateways');
  const pieces: Piece[] = [];
  const close = async () => {
    // SIGTERM drains; SIGKILL whatever is still there after 10 s.
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.all(pieces.map((piece) => Promise.race([stopPiece(piece, 'SIGTERM'), sleep(10_000).then(() => stopPiece(piece, 'SIGKILL'))])));
    await drill.cleanup();
  };
  try {
    const dataDir = drill.env.DATA_DIR!;
    // The plans as shipped, but rate limits out of reach: a refused request would measure the limiter, not the gateway.
    const plans = JSON.parse(readFileSync(join(ROOT, 'gateway', 'plans.json'), 'utf8'));
    Object.assign(plans[BENCH_PLAN], { requestsPerMinute: 1e9, costPerMinute: 1e12 });
    // No demo data, as in the other benches: the synthetic catalog alone (its library and matches are the demo account's).
    const env: NodeJS.ProcessEnv = { ...drill.env, SEED_DEMO: 'false', PLANS_FILE: join(dataDir, 'plans.json') };
    writeFileSync(env.PLANS_FILE!, JSON.stringify(plans));
    const backend = env.LINKS_DATABASE_URL ? `Postgres${env.REDIS_URL ? ' + Redis' : ''}` : 'embedded PGlite';

    let since = Date.now();
    const took = () => `${((Date.now() - since) / 1_000).toFixed(1)} s`;
    options.log(`Seeding ${options.tracks.toLocaleString('en')} synthetic recordings (${backend}) …`);
    await runToEnd('npm', ['run', '--silent', 'seed:synthetic', '--', '--tracks', String(options.tracks)], env);
    options.log(`  seeded in ${took()}. Starting the four subgraphs (npm run start:<name>) …`);
    since = Date.now();
    const subgraphs = await Promise.allSettled(SUBGRAPHS.map(({ name }) => startPiece(`start:${name}`, env, SERVING)));
    for (const started of subgraphs) if (started.status === 'fulfilled') pieces.push(started.value);
    for (const started of subgraphs) if (started.status === 'rejected') throw started.reason;
    const subgraphPieces = Object.fromEntries(SUBGRAPHS.map(({ name }, i) => [name, (subgraphs[i] as PromiseFulfilledResult<Piece>).value])) as Record<SubgraphName, Piece>;
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, subgraphPieces[name].ready])) as Record<SubgraphName, string>;
    const urlEnv = Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${envPrefix(name)}_URL`, subgraphUrls[name]]));

    // Each of our gateways has a key database of its own (an embedded one opens in one process only).
    const ours = async (id: 'ours' | 'ours-off', label: string, extra: Record<string, string>) => {
      const gatewayEnv: NodeJS.ProcessEnv = { ...env, ...urlEnv, DATA_DIR: join(dataDir, id), SEED_DEMO: 'false', GATEWAY_PORT: String(await freePort()), ...extra };
      const { key, caller } = await createBenchKey(gatewayEnv);
      return { id, label, headers: { authorization: `Bearer ${key}` }, caller, start: () => startCommand(id, process.execPath, ['--import', 'tsx', 'gateway/src/server.ts'], gatewayEnv, /\[gateway\] serving (\S+)/) };
    };
    const planned = [await ours('ours', 'Trackgraph gateway', options.oursEnv)];
    if (options.offEnv) planned.push(await ours('ours-off', `Trackgraph gateway, ${Object.entries(options.offEnv).map(([k, v]) => `${k}=${v}`).join(' ')}`, { ...options.oursEnv, ...options.offEnv }));
    const caller = planned[0]!.caller;
    const peerEnv = async (): Promise<NodeJS.ProcessEnv> => ({
      PATH: env.PATH,
      HOME: env.HOME,
      SUBGRAPH_SIGNING_SECRET: env.SUBGRAPH_SIGNING_SECRET,
      BENCH_CALLER: JSON.stringify(caller),
      BENCH_SUPERGRAPH: SUPERGRAPH,
      BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
      PORT: String(await freePort()),
      // Apollo Gateway's anonymous telemetry would probe cloud metadata endpoints (no network here); ours runs with it off too.
      APOLLO_TELEMETRY_DISABLED: 'true',
      // Every contender in production mode, as ours runs (lib/productionMode.ts).
      NODE_ENV: 'production',
    });
    const hiveEnv = await peerEnv();
    const apolloEnv = await peerEnv();
    const peers = options.peers === false ? [] : [
      { id: 'hive' as const, label: 'Hive Gateway (defaults)', headers: {}, start: () => startCommand('hive', process.execPath, ['--import', 'tsx', 'bench/lib/peers/hiveGateway.ts'], hiveEnv, SERVING) },
      { id: 'apollo' as const, label: 'stock Apollo Gateway', headers: {}, start: () => startCommand('apollo', process.execPath, ['--import', 'tsx', 'bench/lib/peers/apolloGateway.ts'], apolloEnv, SERVING) },
    ];
    options.log(`  subgraphs up in ${took()}. Starting ${planned.length + peers.length} gateways one after another …`);
    since = Date.now();
    const contenders: Contender[] = [];
    // One at a time: start-up is CPU-bound and the machine may be shared.
    for (const plan of [...planned, ...peers]) {
      const piece = await plan.start();
      pieces.push(piece);
      contenders.push({ id: plan.id, label: plan.label, url: piece.ready, headers: plan.headers, piece });
    }
    options.log(`  gateways up in ${took()}.`);
    return { subgraphUrls, subgraphPieces, contenders, caller, backend, env, close };
  } catch (error) {
    await close();
    throw error;
  }
}
