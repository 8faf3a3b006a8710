import { toUpcDigits } from './upcForms.ts';
import type { LinksPrisma } from '../db.ts';
import type { ReleaseRow } from '../lookup/releaseRows.ts';
import { normalizeForSearch } from '../search/normalize.ts';

/** A library artist as its representation names it: its name and its canonical recordings' ISRCs. */
export interface LibraryArtistKey {
  name: string;
  isrcs: string[];
}

/** A library album: its title, barcode and its canonical recordings' ISRCs. */
export interface LibraryAlbumKey {
  title: string;
  upc: string | null;
  isrcs: string[];
}

/** The catalog's artist, as `Artist` resolves. */
export interface CatalogArtistRow {
  id: string;
  name: string;
}

/** DataLoader cache keys: equal inputs share one answer. */
export const libraryArtistCacheKey = (key: LibraryArtistKey) => JSON.stringify([key.name, [...key.isrcs].sort()]);
export const libraryAlbumCacheKey = (key: LibraryAlbumKey) => JSON.stringify([key.title, key.upc, [...key.isrcs].sort()]);

const same = (a: string, b: string) => normalizeForSearch(a) === normalizeForSearch(b);

/**
 * The catalog's artist of each library artist, in one statement for all: among
 * the artists credited on its canonical recordings, the one with its name
 * (case, accents and punctuation aside) credited on the most of them. Only
 * when the catalog knows none of the recordings, the artist of exactly its
 * name: a name alone never overrules the recordings' credits.
 */
export async function loadCatalogArtists(prisma: LinksPrisma, keys: readonly LibraryArtistKey[]): Promise<(CatalogArtistRow | null)[]> {
  const isrcs = [...new Set(keys.flatMap((key) => key.isrcs))];
  const names = [...new Set(keys.map((key) => key.name))];
  const rows = await prisma.$queryRaw<{ id: number; name: string; isrcs: string[] }[]>`
    WITH credited AS (
      SELECT ta."artistId", rtrim(t."isrc") AS "isrc" FROM "Track" t JOIN "TrackArtist" ta ON ta."trackId" = t."id" WHERE t."isrc" = ANY(${isrcs}::text[])
    )
    SELECT a."id", a."name", coalesce(array_agg(c."isrc") FILTER (WHERE c."isrc" IS NOT NULL), '{}') AS "isrcs"
    FROM "Artist" a LEFT JOIN credited c ON c."artistId" = a."id"
    WHERE a."id" IN (SELECT "artistId" FROM credited) OR a."name" = ANY(${names}::text[])
    GROUP BY a."id", a."name"`;
  return keys.map((key) => {
    const wanted = new Set(key.isrcs);
    const credits = (row: (typeof rows)[number]) => row.isrcs.filter((isrc) => wanted.has(isrc)).length;
    const credited = rows.filter((row) => credits(row) > 0);
    // Recordings the catalog knows decide; only when it knows none does the exact name.
    const chosen = credited.length
      ? credited.filter((row) => same(row.name, key.name)).sort((a, b) => credits(b) - credits(a) || Number(b.name === key.name) - Number(a.name === key.name) || a.id - b.id)[0]
      : rows.find((row) => row.name === key.name);
    return chosen ? { id: String(chosen.id), name: chosen.name } : null;
  });
}

/**
 * The catalog's release of each library album, in one statement for all: the
 * release with its barcode (UPC-A and its EAN-13 form alike); else, among the
 * releases holding its canonical recordings, one with its title (case, accents
 * and punctuation aside) or holding at least half of them (and two or more),
 * the one holding the most. A compilation sharing one song is never taken.
 */
export async function loadCatalogReleases(prisma: LinksPrisma, keys: readonly LibraryAlbumKey[]): Promise<(ReleaseRow | null)[]> {
  const isrcs = [...new Set(keys.flatMap((key) => key.isrcs))];
  const upcs = [...new Set(keys.flatMap((key) => (key.upc ? toUpcDigits(key.upc) : [])))];
  const rows = await prisma.$queryRaw<{ id: number; title: string; upc: string | null; releaseDate: Date | null; artistId: number | null; artistName: string | null; isrcs: string[] }[]>`
    WITH held AS (
      SELECT tr."releaseId", rtrim(t."isrc") AS "isrc" FROM "Track" t JOIN "TrackRelease" tr ON tr."trackId" = t."id" WHERE t."isrc" = ANY(${isrcs}::text[])
    )
    SELECT r."id", r."title", r."upc", r."releaseDate", a."id" AS "artistId", a."name" AS "artistName",
           coalesce(array_agg(h."isrc") FILTER (WHERE h."isrc" IS NOT NULL), '{}') AS "isrcs"
    FROM "Release" r LEFT JOIN held h ON h."releaseId" = r."id" LEFT JOIN "Artist" a ON a."id" = r."artistId"
    WHERE r."id" IN (SELECT "releaseId" FROM held) OR r."upc" = ANY(${upcs}::text[])
    GROUP BY r."id", a."id"`;
  return keys.map((key) => {
    const barcodes = new Set(key.upc ? toUpcDigits(key.upc) : []);
    const wanted = new Set(key.isrcs);
    const held = (row: (typeof rows)[number]) => row.isrcs.filter((isrc) => wanted.has(isrc)).length;
    const enough = Math.max(2, Math.ceil(wanted.size / 2));
    const byUpc = rows.find((row) => row.upc !== null && barcodes.has(row.upc));
    const byTracks = rows
      .filter((row) => held(row) > 0 && (same(row.title, key.title) || held(row) >= enough))
      .sort((a, b) => Number(same(b.title, key.title)) - Number(same(a.title, key.title)) || held(b) - held(a) || a.id - b.id)[0];
    const chosen = byUpc ?? byTracks;
    if (!chosen) return null;
    const artist = chosen.artistId == null ? null : { id: String(chosen.artistId), name: chosen.artistName ?? '' };
    return { id: String(chosen.id), title: chosen.title, upc: chosen.upc, releaseDate: chosen.releaseDate, artist };
  });
}
