import type { LinksPrisma } from '../db.ts';
import { searchColumns } from './normalize.ts';

/** Rows read per round of {@link backfillSearchColumns}. */
const BATCH = 500;

/**
 * Fills `searchTitle` / `searchArtists` where they are '': tracks written
 * before those columns existed, and every track after a migration blanked
 * them because normalize.ts changed (20261201090000_recompute_search_columns).
 * Runs on every start of the links subgraph, a batch at a time so the catalog
 * is never held in memory. Idempotent: filled rows are not read again.
 * @returns how many tracks were updated
 */
export async function backfillSearchColumns(prisma: LinksPrisma): Promise<number> {
  let updated = 0;
  // Walk by id: a title with no letters legitimately stays '' and must not be read forever.
  for (let after = ''; ; ) {
    const rows = await prisma.track.findMany({
      where: { searchTitle: '', id: { gt: after } },
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, title: true, artists: { orderBy: { position: 'asc' }, select: { artist: { select: { name: true } } } } },
    });
    if (!rows.length) return updated;
    for (const row of rows) {
      const data = searchColumns(row.title, row.artists.map((credit) => credit.artist.name));
      await prisma.track.update({ where: { id: row.id }, data });
      updated++;
    }
    after = rows[rows.length - 1]!.id;
  }
}
