import type { LinksPrisma } from '../db.ts';
import { searchColumns } from './normalize.ts';

/** Rows read per round of {@link backfillSearchColumns}. */
const BATCH = 5000;

/**
 * Fills `searchTitle` / `searchArtists` where they are '': tracks written
 * before those columns existed, and every track after a migration blanked
 * them because normalize.ts changed (20261201090000_recompute_search_columns).
 * Runs on every start of the links subgraph, a batch at a time so the catalog
 * is never held in memory, each batch written by one set-based UPDATE (a
 * million rows after a normalization change take seconds, not a row-by-row
 * hour). Idempotent: filled rows are not read again.
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
    const columns = rows.map((row) => searchColumns(row.title, row.artists.map((credit) => credit.artist.name)));
    updated += await prisma.$executeRaw`
      UPDATE "Track" t SET "searchTitle" = u."searchTitle", "searchArtists" = u."searchArtists"
      FROM unnest(${rows.map((row) => row.id)}::text[], ${columns.map((c) => c.searchTitle)}::text[], ${columns.map((c) => c.searchArtists)}::text[])
        AS u("id", "searchTitle", "searchArtists")
      WHERE t."id" = u."id"`;
    after = rows[rows.length - 1]!.id;
  }
}
