import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './openDatabase.ts';
import { logger } from '../logger.ts';

/** A migration folder in Prisma's layout: `<timestamp>_<name>/migration.sql`. */
export interface Migration {
  name: string;
  sql: string;
  /** SHA-256 of the file, as Prisma records it. */
  checksum: string;
}

/** Reads the migrations of one Prisma schema folder, oldest first. */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Prisma's own bookkeeping table, so `prisma migrate deploy` and this runner agree on what ran.
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** What {@link applyMigrations} did. */
export interface MigrationReport {
  applied: string[];
  skipped: string[];
  /**
   * No migration was recorded when this run began: a new database, to seed. Two
   * processes racing on a new database may both see it so (seeding is idempotent);
   * at least the first to take the lock does.
   */
  fresh: boolean;
}

/**
 * Applies the migrations that have not run yet, each in its own transaction and
 * recorded in `_prisma_migrations`, so running it again is a no-op. Each
 * transaction takes an advisory lock and re-checks the record, so two processes
 * starting together apply a migration once.
 */
export async function applyMigrations(db: Database, migrationsDir: string): Promise<MigrationReport> {
  const report: MigrationReport = { applied: [], skipped: [], fresh: false };
  const lock = `trackgraph-migrate:${db.schema}`;
  // Under the lock too: two concurrent CREATE … IF NOT EXISTS can both miss the
  // other's row and fail on Postgres's catalog unique index.
  await db.sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
    // A server, or a PGlite shared by several databases, keeps each in a schema of its own.
    if (db.schema !== 'public') await tx.exec(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    await tx.exec(MIGRATIONS_TABLE);
    const [{ count }] = (await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')) as [{ count: number }];
    report.fresh = count === 0;
  });
  for (const migration of readMigrations(migrationsDir)) {
    const applied = await db.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lock]);
      const [recorded] = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
        [migration.name],
      );
      if (recorded) {
        if (recorded.checksum !== migration.checksum) {
          logger.warn(`[migrate] ${migration.name} was edited after it was applied (checksum differs); not re-running it`);
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    (applied ? report.applied : report.skipped).push(migration.name);
  }
  return report;
}
