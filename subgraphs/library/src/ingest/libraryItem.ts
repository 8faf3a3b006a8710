import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';

/** One track of a library as a tag reader or a media server export describes it, before it is stored. */
export interface LibraryItem {
  title: string;
  /** Track artists in billing order (at least one; "Unknown Artist" when the source names none). */
  artists: string[];
  album: string | null;
  /** The album's artist; the first track artist when the source has none. */
  albumArtist: string | null;
  trackNumber: number | null;
  discNumber: number | null;
  year: number | null;
  genres: string[];
  durationMs: number | null;
  /** Kilobits per second. */
  bitrate: number | null;
  /** Normalized (12 characters, upper case); null when absent or malformed. */
  isrc: string | null;
  musicbrainz: { recordingId: string | null; albumId: string | null; artistId: string | null; albumArtistId: string | null };
  /** Container (MPEG, FLAC, M4A…), or the export's kind. */
  format: string | null;
  /** The file's path, as shown (from the folder scan or the export). */
  filePath: string | null;
  /** `file` for a folder scan, else the export's server (`plex`, `jellyfin`, …). */
  serverSource: string;
}

/** Longest text kept from one tag value: a hostile file's 10,000-character title is cut, not refused. */
export const MAX_TAG_LENGTH = 500;
/** Most values kept from a multi-valued tag (artists, genres). */
export const MAX_TAG_VALUES = 20;
/** What a track is called when its source names no artist. */
export const UNKNOWN_ARTIST = 'Unknown Artist';

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Trims, drops control characters and NULs, cuts to {@link MAX_TAG_LENGTH}; null when nothing is left. */
export function cleanText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const text = String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!text) return null;
  return [...text].slice(0, MAX_TAG_LENGTH).join('').trim();
}

/** Distinct cleaned values, in order, at most {@link MAX_TAG_VALUES}. */
export function cleanList(values: readonly unknown[] | null | undefined): string[] {
  const seen = new Map<string, string>();
  for (const value of values ?? []) {
    const text = cleanText(value);
    if (text && !seen.has(text.toLowerCase())) seen.set(text.toLowerCase(), text);
    if (seen.size >= MAX_TAG_VALUES) break;
  }
  return [...seen.values()];
}

/** A whole number in [min, max], else null. */
export function cleanInt(value: unknown, min: number, max: number): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value.trim().split('/')[0]) : NaN;
  return Number.isFinite(n) && n >= min && n <= max ? Math.round(n) : null;
}

/** A lower-case MusicBrainz id, else null. */
export function cleanMbid(value: unknown): string | null {
  const text = cleanText(Array.isArray(value) ? value[0] : value)?.toLowerCase() ?? null;
  return text && MBID.test(text) ? text : null;
}

/** A valid ISRC, normalized (hyphens, spaces and case do not matter), else null. */
export function cleanIsrc(value: unknown): string | null {
  const text = cleanText(Array.isArray(value) ? value[0] : value);
  if (!text) return null;
  const isrc = normalizeIsrc(text);
  return isrcProblem(isrc) ? null : isrc;
}

/** Fills the defaults every stored item has: an artist, the album artist. */
export function completeItem(item: Omit<LibraryItem, 'artists' | 'albumArtist'> & { artists: string[]; albumArtist: string | null }): LibraryItem {
  const artists = item.artists.length ? item.artists : [UNKNOWN_ARTIST];
  return { ...item, artists, albumArtist: item.albumArtist ?? artists[0]! };
}
