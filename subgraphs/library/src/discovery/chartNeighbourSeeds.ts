import type { LibraryPrisma } from '../db.ts';

/** Most library recordings handed to the analytics subgraph as co-occurrence seeds. */
export const MAX_SEED_ISRCS = 200;

/** `ChartNeighbourFeed` as the library resolves it; the analytics subgraph adds `tracks` and `artists`. */
export interface ChartNeighbourFeedRow {
  id: string;
  limit: number;
  seedArtists: string[];
  seedIsrcs: string[];
}

/**
 * What chart co-occurrence starts from for a profile: its watched artists'
 * names, and the ISRCs of the account's library recordings by them (the
 * library artist of the same name, accents and case aside), newest additions
 * first. One statement.
 */
export async function chartNeighbourSeeds(prisma: LibraryPrisma, accountId: string, profileId: number, limit: number): Promise<ChartNeighbourFeedRow> {
  const rows = await prisma.$queryRaw<{ name: string; isrcs: string[] | null }[]>`
    SELECT w."artistName" AS "name",
           (SELECT array_agg(s."isrc") FROM (
              SELECT DISTINCT ON (rtrim(coalesce(t."isrc", t."canonicalIsrc"))) rtrim(coalesce(t."isrc", t."canonicalIsrc")) AS "isrc", t."id"
              FROM "Artist" a JOIN "Track" t ON t."artistId" = a."id"
              WHERE a."accountId" = ${accountId} AND a."searchName" = lower(unaccent(w."artistName"))
                AND coalesce(t."isrc", t."canonicalIsrc") IS NOT NULL
              ORDER BY rtrim(coalesce(t."isrc", t."canonicalIsrc")), t."id" DESC) s) AS "isrcs"
    FROM "WatchlistArtist" w WHERE w."profileId" = ${profileId} ORDER BY w."id"`;
  const seedIsrcs = [...new Set(rows.flatMap((row) => row.isrcs ?? []))].slice(0, MAX_SEED_ISRCS);
  return { id: String(profileId), limit, seedArtists: rows.map((row) => row.name), seedIsrcs };
}
