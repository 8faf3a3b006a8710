import { extractFeatured, normalizeForSearch, splitArtistCredit, storedArtistNames } from './normalize.ts';
import { nameSimilarity, titleSimilarity, wordCoverage } from './textMatch.ts';
import { parseVersion, type ParsedVersion } from './versionQualifiers.ts';
import { durationFactor, versionFactor } from './versionMatch.ts';

/** Validated search text, as the caller sent it (each absent, or non-blank with letters or digits). */
export interface SearchTerms {
  artist?: string | null;
  title?: string | null;
  query?: string | null;
  /** Length of the recording wanted, in milliseconds. */
  durationMs?: number | null;
}

/** One way of reading what was asked: an artist (or none) and a title, or free words. */
interface Reading {
  artists: string[] | null;
  /** Words the candidate's title must contain for this reading to count (see {@link titleReadings}). */
  requires: string[] | null;
  title: ParsedVersion | null;
  /** Free words compared with everything a candidate is called (artists and title). */
  free: ParsedVersion | null;
}

/** A query made ready for SQL retrieval and for scoring candidates. */
export interface PreparedQuery {
  readings: Reading[];
  durationMs: number | null;
  /** The title as asked, normalized, for the exact-title tie-break. */
  exactTitle: string | null;
  /** Normalized values compared with the stored columns in SQL. */
  sql: { title: string | null; artists: string | null; query: string | null };
}

/** What a candidate row must carry to be scored. */
export interface ScoredRow {
  title: string;
  searchArtists: string;
  durationSeconds?: number | null;
}

/** A parsed title and, for a literal reading of "Song live", the words a candidate must have for that reading to count. */
interface TitleReading {
  version: ParsedVersion;
  requires: string[] | null;
}

/**
 * A title as written and as read with trailing version words ("Song live"),
 * when that differs. The literal reading then only counts for a candidate
 * whose title has those words ("Born to Live"), so "Song live" never matches
 * "Song" on four words out of five.
 */
function titleReadings(text: string, dashes = true): TitleReading[] {
  const strict = parseVersion(text, { dashes });
  const loose = parseVersion(text, { dashes, loose: true });
  if (loose.base === strict.base && loose.qualifiers.size === strict.qualifiers.size) return [{ version: strict, requires: null }];
  // The words the loose reading took as a version, each as often as the literal title has it ("live and let die live": live twice).
  const looseWords = loose.base.split(' ');
  const taken = strict.base.split(' ').filter((word) => {
    const at = looseWords.indexOf(word);
    if (at < 0) return true;
    looseWords.splice(at, 1);
    return false;
  });
  const requires = strict.base.split(' ').filter((word) => taken.includes(word));
  return [{ version: strict, requires }, { version: loose, requires: null }];
}

/**
 * The readings of free text: the words as a whole, and, when it has a spaced
 * dash, "Artist - Title" and "Title - Artist" (the catalog decides which fits;
 * a title such as "Live Forever" is never taken for a version tag there).
 */
function freeReadings(query: string): Reading[] {
  const readings: Reading[] = titleReadings(query, false).map(({ version, requires }) => ({ artists: null, title: null, free: version, requires }));
  const dash = /\s+[-–—]\s+/.exec(query);
  if (dash) {
    const left = query.slice(0, dash.index);
    const right = query.slice(dash.index + dash[0].length);
    for (const [artist, title] of [[left, right], [right, left]] as const) {
      const artists = splitArtistCredit(artist);
      if (artists.length && normalizeForSearch(title)) {
        for (const { version, requires } of titleReadings(title)) readings.push({ artists, title: version, free: null, requires });
      }
    }
  }
  return readings;
}

