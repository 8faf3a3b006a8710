import { Prisma, type RecordType } from '../../../../prisma/library/generated/client.ts';
import type { LibraryPrisma } from '../db.ts';
import { containsPattern } from '../librarySearch.ts';

/** A library album as `LibraryAlbum` resolvers receive it. */
export interface LibraryAlbumRow {
  id: number;
  accountId: string;
  artistId: number;
  title: string;
  year: number | null;
  upc: string | null;
  thumbUrl: string | null;
  genres: string[];
  trackCount: number | null;
  durationMs: number | null;
  style: string | null;
  mood: string | null;
  label: string | null;
  explicit: boolean | null;
  recordType: RecordType | null;
  serverSource: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One page of an account's albums to fetch, arguments already validated. */
export interface AlbumPageQuery {
  accountId: string;
  search: string | null;
  artistId: number | null;
  year: number | null;
  recordType: RecordType | null;
  afterId: number | null;
  limit: number;
}

const ALBUM_COLUMNS = Prisma.sql`al."id", al."accountId", al."artistId", al."title", al."year", al."upc", al."thumbUrl", al."genres",
  al."trackCount", al."durationMs", al."style", al."mood", al."label", al."explicit", al."recordType"::text AS "recordType",
  al."serverSource", al."createdAt", al."updatedAt"`;

/** An account's albums with these ids, in no particular order. */
export function findAlbumsByIds(prisma: LibraryPrisma, accountId: string, ids: readonly number[]): Promise<LibraryAlbumRow[]> {
  return prisma.$queryRaw<LibraryAlbumRow[]>`SELECT ${ALBUM_COLUMNS} FROM "Album" al WHERE al."accountId" = ${accountId} AND al."id" = ANY(${[...ids]}::int[])`;
}

/** The albums of these artists, oldest first (year, title, id). */
export function findAlbumsByArtists(prisma: LibraryPrisma, accountId: string, artistIds: readonly number[]): Promise<LibraryAlbumRow[]> {
  return prisma.$queryRaw<LibraryAlbumRow[]>`SELECT ${ALBUM_COLUMNS} FROM "Album" al
    WHERE al."accountId" = ${accountId} AND al."artistId" = ANY(${[...artistIds]}::int[])
    ORDER BY al."year" NULLS LAST, al."title", al."id"`;
}

/** One page of an account's albums, ordered by id. */
export function findAlbumPage(prisma: LibraryPrisma, query: AlbumPageQuery): Promise<LibraryAlbumRow[]> {
  const after = query.afterId === null ? Prisma.empty : Prisma.sql`AND al."id" > ${query.afterId}`;
  return prisma.$queryRaw<LibraryAlbumRow[]>`SELECT ${ALBUM_COLUMNS} FROM "Album" al
    WHERE ${albumMatching(query)} ${after} ORDER BY al."id" LIMIT ${query.limit}`;
}

/** How many of an account's albums match, in all pages. */
export async function countAlbums(prisma: LibraryPrisma, query: Omit<AlbumPageQuery, 'afterId' | 'limit'>): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS "count" FROM "Album" al WHERE ${albumMatching(query)}`;
  return row?.count ?? 0;
}

function albumMatching({ accountId, search, artistId, year, recordType }: Omit<AlbumPageQuery, 'afterId' | 'limit'>): Prisma.Sql {
  const conditions = [Prisma.sql`al."accountId" = ${accountId}`];
  if (search !== null) conditions.push(Prisma.sql`al."searchTitle" LIKE lower(unaccent(${containsPattern(search)}::text))`);
  if (artistId !== null) conditions.push(Prisma.sql`al."artistId" = ${artistId}`);
  if (year !== null) conditions.push(Prisma.sql`al."year" = ${year}`);
  if (recordType !== null) conditions.push(Prisma.sql`al."recordType" = ${recordType}::"RecordType"`);
  return Prisma.join(conditions, ' AND ');
}
