import { extractFeatured, normalizeForSearch, splitArtistCredit, storedArtistNames } from './normalize.ts';
import { textSimilarity, trigramCoverage, trigramSimilarity } from './trigram.ts';
import { parseVersion, type ParsedVersion, type VersionQualifier } from './versionQualifiers.ts';

/** Validated search text, as the caller sent it (each absent, or non-blank with letters or digits). */
export interface SearchTerms {
  artist?: string | null;
  title?: string | null;
  query?: string | null;
}

/** A query made ready for SQL retrieval and for scoring candidates. */
export interface PreparedQuery {
  /** Readings of `title` (as written, and with qualifier words taken as qualifiers). */
  titles: ParsedVersion[] | null;
  /** Normalized names from `artist`, plus artists featured in `title`. */
  artists: string[] | null;
  /** Readings of the free `query`. */
  free: ParsedVersion[] | null;
  /** Normalized values compared with the stored columns in SQL. */
  sql: { title: string | null; artists: string | null; query: string | null };
}

/** What a candidate row must carry to be scored. */
export interface ScoredRow {
  title: string;
  searchArtists: string;
}

// How much a version mismatch costs: a remaster is the same performance, the others are different audio.
const MISMATCH_PENALTY: Partial<Record<VersionQualifier, number>> = { remaster: 0.1 };
const DEFAULT_PENALTY = 0.3;
// Title matters more than artist: artists are written in more ways, titles are what people search for.
const WEIGHTS = { title: 0.6, artist: 0.4, free: 1 };
// Joining words that the free-text comparison ignores on both sides.
const NOISE_WORDS = /\b(?:feat|ft|featuring|and|vs|x)\b/g;

function readings(text: string): ParsedVersion[] {
  const strict = parseVersion(text);
  const loose = parseVersion(text, { loose: true });
  return loose.base === strict.base && loose.qualifiers.size === strict.qualifiers.size ? [strict] : [strict, loose];
}

/** Parses validated search terms into readings and SQL values. */
export function prepareQuery(terms: SearchTerms): PreparedQuery {
  const { title: bareTitle, featured } = terms.title ? extractFeatured(terms.title) : { title: null, featured: [] };
  const named = terms.artist ? splitArtistCredit(terms.artist) : [];
  const artists = [...new Set([...named, ...featured])];
  return {
    titles: bareTitle ? readings(bareTitle) : null,
    artists: artists.length ? artists : null,
    free: terms.query ? readings(terms.query) : null,
    sql: {
      title: bareTitle ? normalizeForSearch(bareTitle) : null,
      artists: artists.length ? artists.join(' ') : null,
      query: terms.query ? normalizeForSearch(terms.query) : null,
    },
  };
}

/** 1 when the versions agree; each qualifier on one side only multiplies by (1 − its penalty). */
export function versionFactor(wanted: Set<VersionQualifier>, found: Set<VersionQualifier>): number {
  let factor = 1;
  for (const q of new Set([...wanted, ...found])) {
    if (wanted.has(q) !== found.has(q)) factor *= 1 - (MISMATCH_PENALTY[q] ?? DEFAULT_PENALTY);
  }
  return factor;
}

/**
 * Artist agreement, 0 to 1: mostly whether each asked-for name is credited
 * (precision), a little whether the candidate has no others (recall), or the
 * bag-of-words similarity of all names when that is higher ("Earth Wind and
 * Fire" against "Earth, Wind & Fire").
 */
export function artistSimilarity(wanted: string[], credited: string[]): number {
  if (!wanted.length || !credited.length) return 0;
  const best = (name: string, among: string[]) => Math.max(...among.map((other) => textSimilarity(name, other)));
  const precision = wanted.reduce((sum, name) => sum + best(name, credited), 0) / wanted.length;
  const recall = credited.reduce((sum, name) => sum + best(name, wanted), 0) / credited.length;
  return Math.max(0.8 * precision + 0.2 * recall, trigramSimilarity(wanted.join(' '), credited.join(' ')));
}

/** Free text against everything a candidate is called: mostly how much of the query it covers. */
function freeSimilarity(query: string, text: string): number {
  const q = query.replace(NOISE_WORDS, ' ').replace(/\s+/g, ' ').trim() || query;
  const t = text.replace(NOISE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return 0.7 * trigramCoverage(q, t) + 0.3 * trigramSimilarity(q, t);
}

function weightedGeometricMean(parts: [score: number, weight: number][]): number {
  const total = parts.reduce((sum, [, weight]) => sum + weight, 0);
  if (parts.some(([score]) => score <= 0)) return 0;
  return Math.exp(parts.reduce((sum, [score, weight]) => sum + weight * Math.log(score), 0) / total);
}

/**
 * Scores one candidate in [0, 1], comparable across queries: the weighted
 * geometric mean of title, artist and free-text similarity (so a perfect title
 * by the wrong artist still scores low), times the version factor, under the
 * reading of the query that suits the candidate best.
 */
export function scoreCandidate(query: PreparedQuery, row: ScoredRow): number {
  const { title, featured } = extractFeatured(row.title);
  const version = parseVersion(title);
  const names = storedArtistNames(row.searchArtists);
  const credited = names.length ? names : featured;
  const artistPart: [number, number][] = query.artists ? [[artistSimilarity(query.artists, credited), WEIGHTS.artist]] : [];
  const text = [...credited, version.base].join(' ');
  let best = 0;
  for (const titleReading of query.titles ?? [null]) {
    for (const freeReading of query.free ?? [null]) {
      const parts = [...artistPart];
      if (titleReading) parts.push([textSimilarity(titleReading.base, version.base), WEIGHTS.title]);
      if (freeReading) parts.push([freeSimilarity(freeReading.base, text), WEIGHTS.free]);
      const wanted = new Set([...(titleReading?.qualifiers ?? []), ...(freeReading?.qualifiers ?? [])]);
      best = Math.max(best, weightedGeometricMean(parts) * versionFactor(wanted, version.qualifiers));
    }
  }
  return best;
}
