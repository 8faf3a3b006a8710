import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../../lib/config.ts';
import { BACKEND, requireEnv } from './backend.ts';
import { freePort } from '../../lib/freePort.ts';

export { freePort };


/** A started child process, what it printed, and what was read from it. */
export interface StartedProcess {
  /** The URL from the line matching the ready pattern (its first group). */
  url: string;
  child: ChildProcess;
  output: () => string;
  /** The admin key printed on a first start. */
  adminKey?: string;
}

/** `npm start` run as child processes on data of their own: free ports, a temporary DATA_DIR, and on Postgres a schema per subgraph. */
export interface ApiProcesses {
  /** The environment every start gets (add to it before starting). */
  env: NodeJS.ProcessEnv;
  /** Runs `npm start`'s script and waits for the gateway URL it prints (and the admin key, on a first start). */
  start(): Promise<StartedProcess>;
  /** Runs a script of the repository (e.g. `gateway/src/server.ts`, or a built `.js`) with `env` on top, and waits until it prints a line matching `ready`. */
  run(script: string, more: NodeJS.ProcessEnv, ready: RegExp): Promise<StartedProcess>;
  /** SIGTERM, then the exit code. */
  stop(child: ChildProcess): Promise<number | null>;
  /** Kills what is left, removes the data directory, drops the schemas. */
  cleanup(): Promise<void>;
}

const SUBGRAPH_VARIABLES = ['LINKS', 'ANALYTICS', 'LIBRARY', 'AUDIO_MATCHES'];
const DATABASE_VARIABLES = [...SUBGRAPH_VARIABLES, 'GATEWAY'];

const READY_TIMEOUT_MS = 240_000;

/** Ports, DATA_DIR and, on the services backend, per-subgraph DATABASE_URLs and REDIS_URL; `extra` on top. */
export async function apiProcesses(tag: string, extra: NodeJS.ProcessEnv = {}): Promise<ApiProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), `trackgraph-${tag}-`));
  const schemaTag = `${tag.replace(/\W/g, '_')}_${process.pid}_${Date.now().toString(36)}`;
  const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    GATEWAY_PORT: String(ports[0]),
    ...Object.fromEntries(SUBGRAPH_VARIABLES.map((name, index) => [`${name}_PORT`, String(ports[index + 1])])),
    ...extra,
  };
  if (BACKEND === 'services') {
    const url = requireEnv('DATABASE_URL');
    for (const name of DATABASE_VARIABLES) env[`${name}_DATABASE_URL`] = `${url}${url.includes('?') ? '&' : '?'}schema=${schemaTag}_${name.toLowerCase()}`;
    env.REDIS_URL = requireEnv('REDIS_URL');
    // Rate limits of this run's gateways only (anonymous callers are all 127.0.0.1 here).
    env.RATE_LIMIT_NAMESPACE = `test-${schemaTag}`;
    env.ENTITY_CACHE_NAMESPACE = `test-${schemaTag}`;
  }
  const children: ChildProcess[] = [];

  const run: ApiProcesses['run'] = async (script, more, ready) => {
    // TypeScript through tsx; built JavaScript (dist/) as it is.
    const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      // Generous: a first start migrates and seeds five embedded databases, slow on a loaded 2-core CI machine.
      const timer = setTimeout(() => reject(new Error(`${script}: not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = ready.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] ?? '');
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
    });
    const adminKey = /Admin API key[^\n]*\n\s+(sk_[A-Za-z0-9_-]+)/.exec(output)?.[1];
    return { url, child, output: () => output, adminKey };
  };

  return {
    env,
    start: () => run('scripts/start.ts', {}, /gateway ready at (\S+)/),
    run,
    stop(child) {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
    async cleanup() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
      if (BACKEND === 'services') {
        const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
        await client.connect();
        for (const name of DATABASE_VARIABLES) await client.query(`DROP SCHEMA IF EXISTS "${schemaTag}_${name.toLowerCase()}" CASCADE`);
        await client.end();
      }
    },
  };
}
