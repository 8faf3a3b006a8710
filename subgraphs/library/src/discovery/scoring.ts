/** Why something was suggested (`DiscoveryReason`). */
export interface Reason {
  kind: 'SHARED_GENRE' | 'WATCHED_ARTIST' | 'WISHLIST_ARTIST' | 'IN_LIBRARY' | 'NEW_RELEASE';
  detail: string;
}

/** An artist with its genres (lower-cased for comparison). */
export interface GenreArtist {
  name: string;
  genres: readonly string[];
}

/** A candidate artist's score against a profile's taste. */
export interface ArtistScore {
  score: number;
  sharedGenres: string[];
  reasons: Reason[];
}

/** What the wishlist adds to an artist it names. */
export const WISHLIST_BONUS = 0.25;

const genreSet = (genres: readonly string[]) => new Set(genres.map((g) => g.trim().toLowerCase()).filter(Boolean));

/**
 * Scores a candidate artist: the best Jaccard similarity between its genres and
 * one watched artist's (|A ∩ B| / |A ∪ B|), plus {@link WISHLIST_BONUS} when the
 * wishlist names it, capped at 1. Each watched artist it shares genres with is
 * a SHARED_GENRE reason. Null when nothing links it to the profile.
 */
export function scoreArtist(candidate: GenreArtist, watched: readonly GenreArtist[], onWishlist: boolean): ArtistScore | null {
  const mine = genreSet(candidate.genres);
  let best = 0;
  const shared = new Set<string>();
  const reasons: Reason[] = [];
  for (const other of watched) {
    const theirs = genreSet(other.genres);
    const common = [...mine].filter((g) => theirs.has(g));
    if (common.length === 0) continue;
    const jaccard = common.length / new Set([...mine, ...theirs]).size;
    best = Math.max(best, jaccard);
    common.forEach((g) => shared.add(g));
    reasons.push({ kind: 'SHARED_GENRE', detail: `shares ${common.join(', ')} with ${other.name}, which the profile watches` });
  }
  if (onWishlist) reasons.push({ kind: 'WISHLIST_ARTIST', detail: `the profile's wishlist has a track by ${candidate.name}` });
  if (reasons.length === 0) return null;
  reasons.push({ kind: 'IN_LIBRARY', detail: `${candidate.name} is in the account's library` });
  const score = Math.min(1, best + (onWishlist ? WISHLIST_BONUS : 0));
  return { score: Math.round(score * 1000) / 1000, sharedGenres: [...shared].sort(), reasons };
}

/** Whether an album year counts as a new release in `now`'s year: this year or the last. */
export function isNewRelease(year: number | null | undefined, now = new Date()): boolean {
  return year != null && year >= now.getUTCFullYear() - 1;
}

/** Best first: by score, then by name, so equal scores keep a stable order. */
export function byScore<T extends { score: number; name?: string; title?: string }>(a: T, b: T): number {
  return b.score - a.score || (a.name ?? a.title ?? '').localeCompare(b.name ?? b.title ?? '');
}
