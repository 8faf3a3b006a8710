import { BadUserInputError } from '../../../../lib/errors.ts';
import { Prisma, type Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';
import { normalizeForSearch } from './normalize.ts';
import { resolveThreshold } from './matchThreshold.ts';
import { prepareQuery, scoreCandidate, type PreparedQuery, type SearchTerms } from './score.ts';

/** Arguments of {@link searchTracks}, as the caller sent them. */
export interface SearchTracksOptions extends SearchTerms {
  /** Hits to return, 1 to 50. @default 10 */
  limit?: number | null;
}

/** One ranked result. */
export interface SearchHit {
  /** How well the track matched, 0 to 1 (lowered when it ties with another recording). */
  score: number;
  track: Track;
  /** Another recording scored about as well: this hit is not certain. */
  ambiguous: boolean;
}

/** Longest `artist`, `title` or `query` accepted, in characters. */
export const MAX_SEARCH_TEXT = 200;
/** Largest `limit`. */
export const MAX_SEARCH_LIMIT = 50;
/** Rows Postgres hands to the re-ranker at least; enough to hold every version of a popular song. */
export const CANDIDATE_POOL = 50;

/** Longest `durationMs` accepted: 3 hours, longer than any track a search could mean. */
export const MAX_DURATION_MS = 3 * 60 * 60 * 1000;
/** Two different recordings this close to the best are a tie: neither is certain. */
export const AMBIGUITY_MARGIN = 0.03;
/** What a tie leaves of the tied scores: below the threshold, so neither is adopted. */
export const AMBIGUITY_FACTOR = 0.7;

export { resolveThreshold } from './matchThreshold.ts';

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
  const durationMs = options.durationMs ?? null;
  if (durationMs !== null && (!Number.isInteger(durationMs) || durationMs < 1 || durationMs > MAX_DURATION_MS)) {
    throw new BadUserInputError(
      `\`${prefix}durationMs\` must be a whole number of milliseconds from 1 to ${MAX_DURATION_MS} (got ${durationMs}).`,
      `${prefix}durationMs`,
      durationMs,
    );
  }
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new BadUserInputError(`\`limit\` must be an integer from 1 to ${MAX_SEARCH_LIMIT} (got ${limit}).`, `${prefix}limit`, limit);
  }
  return { terms: { ...terms, durationMs }, limit };
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

const releaseTime = (track: Track) => track.releaseDate?.getTime() ?? Number.MAX_SAFE_INTEGER;

/**
 * Scores candidate rows for a query, best first, at most `limit`. Ties: the
 * exact title, then the more popular, then the earlier release, then the id.
 * When another recording scores within {@link AMBIGUITY_MARGIN} of the best,
 * every such hit is marked ambiguous and its score lowered by
 * {@link AMBIGUITY_FACTOR}: several recordings fit and none is certain.
 */
export function rankRows(query: PreparedQuery, rows: Track[], limit: number): SearchHit[] {
  const exact = (track: Track) => (query.exactTitle !== null && normalizeForSearch(track.title) === query.exactTitle ? 0 : 1);
  const hits = rows
    .map((track) => ({ score: Math.round(scoreCandidate(query, track) * 10_000) / 10_000, track, ambiguous: false }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        exact(a.track) - exact(b.track) ||
        (b.track.popularity ?? -1) - (a.track.popularity ?? -1) ||
        releaseTime(a.track) - releaseTime(b.track) ||
        a.track.id.localeCompare(b.track.id),
    );
  const top = hits[0]?.score ?? 0;
  const tied = hits.filter((hit) => hit.score > 0 && top - hit.score < AMBIGUITY_MARGIN);
  if (tied.length > 1) {
    for (const hit of tied) {
      hit.ambiguous = true;
      hit.score = Math.round(hit.score * AMBIGUITY_FACTOR * 10_000) / 10_000;
    }
  }
  return hits.slice(0, limit);
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

/** The answer of a name lookup: a certain match, or several recordings none of which is certain. */
export interface BestMatch {
  status: 'MATCHED' | 'AMBIGUOUS';
  /** The best hit (for AMBIGUOUS, the first of the tie by the tie-break order). */
  score: number;
  track: Track;
  /** The tied recordings, best first (AMBIGUOUS only; empty when MATCHED). */
  candidates: SearchHit[];
}

/**
 * What ranked hits answer at `threshold`: MATCHED when the best reaches it,
 * AMBIGUOUS when the best would have reached it but ties with others, else null.
 */
export function bestMatchOf(hits: SearchHit[], threshold: number): BestMatch | null {
  const [best] = hits;
  if (!best) return null;
  if (!best.ambiguous) return best.score >= threshold ? { status: 'MATCHED', score: best.score, track: best.track, candidates: [] } : null;
  const candidates = hits.filter((hit) => hit.ambiguous);
  return best.score / AMBIGUITY_FACTOR >= threshold ? { status: 'AMBIGUOUS', score: best.score, track: best.track, candidates } : null;
}

/**
 * The catalog's best match for an artist and title (see {@link bestMatchOf}),
 * at the configured threshold. `prefix` goes before argument names in errors
 * (`items[3].`).
 * @throws BadUserInputError for blank or too long text, or a bad `durationMs`
 */
export async function findBestMatch(
  prisma: LinksPrisma,
  artist: string | null | undefined,
  title: string,
  prefix = '',
  durationMs: number | null = null,
): Promise<BestMatch | null> {
  const { terms } = validateSearch({ artist, title, durationMs, limit: 1 }, prefix);
  return bestMatchOf(await rank(prisma, terms, 10), resolveThreshold());
}
