import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, ROOT, type DatabaseName } from '../../lib/config.ts';
import { openDatabase, type Database } from '../../lib/db/openDatabase.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { raceSchema, type RaceResult } from './fixtures/migrateRace.ts';
import { prismaMigrate, prismaMigrationsList } from './fixtures/prismaMigrate.ts';

const RACE_SCRIPT = join(ROOT, 'test', 'lib', 'fixtures', 'migrateRace.ts');
const ROUNDS = 3;

/** A `_prisma_migrations` row, reduced to what `prisma migrate deploy` looks at. */
interface MigrationRow {
  migration_name: string;
  checksum: string;
  applied_steps_count: number;
  logs: string | null;
  finished: boolean;
  rolled_back: boolean;
}

/** Every migration folder with the SHA-256 of its file's bytes, which is what Prisma records. */
function folders(name: DatabaseName): Array<{ name: string; checksum: string }> {
  return prismaMigrationsList(name).migrationDirectories.map(({ path }) => ({
    name: path,
    checksum: createHash('sha256').update(readFileSync(join(ROOT, 'prisma', name, 'migrations', path, 'migration.sql'))).digest('hex'),
  }));
}

// One connection: Prisma's engine keeps a session advisory lock that only closing it releases.
async function withDb<T>(name: DatabaseName, schema: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(name, { url: requireEnv('DATABASE_URL'), schema, poolSize: 1 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const rows = (db: Database) =>
  db.sql.query<MigrationRow>(
    `SELECT migration_name, checksum, applied_steps_count, logs,
            finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM "_prisma_migrations" ORDER BY migration_name, started_at`,
  );

const tables = async (db: Database) =>
  (
    await db.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1`,
      [db.schema],
    )
  ).map((t) => t.name);

/** Two processes, each past its set-up and waiting on stdin, released in the same tick. */
async function race(prefix: string): Promise<RaceResult[]> {
  const children = [0, 1].map(() =>
    spawn(process.execPath, ['--import', 'tsx', RACE_SCRIPT, prefix], { cwd: ROOT, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const outputs = children.map((child) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.startsWith('ready\n')) resolve();
      }),
    );
    const exited = new Promise<RaceResult>((resolve, reject) =>
      child.on('close', (code) => {
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (code === 0 && line) resolve(JSON.parse(line) as RaceResult);
        else reject(new Error(`migrateRace.ts ${child.pid} exited with ${code}:\n${stderr}`));
      }),
    );
    return { ready, exited };
  });
  // A child that dies before `ready` must fail the test rather than hang it.
  try {
    await Promise.race([Promise.all(outputs.map((o) => o.ready)), Promise.all(outputs.map((o) => o.exited))]);
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  }
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(outputs.map((o) => o.exited));
}

describe.skipIf(BACKEND !== 'services')('applyMigrations raced by two processes (services)', () => {
  const run = `t_mrace_${randomBytes(3).toString('hex')}`;
  const schemas: string[] = [];
  const reference = new Map<DatabaseName, { rows: MigrationRow[]; tables: string[] }>();

  beforeAll(async () => {
    requireEnv('DATABASE_URL');
    // What Prisma's own `migrate deploy` records and creates, one reference schema per database.
    for (const name of DATABASES) {
      const schema = raceSchema(`${run}_ref`, name);
      schemas.push(schema);
      await withDb(name, schema, async (db) => {
        const prisma = await prismaMigrate(name, db);
        try {
          expect((await prisma.deploy()).appliedMigrationNames).toEqual(folders(name).map((f) => f.name));
        } finally {
          prisma.free();
        }
        reference.set(name, { rows: await rows(db), tables: await tables(db) });
      });
    }
  }, 120_000);

  afterAll(async () => {
    if (schemas.length === 0) return;
    await withDb('links', 'public', (db) => db.sql.exec(schemas.map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE;`).join('\n')));
  });

  it.each(Array.from({ length: ROUNDS }, (_, i) => i + 1))(
    'round %i: both succeed, every migration of every database runs once, and Prisma sees nothing pending',
    async (round) => {
      const prefix = `${run}_r${round}`;
      for (const name of DATABASES) {
        schemas.push(raceSchema(prefix, name));
        // Control: before the race Prisma finds every migration pending in this very schema.
        await withDb(name, raceSchema(prefix, name), async (db) => {
          const prisma = await prismaMigrate(name, db);
          try {
            expect(await prisma.diagnose()).toMatchObject({
              hasMigrationsTable: false,
              history: { diagnostic: 'databaseIsBehind', unappliedMigrationNames: folders(name).map((f) => f.name) },
            });
          } finally {
            prisma.free();
          }
        });
      }

      const [a, b] = await race(prefix);
      for (const name of DATABASES) {
        const all = folders(name).map((f) => f.name);
        const [x, y] = [a!.outcomes[name], b!.outcomes[name]];
        // Each process accounts for every migration; each migration was applied by exactly one of them.
        expect([...x.applied, ...x.skipped].sort()).toEqual(all);
        expect([...y.applied, ...y.skipped].sort()).toEqual(all);
        expect([...x.applied, ...y.applied].sort()).toEqual(all);
        // At least one of them saw a new database, so the demo data is seeded (seeding is idempotent).
        expect(x.fresh || y.fresh, `${name}: neither process saw a new database`).toBe(true);
        // The race was real: both runs were in flight at the same time.
        expect(Math.max(x.startedAt, y.startedAt), `${name}: runs did not overlap`).toBeLessThan(Math.min(x.finishedAt, y.finishedAt));

        await withDb(name, raceSchema(prefix, name), async (db) => {
          const recorded = await rows(db);
          expect(recorded).toEqual(
            folders(name).map((f) => ({ migration_name: f.name, checksum: f.checksum, applied_steps_count: 1, logs: null, finished: true, rolled_back: false })),
          );
          // Exactly what Prisma's own deploy recorded and created for the same folders.
          expect(recorded).toEqual(reference.get(name)!.rows);
          expect(await tables(db)).toEqual(reference.get(name)!.tables);

          // `prisma migrate deploy`'s own checks, by Prisma's engine: nothing failed, edited, missing or pending.
          const prisma = await prismaMigrate(name, db);
          try {
            expect(await prisma.diagnose()).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
            expect(await prisma.deploy()).toEqual({ appliedMigrationNames: [] });
          } finally {
            prisma.free();
          }
        });
      }
    },
    60_000,
  );
});
