import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { importCatalog } from '../../../subgraphs/links/src/catalog/importCatalog.ts';
import { ConstraintRestoreError, liftForeignKeys, restoreForeignKeys } from '../../../subgraphs/links/src/catalog/liftedConstraints.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());

/** The foreign keys of the tables a bulk import fills, as Postgres holds them. */
const foreignKeys = async () =>
  (await links.prisma.$queryRaw<{ name: string; definition: string }[]>`
    SELECT c.conname AS "name", pg_get_constraintdef(c.oid) AS "definition" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname IN ('TrackArtist', 'PlatformLink') ORDER BY 1`);

const csv = (first: number, count: number) =>
  Readable.from([
    Buffer.from(
      ['isrc,title,artist,spotify_id', ...Array.from({ length: count }, (_, i) => `QZBLK26${String(first + i).padStart(5, '0')},Bulk Song ${first + i},Bulk Artist; Bulk Guest ${i % 3},${String(first + i).padStart(22, '7')}`)].join('\n'),
    ),
  ]);

describe('a bulk catalog import', () => {
  it('lifts the foreign keys of credits and platform IDs while it writes, and adds the same keys back when it ends', async () => {
    const before = await foreignKeys();
    expect(before.map((key) => key.name)).toEqual(['PlatformLink_trackId_fkey', 'TrackArtist_artistId_fkey', 'TrackArtist_trackId_fkey']);
    let during: string[] = [];
    const summary = await importCatalog(links.prisma, csv(1, 30), {
      bulk: true,
      batchSize: 10,
      onProgress: async () => {
        during = (await foreignKeys()).map((key) => key.name);
      },
    });
    expect(during).toEqual([]);
    expect(summary).toMatchObject({ inserted: 30, linksAdded: 30, liftedForeignKeys: { names: before.map((key) => key.name) } });
    expect(await foreignKeys()).toEqual(before);
    expect(await links.prisma.liftedConstraint.count()).toBe(0);
    // Written as an import without bulk would: credits in order, links.
    const track = await links.prisma.track.findUnique({ where: { isrc: 'QZBLK2600007' }, include: { artists: { include: { artist: true }, orderBy: { position: 'asc' } }, links: true } });
    expect(track?.artists.map((credit) => credit.artist.name)).toEqual(['Bulk Artist', 'Bulk Guest 0']);
    expect(track?.links).toHaveLength(1);
  });

  it('adds the keys back when the import fails, keeping the batches it committed', async () => {
    const before = await foreignKeys();
    let batches = 0;
    const failing = importCatalog(links.prisma, csv(100, 30), {
      bulk: true,
      batchSize: 10,
      onProgress: () => {
        if (++batches === 2) throw new Error('stopped');
      },
    });
    await expect(failing).rejects.toThrow('stopped');
    expect(await foreignKeys()).toEqual(before);
    expect(await links.prisma.track.count({ where: { isrc: { startsWith: 'QZBLK26001' } } })).toBe(20);
  });

  it('leaves keys lifted by a killed import to the next start of the links subgraph, which adds them back', async () => {
    const before = await foreignKeys();
    expect(await liftForeignKeys(links.prisma)).toHaveLength(3);
    expect(await foreignKeys()).toEqual([]);
    // Lifting again (a rerun of the killed import) keeps the recorded definitions.
    expect(await liftForeignKeys(links.prisma)).toHaveLength(3);
    await linksSubgraph.afterMigrations!(links.prisma);
    expect(await foreignKeys()).toEqual(before);
    expect(await links.prisma.liftedConstraint.count()).toBe(0);
    expect(await restoreForeignKeys(links.prisma)).toEqual([]);
  });

  it('refuses to add back a key that rows break, naming it, and keeps it recorded', async () => {
    const before = await foreignKeys();
    await liftForeignKeys(links.prisma);
    await links.prisma.$executeRaw`INSERT INTO "PlatformLink" ("trackId", "platform", "externalId") VALUES ('trk_missing', 'DEEZER', '424242')`;
    const restoring = restoreForeignKeys(links.prisma);
    await expect(restoring).rejects.toThrow(ConstraintRestoreError);
    await expect(restoring).rejects.toThrow(/PlatformLink_trackId_fkey could not be added back/);
    expect((await links.prisma.liftedConstraint.findMany()).map((key) => key.name)).toEqual(['PlatformLink_trackId_fkey']);
    await links.prisma.$executeRaw`DELETE FROM "PlatformLink" WHERE "trackId" = 'trk_missing'`;
    expect(await restoreForeignKeys(links.prisma)).toEqual(['PlatformLink_trackId_fkey']);
    expect(await foreignKeys()).toEqual(before);
  });
});
