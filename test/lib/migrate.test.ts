import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, SUBGRAPHS } from '../../lib/config.ts';
import { applyMigrations, readMigrations } from '../../lib/db/migrate.ts';
import { openDatabase, type Database } from '../../lib/db/openDatabase.ts';
import { BACKEND, isolatedDatabase } from '../helpers/backend.ts';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) {
    if (db.kind === 'postgres') await db.sql.exec(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
    await db.close();
  }
});

describe(`migrations (${BACKEND})`, () => {
  it.each(SUBGRAPHS.map((s) => s.name))('%s: applies every migration once; a second run is a no-op', async (name) => {
    const db = await openDatabase(name, isolatedDatabase(`migrate_${name}`), {});
    open.push(db);
    const dir = join(ROOT, 'prisma', name, 'migrations');
    const all = readMigrations(dir).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);

    const first = await applyMigrations(db, dir);
    expect(first).toEqual({ applied: all, skipped: [], fresh: true });
    const tables = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
      [db.schema],
    );
    expect(tables[0]!.n).toBeGreaterThan(0);

    const second = await applyMigrations(db, dir);
    expect(second).toEqual({ applied: [], skipped: all, fresh: false });
    const recorded = await db.sql.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name');
    expect(recorded.map((r) => r.migration_name)).toEqual(all);
  });

  it('rolls a failing migration back whole and records nothing', async () => {
    const db = await openDatabase('links', isolatedDatabase('migrate_fail'), {});
    open.push(db);
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tg-migrations-'));
    mkdirSync(join(dir, '001_bad'));
    writeFileSync(join(dir, '001_bad', 'migration.sql'), 'CREATE TABLE "Half" (id int); SELECT no_such_function();');
    await expect(applyMigrations(db, dir)).rejects.toThrow(/no_such_function/);
    const half = await db.sql.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'Half'`, [db.schema]);
    expect(half).toHaveLength(0);
    expect(await db.sql.query('SELECT 1 FROM "_prisma_migrations"')).toHaveLength(0);
  });
});
