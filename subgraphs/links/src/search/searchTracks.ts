import { BadUserInputError } from '../../../../lib/errors.ts';
import { Prisma, type Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';
import { normalizeForSearch } from './normalize.ts';
import { prepareQuery, scoreCandidate, type PreparedQuery, type SearchTerms } from './score.ts';

/** Arguments of {@link searchTracks}, as the caller sent them. */
export interface SearchTracksOptions extends SearchTerms {
  /** Hits to return, 1 to 50. @default 10 */
  limit?: number | null;
}

/** One ranked result. */
export interface SearchHit {
  /** How well the track matched, 0 to 1. */
  score: number;
  track: Track;
}

/** Longest `artist`, `title` or `query` accepted, in characters. */
export const MAX_SEARCH_TEXT = 200;
/** Largest `limit`. */
export const MAX_SEARCH_LIMIT = 50;
/** Rows Postgres hands to the re-ranker at least; enough to hold every version of a popular song. */
export const CANDIDATE_POOL = 50;

/**
 * Lowest score {@link findBestMatch} accepts. What the tests show: the same
 * song written differently (case, accents, punctuation, `&`, feat. forms, a
 * featured artist left out) scores ≥ 0.95; one typo in the artist or the title
 * ≈ 0.8; a remaster 0.9; typos in both ≈ 0.72; another version (live, remix,
 * radio edit, sped up…) when the query names none ≤ 0.7; the same title by
 * another artist ≈ 0. 0.75 sits between: a resolve forgives a typo but never
 * adopts a live cut's or a namesake's ISRC.
 */
export const RESOLVE_MATCH_THRESHOLD = 0.75;

function searchText(value: string | null | undefined, argument: string): string | null {
  if (value == null) return null;
  if (!value.trim()) throw new BadUserInputError(`\`${argument}\` is blank; omit it or give some text.`, argument, value);
  if (value.length > MAX_SEARCH_TEXT) {
    throw new BadUserInputError(`\`${argument}\` is ${value.length} characters long; at most ${MAX_SEARCH_TEXT} are allowed.`, argument, value);
  }
  if (!normalizeForSearch(value)) throw new BadUserInputError(`\`${argument}\` has no letters or digits to search for.`, argument, value);
  return value;
}

/**
 * Validates search arguments. `prefix` is prepended to argument names in
 * errors (`items[3].` for a batch item).
 * @throws BadUserInputError naming the argument
 */
export function validateSearch(options: SearchTracksOptions, prefix = ''): { terms: SearchTerms; limit: number } {
  const terms = {
    artist: searchText(options.artist, `${prefix}artist`),
    title: searchText(options.title, `${prefix}title`),
    query: searchText(options.query, `${prefix}query`),
  };
  if (!terms.artist && !terms.title && !terms.query) {
    throw new BadUserInputError('Give at least one of `artist`, `title` or `query`.', `${prefix}query`);
  }
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new BadUserInputError(`\`limit\` must be an integer from 1 to ${MAX_SEARCH_LIMIT} (got ${limit}).`, `${prefix}limit`, limit);
  }
  return { terms, limit };
}

/**
 * One SQL statement: the tracks whose stored search columns are trigram-similar
 * to the query (`%`), best first, at most `pool` rows. A lone artist or title
 * also matches as a part of the column (`%>`: "daft punk" in a credit with
 * three featured artists). Every condition is served by the GIN indexes.
 */
function candidates(prisma: LinksPrisma, { sql: q }: PreparedQuery, pool: number): Promise<Track[]> {
  const where: Prisma.Sql[] = [];
  const rank: Prisma.Sql[] = [];
  // `%>` only for a lone side: with four ORed conditions the planner picks a sequential scan (4 s instead of 20 ms on 300k rows).
  const alone = !q.title !== !q.artists && !q.query;
  if (q.title) {
    where.push(Prisma.sql`"searchTitle" % ${q.title}::text`);
    if (alone) where.push(Prisma.sql`"searchTitle" %> ${q.title}::text`);
    rank.push(Prisma.sql`0.6 * similarity("searchTitle", ${q.title}::text)`);
  }
  if (q.artists) {
    where.push(Prisma.sql`"searchArtists" % ${q.artists}::text`);
    if (alone) where.push(Prisma.sql`"searchArtists" %> ${q.artists}::text`);
    rank.push(Prisma.sql`0.4 * similarity("searchArtists", ${q.artists}::text)`);
  }
  if (q.query) {
    where.push(Prisma.sql`"searchTitle" % ${q.query}::text`, Prisma.sql`"searchArtists" % ${q.query}::text`);
    rank.push(Prisma.sql`similarity("searchTitle", ${q.query}::text) + similarity("searchArtists", ${q.query}::text)`);
  }
  return prisma.$queryRaw<Track[]>`
    SELECT * FROM "Track"
    WHERE ${Prisma.join(where, ' OR ')}
    ORDER BY ${Prisma.join(rank, ' + ')} DESC, "popularity" DESC NULLS LAST, "id"
    LIMIT ${pool}`;
}

/** Scores candidate rows for a query, best first (ties: more popular, then by id), at most `limit`. */
export function rankRows(query: PreparedQuery, rows: Track[], limit: number): SearchHit[] {
  return rows
    .map((track) => ({ score: Math.round(scoreCandidate(query, track) * 10_000) / 10_000, track }))
    .sort((a, b) => b.score - a.score || (b.track.popularity ?? -1) - (a.track.popularity ?? -1) || a.track.id.localeCompare(b.track.id))
    .slice(0, limit);
}

async function rank(prisma: LinksPrisma, terms: SearchTerms, limit: number): Promise<SearchHit[]> {
  const query = prepareQuery(terms);
  return rankRows(query, await candidates(prisma, query, Math.max(CANDIDATE_POOL, limit * 4)), limit);
}

/**
 * Ranked catalog search by `artist` and/or `title`, or free `query`. Postgres
 * picks candidates with its trigram indexes (the catalog is never loaded);
 * they are re-ranked here by {@link scoreCandidate}. One SQL statement.
 * @throws BadUserInputError for missing, blank or too long text, or a `limit` outside 1–50
 */
export async function searchTracks(prisma: LinksPrisma, options: SearchTracksOptions): Promise<SearchHit[]> {
  const { terms, limit } = validateSearch(options);
  return rank(prisma, terms, limit);
}

/**
 * The catalog's best match for an artist and title, or null when even the best
 * scores below {@link RESOLVE_MATCH_THRESHOLD}. `prefix` goes before argument
 * names in errors (`items[3].`).
 * @throws BadUserInputError for blank or too long text
 */
export async function findBestMatch(
  prisma: LinksPrisma,
  artist: string | null | undefined,
  title: string,
  prefix = '',
): Promise<SearchHit | null> {
  const { terms } = validateSearch({ artist, title, limit: 1 }, prefix);
  const [best] = await rank(prisma, terms, 1);
  return best && best.score >= RESOLVE_MATCH_THRESHOLD ? best : null;
}
