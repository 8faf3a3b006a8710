import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { envPrefix, ROOT, type DatabaseName } from '../../lib/config.ts';
import { openDatabase } from '../../lib/db/openDatabase.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';

/** What a command run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** An import command run as its `npm run` line runs it, on a database of its own. */
export interface IngestCli {
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** Another command on the same database. */
  runScript(script: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** Runs SQL on the command's database between runs (the embedded one opens in one process at a time). */
  sql(text: string): Promise<void>;
  /** Reads rows from the command's database between runs. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Removes the data folder, or drops the Postgres schema. */
  cleanup(): Promise<void>;
}

/**
 * `node --import tsx <script>` with a database of its own for `database`
 * (analytics unless told): embedded in a temporary DATA_DIR, or a fresh schema
 * on the services' Postgres.
 */
export function ingestCli(script: string, database: DatabaseName = 'analytics'): IngestCli {
  const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-ingest-'));
  const schema = `t_ingest_cli_${randomBytes(4).toString('hex')}`;
  const url = BACKEND === 'services' ? `${requireEnv('DATABASE_URL')}${requireEnv('DATABASE_URL').includes('?') ? '&' : '?'}schema=${schema}` : '';
  const base = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', [`${envPrefix(database)}_DATABASE_URL`]: url, REDIS_URL: '', SEED_DEMO: 'false', TRACKGRAPH_API_KEY: '', TRACKGRAPH_URL: '' };
  const runScript = (path: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<CliRun>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', path, ...args], { cwd: ROOT, env: { ...base, ...env } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  return {
    run: (args, env) => runScript(script, args, env),
    runScript,
    async sql(text) {
      const db = await openDatabase(database, url ? { url } : { dataDir }, {});
      try {
        await db.sql.exec(text);
      } finally {
        await db.close();
      }
    },
    async query(text, params) {
      const db = await openDatabase(database, url ? { url } : { dataDir }, {});
      try {
        return await db.sql.query(text, params);
      } finally {
        await db.close();
      }
    },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      if (!url) return;
      const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
