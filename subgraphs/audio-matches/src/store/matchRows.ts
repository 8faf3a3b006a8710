import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { iswcProblem, normalizeIswc } from '../../../../lib/codes/iswc.ts';
import { normalizeUpc, upcProblem } from '../../../../lib/codes/upc.ts';
import type { MatchInput } from './saveAnalysis.ts';

/** The TrackMatch columns a result sets (everything but ids, owner, key and timestamps). */
export interface MatchColumns {
  isCover: boolean;
  title: string;
  albumTitle: string | null;
  isrc: string | null;
  albumUpc: string | null;
  iswc: string | null;
  label: string | null;
  releaseDate: Date | null;
  youtubeId: string | null;
  spotifyId: string | null;
  spotifyTitle: string | null;
  spotifyAlbumId: string | null;
  spotifyAlbumName: string | null;
  appleId: string | null;
  deezerId: string | null;
  deezerTitle: string | null;
  deezerAlbumId: string | null;
  deezerAlbumName: string | null;
  confidenceScore: number | null;
}

/** A match's child rows, without `matchId`; `position` is the index in each list. */
export interface MatchChildren {
  artists: { name: string }[];
  distributors: { name: string }[];
  timeOffsets: { trackStartMs: number; trackEndMs: number; matchStartMs: number; matchEndMs: number }[];
  spotifyArtists: { spotifyId: string; name: string }[];
  deezerArtists: { deezerId: string; name: string }[];
}

/** The child tables, in the order saveAnalysis writes them. */
export const CHILD_RELATIONS = ['artists', 'distributors', 'timeOffsets', 'spotifyArtists', 'deezerArtists'] as const;

// Callers validate codes; this is the last guard, so a bad one is dropped rather than stored.
const validOr = (raw: string | null | undefined, normalize: (s: string) => string, problem: (s: string) => string | null): string | null => {
  if (raw == null || raw.trim() === '') return null;
  const code = normalize(raw);
  return problem(code) === null ? code : null;
};

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The key a match keeps across re-imports: ACRCloud's `acrid` when given, else
 * the ISRC, else the folded title and artists (case and accents ignored).
 */
export function matchKey(input: MatchInput): string {
  if (input.externalKey?.trim()) return input.externalKey.trim();
  const isrc = validOr(input.isrc, normalizeIsrc, isrcProblem);
  if (isrc) return `isrc:${isrc}`;
  return `title:${fold(input.title)}|${input.artists.map(fold).join(',')}`;
}

function releaseDate(raw: string | null | undefined): Date | null {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const date = new Date(`${raw}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw ? null : date;
}

/** The columns of a match input, codes re-checked (null when invalid), score kept only when 0–100. */
export function matchColumns(input: MatchInput): MatchColumns {
  const score = input.confidenceScore;
  return {
    isCover: input.isCover,
    title: input.title,
    albumTitle: input.albumTitle ?? null,
    isrc: validOr(input.isrc, normalizeIsrc, isrcProblem),
    albumUpc: validOr(input.albumUpc, normalizeUpc, upcProblem),
    iswc: validOr(input.iswc, normalizeIswc, iswcProblem),
    label: input.label ?? null,
    releaseDate: releaseDate(input.releaseDate),
    youtubeId: input.youtubeId ?? null,
    spotifyId: input.spotify?.id ?? null,
    spotifyTitle: input.spotify?.title ?? null,
    spotifyAlbumId: input.spotify?.albumId ?? null,
    spotifyAlbumName: input.spotify?.albumName ?? null,
    appleId: input.appleId ?? null,
    deezerId: input.deezer?.id ?? null,
    deezerTitle: input.deezer?.title ?? null,
    deezerAlbumId: input.deezer?.albumId ?? null,
    deezerAlbumName: input.deezer?.albumName ?? null,
    confidenceScore: score != null && Number.isInteger(score) && score >= 0 && score <= 100 ? score : null,
  };
}

/** The child rows of a match input. */
export function matchChildren(input: MatchInput): MatchChildren {
  return {
    artists: input.artists.map((name) => ({ name })),
    distributors: input.distributors.map((name) => ({ name })),
    timeOffsets: input.timeOffsets.map(({ trackStartMs, trackEndMs, matchStartMs, matchEndMs }) => ({ trackStartMs, trackEndMs, matchStartMs, matchEndMs })),
    spotifyArtists: input.spotifyArtists.map(({ id, name }) => ({ spotifyId: id, name })),
    deezerArtists: input.deezerArtists.map(({ id, name }) => ({ deezerId: id, name })),
  };
}

const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value);

/** Whether a stored match (with its children in position order) already holds these columns and children. */
export function sameMatch(stored: MatchColumns & { [K in keyof MatchChildren]: Record<string, unknown>[] }, columns: MatchColumns, children: MatchChildren): boolean {
  for (const key of Object.keys(columns) as (keyof MatchColumns)[]) {
    // The ISRC column is CHAR(12): compare trimmed.
    const storedValue = key === 'isrc' ? stored.isrc?.trim() ?? null : stored[key];
    if (comparable(storedValue) !== comparable(columns[key])) return false;
  }
  return CHILD_RELATIONS.every((relation) => {
    const want = children[relation] as Record<string, unknown>[];
    const have = stored[relation];
    return want.length === have.length && want.every((row, i) => Object.keys(row).every((field) => have[i]?.[field] === row[field]));
  });
}
