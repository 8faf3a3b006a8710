import { Prisma, type Provider } from '../../../../prisma/library/generated/client.ts';
import type { LibraryItemType } from '../__generated__/resolvers-types.ts';
import type { LibraryPrisma } from '../db.ts';
import type { ExternalIdRow } from './externalIds.ts';

/** `libraryStats` as the API returns it. */
export interface LibraryStatsRow {
  artists: number;
  albums: number;
  tracks: number;
  lastUpdatedAt: Date | null;
}

/** Counts of an account's library and its newest change, in one statement. */
export async function libraryStats(prisma: LibraryPrisma, accountId: string): Promise<LibraryStatsRow> {
  const [row] = await prisma.$queryRaw<LibraryStatsRow[]>`SELECT
      (SELECT count(*)::int FROM "Artist" WHERE "accountId" = ${accountId}) AS "artists",
      (SELECT count(*)::int FROM "Album" WHERE "accountId" = ${accountId}) AS "albums",
      (SELECT count(*)::int FROM "Track" WHERE "accountId" = ${accountId}) AS "tracks",
      greatest(
        (SELECT max("updatedAt") FROM "Artist" WHERE "accountId" = ${accountId}),
        (SELECT max("updatedAt") FROM "Album" WHERE "accountId" = ${accountId}),
        (SELECT max("updatedAt") FROM "Track" WHERE "accountId" = ${accountId})
      ) AS "lastUpdatedAt"`;
  return row!;
}

/** Genres of an account's artists (or albums), most common first, then by name. */
export function libraryGenres(prisma: LibraryPrisma, accountId: string, source: 'ARTISTS' | 'ALBUMS'): Promise<{ name: string; count: number }[]> {
  const table = source === 'ARTISTS' ? Prisma.sql`"Artist"` : Prisma.sql`"Album"`;
  return prisma.$queryRaw`SELECT g."name", count(*)::int AS "count"
    FROM ${table} x CROSS JOIN LATERAL unnest(x."genres") AS g("name")
    WHERE x."accountId" = ${accountId}
    GROUP BY g."name" ORDER BY count(*) DESC, g."name"`;
}

const TABLES: Record<LibraryItemType, { items: Prisma.Sql; ids: Prisma.Sql; owner: Prisma.Sql }> = {
  ARTIST: { items: Prisma.sql`"Artist"`, ids: Prisma.sql`"ArtistExternalId"`, owner: Prisma.sql`"artistId"` },
  ALBUM: { items: Prisma.sql`"Album"`, ids: Prisma.sql`"AlbumExternalId"`, owner: Prisma.sql`"albumId"` },
  TRACK: { items: Prisma.sql`"Track"`, ids: Prisma.sql`"TrackExternalId"`, owner: Prisma.sql`"trackId"` },
};

/** The ids of an account's newest items of one type, newest first. */
export async function recentlyAddedIds(prisma: LibraryPrisma, accountId: string, type: LibraryItemType, limit: number): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`SELECT "id" FROM ${TABLES[type].items}
    WHERE "accountId" = ${accountId} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** The id of the account's item of this type with this ID on a provider (the lowest id when several); null when none. */
export async function lookupId(prisma: LibraryPrisma, accountId: string, type: LibraryItemType, provider: Provider, externalId: string): Promise<number | null> {
  const { items, ids, owner } = TABLES[type];
  const [row] = await prisma.$queryRaw<{ id: number }[]>`SELECT x."id" FROM ${ids} e JOIN ${items} x ON x."id" = e.${owner}
    WHERE e."provider" = ${provider}::"Provider" AND e."externalId" = ${externalId} AND x."accountId" = ${accountId}
    ORDER BY x."id" LIMIT 1`;
  return row?.id ?? null;
}

/** The provider rows of an account's items (joined to the items, so another account's ids give nothing). */
export function findExternalIds(prisma: LibraryPrisma, accountId: string, type: LibraryItemType, ownerIds: readonly number[]): Promise<ExternalIdRow[]> {
  const { items, ids, owner } = TABLES[type];
  return prisma.$queryRaw<ExternalIdRow[]>`SELECT e.${owner} AS "ownerId", e."provider"::text AS "provider", e."externalId",
      e."matchStatus"::text AS "matchStatus", e."lastAttempted"
    FROM ${ids} e JOIN ${items} x ON x."id" = e.${owner}
    WHERE x."accountId" = ${accountId} AND e.${owner} = ANY(${[...ownerIds]}::int[])`;
}
