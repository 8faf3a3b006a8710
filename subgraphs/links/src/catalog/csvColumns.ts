import type { Platform } from '../../../../prisma/links/generated/enums.ts';

/** What a catalog CSV column holds. */
export type CatalogField = 'isrc' | 'title' | 'artist' | 'album' | 'releaseDate' | 'durationMs' | { platform: Platform };

/**
 * Header names (after {@link normalizeHeader}) and what they hold: ours, then
 * the names real exports use. Spotify-style chart exports ("Most Streamed
 * Spotify Songs 2024"): `Track,Album Name,Artist,Release Date,ISRC`; Exportify:
 * `Track URI,Track Name,Artist Name(s),Album Name,Album Release Date,Track
 * Duration (ms),…,ISRC`; Soundiiz / TuneMyMusic: `title,artist,album,isrc` and
 * `Track name,Artist name,Album,Playlist name,Type,ISRC`.
 */
const HEADER_FIELDS: Readonly<Record<string, CatalogField>> = {
  isrc: 'isrc',
  title: 'title',
  track: 'title',
  track_name: 'title',
  track_title: 'title',
  song: 'title',
  song_title: 'title',
  artist: 'artist',
  artists: 'artist',
  artist_name: 'artist',
  artist_names: 'artist',
  album: 'album',
  album_name: 'album',
  album_title: 'album',
  release_title: 'album',
  release_date: 'releaseDate',
  album_release_date: 'releaseDate',
  duration_ms: 'durationMs',
  track_duration_ms: 'durationMs',
  track_uri: { platform: 'SPOTIFY' },
  spotify_uri: { platform: 'SPOTIFY' },
  spotify_track_id: { platform: 'SPOTIFY' },
  spotify_id: { platform: 'SPOTIFY' },
  apple_music_id: { platform: 'APPLE_MUSIC' },
  applemusic_id: { platform: 'APPLE_MUSIC' },
  deezer_id: { platform: 'DEEZER' },
  tidal_id: { platform: 'TIDAL' },
  beatport_id: { platform: 'BEATPORT' },
  discogs_id: { platform: 'DISCOGS' },
  musicbrainz_id: { platform: 'MUSICBRAINZ' },
  youtube_id: { platform: 'YOUTUBE' },
  shazam_id: { platform: 'SHAZAM' },
};

/** The columns an import cannot do without. */
export const REQUIRED_COLUMNS = ['isrc', 'title', 'artist'] as const;

/** One recognized column: its position, its header as written, what it holds. */
export interface CatalogColumn {
  index: number;
  header: string;
  field: CatalogField;
}

/** The header of a catalog CSV, resolved. */
export interface CatalogColumns {
  /** Number of fields every record must have. */
  width: number;
  columns: CatalogColumn[];
  /** Headers that name nothing we import, as written. */
  ignored: string[];
}

/** The header cannot be used (missing or repeated columns, empty file); nothing was written. */
export class CatalogHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogHeaderError';
  }
}

/**
 * `" Release Date "` → `release_date`, `Artist Name(s)` → `artist_names`: header names are case-insensitive,
 * trimmed, spaces and hyphens as `_`, brackets and question marks dropped.
 */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[()?]/g, '').trim().replace(/[\s-]+/g, '_');
}

/** Header names each field is read from, for messages. */
function namesOf(field: string): string[] {
  return Object.entries(HEADER_FIELDS).filter(([, value]) => value === field).map(([name]) => name);
}

/** What to do with a file that is not a catalog, when its header says what it is. */
function hintFor(header: string[]): string {
  const present = new Set(header.flatMap((name) => { const field = HEADER_FIELDS[normalizeHeader(name)]; return field ? [fieldKey(field)] : []; }));
  const has = (field: CatalogField) => present.has(fieldKey(field));
  if (!has('isrc') && has('title')) {
    return ' Without ISRCs this is a playlist export, not a catalog: `npm run backfill` reads such exports (columns spotify_id, isrc, title) and finds their ISRCs and IDs through the API.';
  }
  return '';
}

/** `Track → title, Album Name → album`: the mapping an import chose, to print. */
export function describeMapping(columns: CatalogColumns): string {
  return columns.columns.map(({ header, field }) => `${header} → ${typeof field === 'string' ? field : `${field.platform.toLowerCase()} id`}`).join(', ');
}

/** A stable key per field, so a repeated column (`apple_music_id` and `applemusic_id`) is caught. */
function fieldKey(field: CatalogField): string {
  return typeof field === 'string' ? field : `platform:${field.platform}`;
}

/**
 * Resolves a header record.
 * @throws CatalogHeaderError when a required column is missing or a field appears twice
 */
export function resolveColumns(header: string[] | undefined): CatalogColumns {
  if (!header || header.every((name) => name.trim() === '')) {
    throw new CatalogHeaderError(`The file is empty: expected a header line with at least ${REQUIRED_COLUMNS.join(', ')}.`);
  }
  const columns: CatalogColumn[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  for (const [index, written] of header.entries()) {
    const field = HEADER_FIELDS[normalizeHeader(written)];
    if (!field) {
      ignored.push(written);
      continue;
    }
    const key = fieldKey(field);
    const previous = seen.get(key);
    if (previous !== undefined) throw new CatalogHeaderError(`Columns "${previous}" and "${written}" hold the same field; keep one.`);
    seen.set(key, written);
    columns.push({ index, header: written.trim(), field });
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !seen.has(name));
  if (missing.length) {
    const accepted = missing.map((name) => `${name} (as ${namesOf(name).join(', ')})`).join('; ');
    throw new CatalogHeaderError(
      `Missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; the header has ${header.map((h) => `"${h}"`).join(', ')}. Accepted names: ${accepted}.${hintFor(header)}`,
    );
  }
  return { width: header.length, columns, ignored };
}
