import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASES, ROOT } from '../../lib/config.ts';
import { applyMigrations } from '../../lib/db/migrate.ts';
import { openDatabase, type Database } from '../../lib/db/openDatabase.ts';
import { createPrisma as createLinksPrisma } from '../../subgraphs/links/src/db.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-shared-pglite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const openAll = () => Promise.all(DATABASES.map((name) => openDatabase(name, { dataDir, shared: true, url: undefined }, {})));
const closeAll = (dbs: Database[]) => Promise.all(dbs.map((db) => db.close()));

// Creating a cluster and migrating five databases takes a while on a loaded machine.
describe('one embedded PGlite shared by every database of a process', { timeout: 300_000 }, () => {
  it('keeps each database in a schema of its own: migrations, raw SQL and Prisma, interleaved', async () => {
    const dbs = await openAll();
    try {
      expect(dbs.map((db) => db.schema)).toEqual(['links', 'analytics', 'library', 'audio_matches', 'gateway']);
      expect(new Set(dbs.map((db) => db.location.split(' (')[0])).size).toBe(1);
      // Migrating all five at once interleaves their statements on the one session.
      const reports = await Promise.all(dbs.map((db, i) => applyMigrations(db, join(ROOT, 'prisma', DATABASES[i]!, 'migrations'))));
      expect(reports.every((r) => r.fresh && r.applied.length > 0)).toBe(true);
      for (const [i, db] of dbs.entries()) {
        const [row] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
        expect(row!.n).toBe(reports[i]!.applied.length);
      }
      // Unqualified names resolve in the caller's schema, even when the callers take turns statement by statement.
      await Promise.all(dbs.map((db) => db.sql.exec('CREATE TABLE probe (owner text)')));
      await Promise.all(dbs.flatMap((db) => [1, 2, 3].map(() => db.sql.query('INSERT INTO probe VALUES ($1)', [db.schema]))));
      for (const db of dbs) expect(await db.sql.query('SELECT DISTINCT owner FROM probe')).toEqual([{ owner: db.schema }]);

      // Prisma qualifies its tables with the database's schema.
      const links = dbs[0]!;
      const prisma = createLinksPrisma(links.adapter);
      const before = await prisma.track.count();
      await links.sql.exec(`INSERT INTO "Track" (id, isrc, title, "updatedAt") VALUES ('t1', 'GBAAA0000001', 'Probe', now())`);
      expect(await prisma.track.count()).toBe(before + 1);
      expect((await prisma.track.findUnique({ where: { id: 't1' } }))?.title).toBe('Probe');
      // The row is in links's schema, and nothing landed in public.
      expect(await dbs[1]!.sql.query(`SELECT title FROM links."Track" WHERE id = 't1'`)).toEqual([{ title: 'Probe' }]);
      expect(await dbs[1]!.sql.query(`SELECT to_regclass('public."Track"') AS t`)).toEqual([{ t: null }]);
      await prisma.$disconnect();
    } finally {
      await closeAll(dbs);
    }
  });

  it('a failed transaction rolls back without leaving the next caller in the wrong schema', async () => {
    const dbs = await openAll();
    try {
      const [links, analytics] = [dbs[0]!, dbs[1]!];
      await expect(
        links.sql.transaction(async (tx) => {
          await tx.exec('INSERT INTO probe VALUES ($$rolled back$$)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await analytics.sql.query('SELECT DISTINCT owner FROM probe')).toEqual([{ owner: 'analytics' }]);
      expect(await links.sql.query('SELECT DISTINCT owner FROM probe')).toEqual([{ owner: 'links' }]);
    } finally {
      await closeAll(dbs);
    }
  });

  it('closes with its last database and opens again on the same directory with the data kept', async () => {
    const dbs = await openAll();
    try {
      const reports = await Promise.all(dbs.map((db, i) => applyMigrations(db, join(ROOT, 'prisma', DATABASES[i]!, 'migrations'))));
      expect(reports.every((r) => !r.fresh && r.applied.length === 0)).toBe(true);
      const [row] = await dbs[3]!.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM probe');
      expect(row!.n).toBe(3);
    } finally {
      await closeAll(dbs);
    }
  });

  it('a process opening one database of a directory npm start made joins its shared cluster', async () => {
    const analytics = await openDatabase('analytics', { dataDir, url: undefined }, {});
    try {
      expect(analytics.location).toBe(`PGlite ${join(dataDir, 'pgdata')} (schema analytics)`);
      expect(await analytics.sql.query('SELECT DISTINCT owner FROM probe')).toEqual([{ owner: 'analytics' }]);
    } finally {
      await analytics.close();
    }
  });
});
