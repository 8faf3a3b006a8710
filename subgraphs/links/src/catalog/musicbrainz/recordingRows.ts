import { normalizeIsrc } from '../../../../../lib/isrc/isrc.ts';
import { resolveColumns } from '../csvColumns.ts';
import { parseCatalogRow, type CatalogRow } from '../csvTrackRow.ts';

/** The parts of a MusicBrainz recording (JSON dump line, or WS/2 with inc=isrcs+artist-credits+releases) the catalog reads. */
interface MbRecording {
  id?: unknown;
  title?: unknown;
  length?: unknown;
  'first-release-date'?: unknown;
  isrcs?: unknown;
  'artist-credit'?: { name?: unknown; artist?: { name?: unknown } }[];
  releases?: { title?: unknown; date?: unknown; status?: unknown }[];
}

// A recording read as one catalog row per ISRC, through the CSV row's validation (ISRC shape and
// prefix, mojibake, dates, the MBID's form), so both imports accept and refuse the same values.
const COLUMNS = resolveColumns(['isrc', 'title', 'artist', 'album', 'release_date', 'duration_ms', 'musicbrainz_id']);

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The release a recording is best known by: the earliest dated official one, else the earliest dated, else the first. */
function firstRelease(releases: MbRecording['releases']): { title: string; date: string } | null {
  if (!Array.isArray(releases) || releases.length === 0) return null;
  const dated = releases.filter((release) => text(release.date) !== '').sort((a, b) => text(a.date).localeCompare(text(b.date)));
  const pick = dated.find((release) => release.status === 'Official') ?? dated[0] ?? releases[0]!;
  return { title: text(pick.title), date: text(pick.date) };
}

/**
 * The catalog rows of one dump line: one per distinct ISRC (the catalog keys
 * recordings by ISRC), none for a recording without ISRC. The MBID becomes the
 * MUSICBRAINZ platform ID of the first ISRC in order only: a platform ID
 * belongs to one track. Credits keep MusicBrainz's names and order (the first
 * is primary), whatever characters the names hold.
 * @returns the rows, or a row saying why the line is unusable
 */
export function recordingRows(line: number, json: string): CatalogRow[] {
  const notes = { warnings: [], mojibake: [], unknownPrefix: false };
  let recording: MbRecording;
  try {
    recording = JSON.parse(json) as MbRecording;
  } catch (error) {
    return [{ line, ok: false, reason: `is not JSON: ${(error as Error).message}`, ...notes }];
  }
  if (recording === null || typeof recording !== 'object' || Array.isArray(recording)) return [{ line, ok: false, reason: 'is not a JSON object (a MusicBrainz recording)', ...notes }];
  const isrcs = Array.isArray(recording.isrcs) ? [...new Set(recording.isrcs.filter((isrc): isrc is string => typeof isrc === 'string').map(normalizeIsrc))].sort() : [];
  if (isrcs.length === 0) return [];
  const credits = Array.isArray(recording['artist-credit']) ? recording['artist-credit'].map((credit) => text(credit?.name) || text(credit?.artist?.name)).map((name) => name.trim()).filter(Boolean) : [];
  const names = [...new Set(credits)];
  const release = firstRelease(recording.releases);
  const length = typeof recording.length === 'number' && Number.isFinite(recording.length) ? String(Math.round(recording.length)) : '';
  return isrcs.map((isrc, i) => {
    const fields = [isrc, text(recording.title), names.join('; '), release?.title ?? '', text(recording['first-release-date']) || (release?.date ?? ''), length, i === 0 ? text(recording.id) : ''];
    const row = parseCatalogRow({ line, fields }, COLUMNS);
    if (row.ok) row.values.artists = names.map((name, position) => ({ name, isPrimary: position === 0, isRemixer: false }));
    return row;
  });
}
