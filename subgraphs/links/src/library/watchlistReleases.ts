import { groupByKeys } from '../../../../lib/loaderUtils.ts';
import type { LinksPrisma } from '../db.ts';
import type { ReleaseRow } from '../lookup/releaseRows.ts';
import { passesFilters, releaseKind, releaseVersions, type ReleaseFilters, type ReleaseKind } from './releaseKinds.ts';

/** A watched artist as the library's `WatchlistReleaseFeed` representation carries it. */
export interface WatchedArtistInput {
  id: string;
  artistName: string;
  filters: ReleaseFilters;
}

/** `WatchlistRelease` as resolvers receive it. */
export interface WatchlistReleaseRow {
  release: ReleaseRow;
  watchlistArtistId: string;
  artistName: string;
  kind: ReleaseKind;
  versions: string[];
  trackIds: string[];
}

/** Most releases read per feed before filtering (the newest first). */
const MAX_CANDIDATES = 2_000;

interface CandidateRow {
  id: number;
  title: string;
  upc: string | null;
  releaseDate: Date | null;
  artistId: number | null;
  artistName: string | null;
  /** The watched name (lower-cased) it was found for. */
  watchedName: string;
}

/**
 * The releases of the watched artists on or after `since`, newest first, that
 * pass each artist's filters, at most `limit`. An artist is matched by name
 * (case aside): the release's main artist, or a main credit on one of its
 * recordings. Two statements whatever the number of artists: the releases, then
 * their recordings' ids and titles (for the track count and the version words).
 */
export async function watchlistReleases(prisma: LinksPrisma, artists: readonly WatchedArtistInput[], since: Date | null, limit: number): Promise<WatchlistReleaseRow[]> {
  if (artists.length === 0) return [];
  const byName = new Map<string, WatchedArtistInput>();
  for (const artist of artists) if (!byName.has(artist.artistName.toLowerCase())) byName.set(artist.artistName.toLowerCase(), artist);
  const names = [...byName.keys()];
  const candidates = await prisma.$queryRaw<CandidateRow[]>`
    SELECT DISTINCT ON (r."releaseDate", r."id") r."id", r."title", r."upc", r."releaseDate", ra."id" AS "artistId", ra."name" AS "artistName", lower(wa."name") AS "watchedName"
    FROM "Artist" wa
    JOIN "Release" r ON r."artistId" = wa."id"
      OR r."id" IN (SELECT tr."releaseId" FROM "TrackRelease" tr JOIN "TrackArtist" ta ON ta."trackId" = tr."trackId" AND ta."isPrimary" WHERE ta."artistId" = wa."id")
    LEFT JOIN "Artist" ra ON ra."id" = r."artistId"
    WHERE lower(wa."name") = ANY(${names}::text[])
      AND (${since}::date IS NULL OR r."releaseDate" >= ${since}::date)
    ORDER BY r."releaseDate" DESC NULLS LAST, r."id" DESC
    LIMIT ${MAX_CANDIDATES}`;
  if (candidates.length === 0) return [];
  const tracks = await prisma.$queryRaw<{ releaseId: number; trackId: string; title: string }[]>`
    SELECT tr."releaseId", t."id" AS "trackId", t."title"
    FROM "TrackRelease" tr JOIN "Track" t ON t."id" = tr."trackId"
    WHERE tr."releaseId" = ANY(${candidates.map((c) => c.id)}::int[])
    ORDER BY t."id"`;
  const tracksByRelease = groupByKeys(candidates.map((c) => c.id), tracks, (t) => t.releaseId);
  const rows: WatchlistReleaseRow[] = [];
  for (const [i, candidate] of candidates.entries()) {
    const watched = byName.get(candidate.watchedName)!;
    const releaseTracks = tracksByRelease[i]!;
    const kind = releaseKind(candidate.title, releaseTracks.length);
    const versions = releaseVersions(candidate.title, releaseTracks.map((t) => t.title));
    if (!passesFilters(kind, versions, watched.filters)) continue;
    const artist = candidate.artistId == null ? null : { id: String(candidate.artistId), name: candidate.artistName ?? '' };
    rows.push({
      release: { id: String(candidate.id), title: candidate.title, upc: candidate.upc, releaseDate: candidate.releaseDate, artist },
      watchlistArtistId: watched.id,
      artistName: watched.artistName,
      kind,
      versions: [...versions].sort(),
      trackIds: releaseTracks.map((t) => t.trackId),
    });
    if (rows.length === limit) break;
  }
  return rows;
}
