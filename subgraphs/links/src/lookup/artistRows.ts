import { groupByKeys } from '../../../../lib/loaderUtils.ts';
import type { LinksPrisma } from '../db.ts';

/** An artist credit as the Track.artists field returns it. */
export interface TrackArtistRow {
  id: number;
  name: string;
  isPrimary: boolean;
  isRemixer: boolean;
}

/** One row of the join below: a credit with its artist's name. */
interface JoinedRow extends TrackArtistRow {
  trackId: string;
}

/**
 * The artist credits of many tracks in one statement, the artist joined in
 * (Prisma's `include` would cost a second statement), in credit order.
 * Returns one list per track id, in key order.
 */
export async function loadArtistsByTrackId(prisma: LinksPrisma, trackIds: readonly string[]): Promise<TrackArtistRow[][]> {
  const rows = await prisma.$queryRaw<JoinedRow[]>`
    SELECT ta."trackId", a."id", a."name", ta."isPrimary", ta."isRemixer"
    FROM "TrackArtist" ta
    JOIN "Artist" a ON a."id" = ta."artistId"
    WHERE ta."trackId" = ANY(${[...trackIds]}::text[])
    ORDER BY ta."position" ASC`;
  return groupByKeys(trackIds, rows, (row) => row.trackId).map((group) =>
    group.map(({ id, name, isPrimary, isRemixer }) => ({ id, name, isPrimary, isRemixer })),
  );
}
