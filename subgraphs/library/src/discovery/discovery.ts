import type { Artist } from '../../../../prisma/library/generated/client.ts';
import type { LibraryPrisma } from '../db.ts';
import { trackRef, type TrackRef } from '../loaders.ts';
import { byScore, isNewRelease, scoreArtist, type Reason } from './scoring.ts';

/** `SimilarArtist` as resolvers receive it. */
export interface SimilarArtistRow {
  name: string;
  score: number;
  sharedGenres: string[];
  libraryArtist: Artist | null;
  reasons: Reason[];
}

/** `DiscoveryTrack` as resolvers receive it. */
export interface DiscoveryTrackRow {
  track: TrackRef;
  title: string;
  artistName: string;
  score: number;
  isNewRelease: boolean;
  reasons: Reason[];
}

/** The profile's taste as discovery reads it: its watched artists (with the library's genres for them) and its wishlist. */
interface Taste {
  watched: { name: string; genres: string[]; libraryArtistIds: number[] }[];
  wishlistArtists: Set<string>;
  wishlistIsrcs: Set<string>;
}

const fold = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Two statements: the watchlist joined to the library's artists of the same name (accents and case aside), and the wishlist. */
async function tasteOf(prisma: LibraryPrisma, accountId: string, profileId: number): Promise<Taste> {
  const [watched, wishlist] = await Promise.all([
    prisma.$queryRaw<{ name: string; genres: string[] | null; artistIds: number[] | null }[]>`
      SELECT w."artistName" AS "name",
             (SELECT array_agg(DISTINCT g) FROM "Artist" a, unnest(a."genres") g
               WHERE a."accountId" = ${accountId} AND a."searchName" = lower(unaccent(w."artistName"))) AS "genres",
             (SELECT array_agg(a."id") FROM "Artist" a
               WHERE a."accountId" = ${accountId} AND a."searchName" = lower(unaccent(w."artistName"))) AS "artistIds"
      FROM "WatchlistArtist" w WHERE w."profileId" = ${profileId} ORDER BY w."id"`,
    prisma.wishlistTrack.findMany({ where: { profileId }, select: { artistName: true, isrc: true } }),
  ]);
  return {
    watched: watched.map((w) => ({ name: w.name, genres: w.genres ?? [], libraryArtistIds: w.artistIds ?? [] })),
    wishlistArtists: new Set(wishlist.flatMap((w) => (w.artistName ? [fold(w.artistName)] : []))),
    wishlistIsrcs: new Set(wishlist.flatMap((w) => (w.isrc ? [w.isrc.trim()] : []))),
  };
}

/**
 * Artists like the profile's watched ones: library artists of the account that
 * it does not watch and that share a genre with a watched artist or are named
 * by its wishlist, scored by {@link scoreArtist}. Three statements.
 */
export async function similarArtists(prisma: LibraryPrisma, accountId: string, profileId: number, first: number): Promise<SimilarArtistRow[]> {
  return (await rankArtists(prisma, accountId, profileId, await tasteOf(prisma, accountId, profileId))).slice(0, first);
}

async function rankArtists(prisma: LibraryPrisma, accountId: string, _profileId: number, taste: Taste): Promise<SimilarArtistRow[]> {
  const genres = [...new Set(taste.watched.flatMap((w) => w.genres))];
  const wished = [...taste.wishlistArtists];
  if (genres.length === 0 && wished.length === 0) return [];
  const watchedIds = new Set(taste.watched.flatMap((w) => w.libraryArtistIds));
  const watchedNames = new Set(taste.watched.map((w) => fold(w.name)));
  const candidates = await prisma.$queryRaw<Artist[]>`
    SELECT * FROM "Artist" a
    WHERE a."accountId" = ${accountId} AND (a."genres" && ${genres}::text[] OR a."searchName" = ANY(${wished}::text[]))
    ORDER BY a."id" LIMIT 5000`;
  const rows: SimilarArtistRow[] = [];
  for (const artist of candidates) {
    if (watchedIds.has(artist.id) || watchedNames.has(fold(artist.name))) continue;
    const scored = scoreArtist(artist, taste.watched, taste.wishlistArtists.has(fold(artist.name)));
    if (scored) rows.push({ name: artist.name, libraryArtist: artist, ...scored });
  }
  return rows.sort(byScore);
}

/**
 * Recordings to discover: library tracks with an ISRC by the profile's watched
 * artists (score 1) and by its similar artists (their score), the wishlisted
 * ones left out, best first; `newReleasesOnly` keeps albums of this year or the last.
 * Four statements.
 */
export async function discoveryPool(prisma: LibraryPrisma, accountId: string, profileId: number, first: number, newReleasesOnly: boolean): Promise<DiscoveryTrackRow[]> {
  const taste = await tasteOf(prisma, accountId, profileId);
  const similar = (await rankArtists(prisma, accountId, profileId, taste)).slice(0, 200);
  const artists = new Map<number, { score: number; reasons: Reason[] }>();
  for (const w of taste.watched) for (const id of w.libraryArtistIds) artists.set(id, { score: 1, reasons: [{ kind: 'WATCHED_ARTIST', detail: `by ${w.name}, which the profile watches` }] });
  for (const s of similar) if (s.libraryArtist && !artists.has(s.libraryArtist.id)) artists.set(s.libraryArtist.id, { score: s.score, reasons: s.reasons });
  if (artists.size === 0) return [];
  const tracks = await prisma.$queryRaw<{ isrc: string; title: string; artistId: number; artistName: string; albumTitle: string; year: number | null }[]>`
    SELECT DISTINCT ON (rtrim(t."isrc")) rtrim(t."isrc") AS "isrc", t."title", t."artistId", ar."name" AS "artistName", al."title" AS "albumTitle", al."year"
    FROM "Track" t JOIN "Artist" ar ON ar."id" = t."artistId" JOIN "Album" al ON al."id" = t."albumId"
    WHERE t."accountId" = ${accountId} AND t."isrc" IS NOT NULL AND t."artistId" = ANY(${[...artists.keys()]}::int[])
    ORDER BY rtrim(t."isrc"), t."id"
    LIMIT 20000`;
  const now = new Date();
  const rows: DiscoveryTrackRow[] = [];
  for (const t of tracks) {
    if (taste.wishlistIsrcs.has(t.isrc)) continue;
    const fresh = isNewRelease(t.year, now);
    if (newReleasesOnly && !fresh) continue;
    const artist = artists.get(t.artistId)!;
    const reasons: Reason[] = [...artist.reasons];
    if (fresh) reasons.push({ kind: 'NEW_RELEASE', detail: `${t.albumTitle} is from ${t.year}` });
    rows.push({ track: trackRef(t.isrc), title: t.title, artistName: t.artistName, score: artist.score, isNewRelease: fresh, reasons });
  }
  return rows.sort((a, b) => b.score - a.score || Number(b.isNewRelease) - Number(a.isNewRelease) || a.title.localeCompare(b.title)).slice(0, first);
}
