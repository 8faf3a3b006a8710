import { Prisma } from '../../../../prisma/library/generated/client.ts';
import type { LibraryPrisma } from '../db.ts';
import { containsPattern } from '../librarySearch.ts';

/** A library artist as `LibraryArtist` resolvers receive it. */
export interface LibraryArtistRow {
  id: number;
  accountId: string;
  name: string;
  thumbUrl: string | null;
  bannerUrl: string | null;
  genres: string[];
  summary: string | null;
  style: string | null;
  mood: string | null;
  label: string | null;
  serverSource: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One page of an account's artists to fetch, arguments already validated. */
export interface ArtistPageQuery {
  accountId: string;
  /** Substring of the name; null for every artist. */
  search: string | null;
  /** `a`–`z` or `#`; null for every letter. */
  letter: string | null;
  /** The watchlist condition on `a."id"` (see watchFilter.ts). */
  watched: Prisma.Sql;
  afterId: number | null;
  limit: number;
}

const ARTIST_COLUMNS = Prisma.sql`a."id", a."accountId", a."name", a."thumbUrl", a."bannerUrl", a."genres", a."summary", a."style",
  a."mood", a."label", a."serverSource", a."createdAt", a."updatedAt"`;

/** An account's artists with these ids, in no particular order. */
export function findArtistsByIds(prisma: LibraryPrisma, accountId: string, ids: readonly number[]): Promise<LibraryArtistRow[]> {
  return prisma.$queryRaw<LibraryArtistRow[]>`SELECT ${ARTIST_COLUMNS} FROM "Artist" a WHERE a."accountId" = ${accountId} AND a."id" = ANY(${[...ids]}::int[])`;
}

/** One page of an account's artists, ordered by id. */
export function findArtistPage(prisma: LibraryPrisma, query: ArtistPageQuery): Promise<LibraryArtistRow[]> {
  const after = query.afterId === null ? Prisma.empty : Prisma.sql`AND a."id" > ${query.afterId}`;
  return prisma.$queryRaw<LibraryArtistRow[]>`SELECT ${ARTIST_COLUMNS} FROM "Artist" a
    WHERE ${artistMatching(query)} ${after} ORDER BY a."id" LIMIT ${query.limit}`;
}

/** How many of an account's artists match, in all pages. */
export async function countArtists(prisma: LibraryPrisma, query: Omit<ArtistPageQuery, 'afterId' | 'limit'>): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS "count" FROM "Artist" a WHERE ${artistMatching(query)}`;
  return row?.count ?? 0;
}

/** Album and track counts of these artists (zero for an artist without any). */
export function countArtistItems(prisma: LibraryPrisma, accountId: string, ids: readonly number[]): Promise<{ id: number; albums: number; tracks: number }[]> {
  return prisma.$queryRaw`SELECT a."id",
      (SELECT count(*)::int FROM "Album" al WHERE al."accountId" = ${accountId} AND al."artistId" = a."id") AS "albums",
      (SELECT count(*)::int FROM "Track" t WHERE t."accountId" = ${accountId} AND t."artistId" = a."id") AS "tracks"
    FROM unnest(${[...ids]}::int[]) AS a("id")`;
}

// The trigger-kept `searchName` is lower(unaccent(name)): the search gets the same treatment, and the trigram index applies.
function artistMatching({ accountId, search, letter, watched }: Omit<ArtistPageQuery, 'afterId' | 'limit'>): Prisma.Sql {
  const conditions = [Prisma.sql`a."accountId" = ${accountId}`, watched];
  if (search !== null) conditions.push(Prisma.sql`a."searchName" LIKE lower(unaccent(${containsPattern(search)}::text))`);
  if (letter !== null) conditions.push(Prisma.sql`a."initial" = ${letter}`);
  return Prisma.join(conditions, ' AND ');
}
