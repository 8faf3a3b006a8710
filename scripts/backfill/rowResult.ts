/** How one `resolveTracks` item ended (`ResolveStatus` of the links subgraph). */
export type ResolveStatus = 'MATCHED' | 'NOT_FOUND' | 'INVALID_INPUT' | 'SKIPPED_NO_CREDITS';

/** One platform ID of a matched recording, as the checkpoint keeps it. */
export interface RowLink {
  source: string;
  externalId: string;
}

/**
 * The outcome of one CSV row: what ends up in the added output columns, and
 * what one line of the checkpoint remembers about the row.
 */
export interface RowResult {
  status: ResolveStatus;
  /** The matched recording's canonical ISRC. */
  isrc: string | null;
  /** The matched recording's Trackgraph id (`trk_…`). */
  trackId: string | null;
  links: RowLink[];
  /** `isrc` when the row's own ISRC matched, `search` when the ISRC came from a search hit. */
  matchedBy: 'isrc' | 'search' | null;
  /** Why the row is not MATCHED (or how a search match was made), for people reading the output. */
  reason: string | null;
}

/** Output column of each platform, in output order; `spotify_ids` is plural because the input already has `spotify_id`. */
export const PLATFORM_COLUMNS: readonly (readonly [platform: string, column: string])[] = [
  ['APPLE_MUSIC', 'applemusic_id'],
  ['DEEZER', 'deezer_id'],
  ['TIDAL', 'tidal_id'],
  ['BEATPORT', 'beatport_id'],
  ['DISCOGS', 'discogs_id'],
  ['MUSICBRAINZ', 'musicbrainz_id'],
  ['YOUTUBE', 'youtube_id'],
  ['SHAZAM', 'shazam_id'],
  ['SPOTIFY', 'spotify_ids'],
];

/** Columns the backfill appends to every input row, in order. */
export const ADDED_COLUMNS: readonly string[] = ['isrc_resolved', 'track_id', 'status', 'matched_by', 'reason', ...PLATFORM_COLUMNS.map(([, column]) => column)];

/** Separator of several IDs of one platform in one cell (regional releases, reissues). */
export const ID_SEPARATOR = '|';

/** The cells a result adds to its row, in {@link ADDED_COLUMNS} order; a platform the recording is not on is an empty cell. */
export function resultCells(result: RowResult): string[] {
  const platformCells = PLATFORM_COLUMNS.map(([platform]) =>
    result.links
      .filter((link) => link.source === platform)
      .map((link) => link.externalId)
      .join(ID_SEPARATOR),
  );
  return [result.isrc ?? '', result.trackId ?? '', result.status, result.matchedBy ?? '', result.reason ?? '', ...platformCells];
}

/** A row that was never sent because credits ran out (a later run sends it). */
export function skippedResult(reason = 'Credits ran out before this row; run the backfill again after adding credits.'): RowResult {
  return { status: 'SKIPPED_NO_CREDITS', isrc: null, trackId: null, links: [], matchedBy: null, reason };
}

/** Whether a result is final: every status but SKIPPED_NO_CREDITS (those rows are retried by the next run). */
export function isFinished(result: RowResult): boolean {
  return result.status !== 'SKIPPED_NO_CREDITS';
}
