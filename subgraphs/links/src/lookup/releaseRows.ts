import { groupByKeys } from '../../../../lib/loaderUtils.ts';
import type { Release } from '../__generated__/resolvers-types.ts';
import type { LinksPrisma } from '../db.ts';

/** A release as Track.releases returns it: the GraphQL shape, its artist already joined. */
export type ReleaseRow = Release;

/** One row of the join below: a track's release with the release's artist. */
interface JoinedRow {
  trackId: string;
  id: number;
  title: string;
  upc: string | null;
  releaseDate: Date | null;
  artistId: number | null;
  artistName: string | null;
}

/**
 * The releases of many tracks in one statement, the release artist joined in
 * (Prisma's `include` would cost a statement per relation), oldest first with
 * undated releases last. Returns one list per track id, in key order.
 */
export async function loadReleasesByTrackId(prisma: LinksPrisma, trackIds: readonly string[]): Promise<ReleaseRow[][]> {
  const rows = await prisma.$queryRaw<JoinedRow[]>`
    SELECT tr."trackId", r."id", r."title", r."upc", r."releaseDate", a."id" AS "artistId", a."name" AS "artistName"
    FROM "TrackRelease" tr
    JOIN "Release" r ON r."id" = tr."releaseId"
    LEFT JOIN "Artist" a ON a."id" = r."artistId"
    WHERE tr."trackId" = ANY(${[...trackIds]}::text[])
    ORDER BY r."releaseDate" ASC NULLS LAST, r."id" ASC`;
  return groupByKeys(trackIds, rows, (row) => row.trackId).map((group) => group.map(toRelease));
}

function toRelease(row: JoinedRow): ReleaseRow {
  const artist = row.artistId == null ? null : { id: String(row.artistId), name: row.artistName ?? '' };
  return { id: String(row.id), title: row.title, upc: row.upc, releaseDate: row.releaseDate, artist };
}
