import { Prisma } from '../../../prisma/library/generated/client.ts';
import type { LibraryPrisma } from './db.ts';
import { containsPattern } from './librarySearch.ts';

/** A library track as `LibraryTrack` returns it: the track's columns plus its artist's name and album's title. */
export interface LibraryTrackRow {
  id: number;
  title: string;
  artistName: string;
  albumTitle: string;
  trackNumber: number | null;
  durationMs: number | null;
  isrc: string | null;
}

/** One page of library tracks to fetch, arguments already validated. */
export interface LibraryTrackPageQuery {
  /** Substring of the title, artist name or album title; null for every track. */
  search: string | null;
  /** Only tracks with a larger id (keyset pagination); null from the start. */
  afterId: number | null;
  /** Rows to fetch (the page size plus one, to tell whether a next page exists). */
  limit: number;
}

// Raw SQL because Prisma's filters cannot call `unaccent`. The artist name and
// album title come from a join, so a page or a loader batch is one statement.
const LIBRARY_TRACK_ROWS = Prisma.sql`
  SELECT t."id", t."title", ar."name" AS "artistName", al."title" AS "albumTitle",
         t."trackNumber", t."durationMs", rtrim(t."isrc") AS "isrc"
  FROM "Track" t
  JOIN "Artist" ar ON ar."id" = t."artistId"
  JOIN "Album" al ON al."id" = t."albumId"`;

/** Library tracks with these ids, in no particular order. */
export function findLibraryTracksByIds(prisma: LibraryPrisma, ids: readonly number[]): Promise<LibraryTrackRow[]> {
  return prisma.$queryRaw<LibraryTrackRow[]>`${LIBRARY_TRACK_ROWS} WHERE t."id" = ANY(${[...ids]}::int[])`;
}

/** Library tracks with any of these (normalized) ISRCs, ordered by id. */
export function findLibraryTracksByIsrcs(prisma: LibraryPrisma, isrcs: readonly string[]): Promise<LibraryTrackRow[]> {
  // Compared as bpchar, the column's own type, so the ISRC index applies.
  return prisma.$queryRaw<LibraryTrackRow[]>`${LIBRARY_TRACK_ROWS} WHERE t."isrc" = ANY(${[...isrcs]}::bpchar[]) ORDER BY t."id"`;
}

/** One page of library tracks matching the search, ordered by id. */
export function findLibraryTrackPage(prisma: LibraryPrisma, { search, afterId, limit }: LibraryTrackPageQuery): Promise<LibraryTrackRow[]> {
  const after = afterId === null ? Prisma.empty : Prisma.sql`AND t."id" > ${afterId}`;
  return prisma.$queryRaw<LibraryTrackRow[]>`${LIBRARY_TRACK_ROWS} WHERE ${matching(search)} ${after} ORDER BY t."id" LIMIT ${limit}`;
}

/** How many library tracks match the search, in all pages. */
export async function countLibraryTracks(prisma: LibraryPrisma, search: string | null): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count"
    FROM "Track" t
    JOIN "Artist" ar ON ar."id" = t."artistId"
    JOIN "Album" al ON al."id" = t."albumId"
    WHERE ${matching(search)}`;
  return row?.count ?? 0;
}

/** The search condition: a case- and accent-insensitive substring of title, artist or album. */
function matching(search: string | null): Prisma.Sql {
  if (search === null) return Prisma.sql`TRUE`;
  const pattern = containsPattern(search);
  return Prisma.sql`(unaccent(t."title") ILIKE unaccent(${pattern}::text)
    OR unaccent(ar."name") ILIKE unaccent(${pattern}::text)
    OR unaccent(al."title") ILIKE unaccent(${pattern}::text))`;
}
