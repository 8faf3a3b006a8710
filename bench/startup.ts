/**
 * How fast a new user's `npm start` answers, and how much memory it holds: a fresh temporary
 * DATA_DIR, `npm start` spawned, the time until the gateway gives its first successful federated
 * answer (polled every 50 ms), the resident memory of the process tree (peak, and settled 3 s after
 * the first answer; the npm wrapper itself not counted), then a second start on the same directory.
 * Prints the figures and their ratios to the goals of issue 14 (5 s, 500 MB).
 * `BENCH_STARTUP_ENV='GATEWAY_WORKERS=2 …'` adds variables to both starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from '../lib/config.ts';
import { freePort } from '../lib/freePort.ts';
import { processTree, processTreeCpu, processTreeRss } from './lib/processTreeRss.ts';

const GOAL_MS = 5_000;
const GOAL_BYTES = 500 * 1024 * 1024;
const QUERY = `{ track(isrc: "GBDUW0000053") { title links { url } spotifyStreams { total } libraryTracks { title } matches { totalCount } } }`;
const MB = 1024 * 1024;

interface StartFigures {
  firstAnswerMs: number;
  /** CPU seconds the process tree used until the first answer. */
  cpuSeconds: number;
  peakRss: number;
  settledRss: number;
  adminKey?: string;
}

const extraEnv = Object.fromEntries(
  (process.env.BENCH_STARTUP_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

async function answers(url: string, key: string | undefined): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { data?: { track?: { title?: string } }; errors?: unknown[] };
    return response.ok && !body.errors && body.data?.track?.title === 'One More Time';
  } catch {
    return false;
  }
}

async function startOnce(env: NodeJS.ProcessEnv, knownKey?: string): Promise<StartFigures> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.once('error', (error) => (output += `\n${error.message}`));
  let peakRss = 0;
  let cpuSeconds = 0;
  const sampler = setInterval(() => void (peakRss = Math.max(peakRss, processTreeRss(child.pid!, false))), 100);
  try {
    const url = `http://localhost:${env.GATEWAY_PORT}/graphql`;
    let firstAnswerMs = 0;
    while (!firstAnswerMs) {
      if (child.exitCode !== null || child.pid === undefined) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > 600_000) throw new Error(`no answer within 600 s:\n${output}`);
      // The key is printed once, on the first start, just before the ready line.
      const key = knownKey ?? /Admin API key[^\n]*\n\s+(sk_[A-Za-z0-9_-]+)/.exec(output)?.[1];
      if (key && (await answers(url, key))) {
        firstAnswerMs = performance.now() - started;
        cpuSeconds = processTreeCpu(child.pid!);
      }
      else await sleep(50);
    }
    await sleep(3_000);
    const settledRss = processTreeRss(child.pid!, false);
    return { firstAnswerMs, cpuSeconds, peakRss: Math.max(peakRss, settledRss), settledRss, adminKey: knownKey ?? /Admin API key[^\n]*\n\s+(sk_[A-Za-z0-9_-]+)/.exec(output)?.[1] };
  } finally {
    clearInterval(sampler);
    await stop(child);
  }
}

/** True while `pid` runs (a zombie waiting for its parent does not). */
function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** SIGTERM to every process of the tree (npm does not always pass it on), then waits until all are gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const tree = processTree(child.pid);
  for (const pid of tree.slice().reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  while (tree.some(alive)) await sleep(100);
}

function describe(label: string, figures: StartFigures): string {
  return (
    `  ${label.padEnd(28)} first answer ${(figures.firstAnswerMs / 1000).toFixed(2)} s (${(figures.firstAnswerMs / GOAL_MS).toFixed(2)}x the 5 s goal), ${figures.cpuSeconds.toFixed(1)} CPU s; ` +
    `RSS peak ${(figures.peakRss / MB).toFixed(0)} MB, settled ${(figures.settledRss / MB).toFixed(0)} MB (${(figures.settledRss / GOAL_BYTES).toFixed(2)}x the 500 MB goal)`
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-startup-'));
const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  LOG_LEVEL: 'warn',
  DATA_DIR: dataDir,
  // Nothing reaches out to the platforms while we time the start.
  DISCOVERY_ENABLED: 'false',
  GATEWAY_PORT: String(ports[0]),
  LINKS_PORT: String(ports[1]),
  ANALYTICS_PORT: String(ports[2]),
  LIBRARY_PORT: String(ports[3]),
  AUDIO_MATCHES_PORT: String(ports[4]),
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  ...extraEnv,
};
try {
  const first = await startOnce(env);
  const second = await startOnce(env, first.adminKey);
  console.log(`startup bench: \`npm start\`, ${process.env.DATABASE_URL ? 'Postgres' : 'embedded PGlite'}${Object.keys(extraEnv).length ? `, ${process.env.BENCH_STARTUP_ENV}` : ''}`);
  console.log(describe('fresh data directory', first));
  console.log(describe('second start, same directory', second));
  console.log(`  second/fresh first-answer ratio ${(second.firstAnswerMs / first.firstAnswerMs).toFixed(2)}x; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores (wall time stretches with it, CPU seconds hardly)`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
