/**
 * The pieces of the API as separate processes for failure drills: each one
 * `npm run <script>` in a process group of its own, so a kill reaches the
 * node process behind npm, and on data of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DATABASES, envPrefix, ROOT, SUBGRAPHS } from '../../lib/config.ts';
import { freePort } from '../../lib/freePort.ts';

/** A started piece: its child process, what it printed, and when it said it was serving. */
export interface Piece {
  script: string;
  child: ChildProcess;
  /** Everything printed so far (standard output and error). */
  output(): string;
  /** The first group of the ready pattern (e.g. the URL). */
  ready: string;
  /** `Date.now()` when it was spawned and when it printed its ready line. */
  spawnedAt: number;
  readyAt: number;
}


/** Runs `npm run <script>` with `env` and waits (up to `timeoutMs`) until it prints a line matching `ready`. */
export function startPiece(script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000): Promise<Piece> {
  return startCommand(script, 'npm', ['run', '--silent', script], env, ready, timeoutMs);
}

/** Runs `command args` (named `script` in errors) with `env` and waits (up to `timeoutMs`) until it prints a line matching `ready`. */
export async function startCommand(script: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 120_000): Promise<Piece> {
  const spawnedAt = Date.now();
  // detached: a group of its own, so SIGKILL to the group reaches node, not only npm.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not handed to the caller, so nobody else would stop it.
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${script}: not ready within ${timeoutMs} ms:\n${output.slice(-2_000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${signal ?? code}) before it was ready:\n${output.slice(-2_000)}`));
    });
  });
  return { script, child, output: () => output, ready: match[1] ?? '', spawnedAt, readyAt: Date.now() };
}

/** Sends `signal` to the piece's whole process group and waits until npm has exited. */
export async function stopPiece(piece: Piece, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (piece.child.exitCode !== null || piece.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => piece.child.once('exit', () => resolve()));
  try {
    process.kill(-piece.child.pid!, signal);
  } catch {
    // Already gone.
  }
  await exited;
}

/** The environment every piece of one drill shares, and how to remove its data afterwards. */
export interface DrillEnvironment {
  env: NodeJS.ProcessEnv;
  /** Removes the data directory and, on Postgres, the drill's schemas. */
  cleanup(): Promise<void>;
}

/**
 * Free ports, a random `SUBGRAPH_SIGNING_SECRET`, a temporary `DATA_DIR`
 * (embedded databases) or, when `DATABASE_URL` is set, a schema per database
 * on that server, and `REDIS_URL` when set. Platform discovery is off: a drill
 * must not call the real platforms.
 * @param label names the folder and schemas (`trackgraph-<label>-…`, `<label>_<hex>_…`) @default chaos
 */
export async function drillEnvironment(label = 'chaos'): Promise<DrillEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), `trackgraph-${label}-`));
  const tag = `${label}_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    DATA_DIR: dataDir,
    DISCOVERY_ENABLED: 'false',
    SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('base64'),
    GATEWAY_PORT: String(await freePort()),
  };
  for (const { name } of SUBGRAPHS) env[`${envPrefix(name)}_PORT`] = String(await freePort());
  const url = process.env.DATABASE_URL;
  if (url) for (const name of DATABASES) env[`${envPrefix(name)}_DATABASE_URL`] = `${url}${url.includes('?') ? '&' : '?'}schema=${tag}_${envPrefix(name).toLowerCase()}`;
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  return {
    env,
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (!url) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      for (const name of DATABASES) await client.query(`DROP SCHEMA IF EXISTS "${tag}_${envPrefix(name).toLowerCase()}" CASCADE`);
      await client.end();
    },
  };
}