/** Parses validated search terms into readings and SQL values. */
export function prepareQuery(terms: SearchTerms): PreparedQuery {
  const { title: bareTitle, featured } = terms.title ? extractFeatured(terms.title) : { title: null, featured: [] };
  const named = terms.artist ? splitArtistCredit(terms.artist) : [];
  const artists = [...new Set([...named, ...featured])];
  let readings: Reading[] = [{ artists: artists.length ? artists : null, title: null, free: null, requires: null }];
  if (bareTitle) {
    readings = titleReadings(bareTitle).map(({ version, requires }) => ({ artists: artists.length ? artists : null, title: version, free: null, requires }));
  }
  if (terms.query) {
    const free = freeReadings(terms.query);
    // Free text alongside artist/title: every combination, the free part scored on its own.
    readings = readings.flatMap((r) =>
      free.map((f) => ({ artists: r.artists ?? f.artists, title: r.title ?? f.title, free: f.free, requires: [...(r.requires ?? []), ...(f.requires ?? [])] })),
    );
  }
  return {
    readings,
    durationMs: terms.durationMs ?? null,
    exactTitle: bareTitle ? normalizeForSearch(bareTitle) : null,
    sql: {
      title: bareTitle ? normalizeForSearch(bareTitle) : null,
      artists: artists.length ? artists.join(' ') : null,
      query: terms.query ? normalizeForSearch(terms.query) : null,
    },
  };
}

/**
 * Artist agreement, 0 to 1: mostly whether each asked-for name is credited
 * (precision), a little whether the candidate has no others (recall: a credit with featured artists is still the song), or the
 * similarity of all names together when that is higher ("Earth Wind and
 * Fire" against "Earth, Wind & Fire").
 */
export function artistSimilarity(wanted: string[], credited: string[]): number {
  if (!wanted.length || !credited.length) return 0;
  const best = (name: string, among: string[]) => Math.max(...among.map((other) => nameSimilarity(name, other)));
  const precision = wanted.reduce((sum, name) => sum + best(name, credited), 0) / wanted.length;
  const recall = credited.reduce((sum, name) => sum + best(name, wanted), 0) / credited.length;
  return Math.max(0.9 * precision + 0.1 * recall, nameSimilarity(wanted.join(' '), credited.join(' ')));
}

/** A candidate's title and credits, parsed once for every reading. */
interface Candidate {
  versions: ParsedVersion[];
  credited: string[];
}

function candidateOf(row: ScoredRow): Candidate {
  const { title, featured } = extractFeatured(row.title);
  const names = storedArtistNames(row.searchArtists);
  // A stored title may carry its version as plain words ("SONG REMIX"): both readings compete.
  return { versions: titleReadings(title).map((reading) => reading.version), credited: names.length ? names : featured };
}

function readingScore(reading: Reading, candidate: Candidate, version: ParsedVersion): number {
  if (reading.requires?.length) {
    const words = version.base.split(' ');
    for (const word of reading.requires) {
      const index = words.indexOf(word);
      if (index < 0) return 0;
      words.splice(index, 1);
    }
  }
  let score = 1;
  if (reading.artists) score *= artistSimilarity(reading.artists, candidate.credited);
  if (reading.title) score *= titleSimilarity(reading.title.base, version.base);
  if (reading.free) {
    // Every asked word must be somewhere in the candidate, and every title word must be asked.
    const text = [...candidate.credited, version.base].join(' ');
    score *= wordCoverage(reading.free.base, text) * wordCoverage(version.base, reading.free.base);
  }
  const wanted = reading.title ?? reading.free;
  return score * (wanted ? versionFactor(wanted, version) : 1);
}

/**
 * Scores one candidate in [0, 1]: title similarity times artist agreement
 * (so a perfect title by the wrong artist scores low, and one typo in each
 * still passes), times the version agreement (a version not asked for, or
 * another remixer, halves it), times the duration agreement when a duration
 * was asked, under the reading of query and title that suits best.
 */
export function scoreCandidate(query: PreparedQuery, row: ScoredRow): number {
  const candidate = candidateOf(row);
  let best = 0;
  for (const reading of query.readings) {
    for (const version of candidate.versions) best = Math.max(best, readingScore(reading, candidate, version));
  }
  return best * durationFactor(query.durationMs, row.durationSeconds ?? null);
}
