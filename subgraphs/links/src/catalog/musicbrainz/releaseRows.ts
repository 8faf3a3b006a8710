import { isrcProblem, normalizeIsrc } from '../../../../../lib/isrc/isrc.ts';
import { normalizeUpc, upcProblem } from '../../../../../lib/codes/upc.ts';
import { readReleaseDate } from '../releaseDates.ts';

/** The parts of a MusicBrainz release (JSON dump line, as WS/2 returns it with inc=recordings+isrcs+artist-credits) the catalog reads. */
interface MbRelease {
  id?: unknown;
  title?: unknown;
  date?: unknown;
  barcode?: unknown;
  'artist-credit'?: { name?: unknown; artist?: { name?: unknown } }[];
  media?: { pregap?: MbTrack; tracks?: MbTrack[]; 'data-tracks'?: MbTrack[] }[];
}

interface MbTrack {
  recording?: { id?: unknown; isrcs?: unknown };
}

/** A release as the batch writer takes it. */
export interface ReleaseValues {
  musicbrainzId: string;
  title: string;
  /** Canonical UPC-A/EAN-13, or null when the release has none or an invalid one. */
  upc: string | null;
  /** The release date when MusicBrainz has the full day; a year or month alone is not stored (a day would be invented). */
  releaseDate: string | null;
  /** The first artist credit's name (the primary artist), or null. */
  artist: string | null;
  /** The recording MBIDs of its tracks, and the ISRCs those tracks carry, each once. */
  recordings: string[];
  isrcs: string[];
}

export type ReleaseRow =
  | { line: number; ok: true; values: ReleaseValues; warnings: string[] }
  | { line: number; ok: false; reason: string };

const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * One release line of the dump read into the values the catalog keeps. A line
 * that is not a release (not JSON, no MBID, no title) is refused with the
 * reason; a barcode that is not a valid UPC/EAN or a date that is not a day is
 * left out with a warning, and the release is kept.
 */
export function releaseRow(line: number, json: string): ReleaseRow {
  let release: MbRelease;
  try {
    release = JSON.parse(json) as MbRelease;
  } catch (error) {
    return { line, ok: false, reason: `is not JSON: ${(error as Error).message}` };
  }
  if (release === null || typeof release !== 'object' || Array.isArray(release)) return { line, ok: false, reason: 'is not a JSON object (a MusicBrainz release)' };
  const musicbrainzId = text(release.id).toLowerCase();
  if (!MBID.test(musicbrainzId)) return { line, ok: false, reason: `release id ${JSON.stringify(release.id ?? null)} is not a MusicBrainz ID (a UUID)` };
  const title = text(release.title);
  if (title === '') return { line, ok: false, reason: `release ${musicbrainzId} has no title` };

  const warnings: string[] = [];
  let upc: string | null = null;
  const barcode = text(release.barcode);
  // MusicBrainz writes "" for "this release has no barcode" and null for "not known": neither is a problem.
  if (barcode !== '') {
    const normalized = normalizeUpc(barcode);
    const problem = upcProblem(normalized);
    if (problem) warnings.push(`release ${musicbrainzId}: barcode "${barcode}" is not a valid UPC/EAN (${problem}); stored without UPC`);
    else upc = normalized;
  }
  let releaseDate: string | null = null;
  const date = text(release.date);
  if (date !== '') {
    const reading = readReleaseDate(date);
    if (reading.kind === 'day') releaseDate = reading.date.toISOString().slice(0, 10);
    else if (reading.kind === 'invalid') warnings.push(`release ${musicbrainzId}: date "${date}" ${reading.reason}; stored without date`);
  }
  const credits = Array.isArray(release['artist-credit']) ? release['artist-credit'] : [];
  const first = credits[0];
  const artist = (first && (text(first.name) || text(first.artist?.name))) || null;

  const recordings = new Set<string>();
  const isrcs = new Set<string>();
  for (const medium of Array.isArray(release.media) ? release.media : []) {
    const tracks = [medium?.pregap, ...(Array.isArray(medium?.tracks) ? medium.tracks : []), ...(Array.isArray(medium?.['data-tracks']) ? medium['data-tracks'] : [])];
    for (const track of tracks) {
      const recording = track?.recording;
      const id = text(recording?.id).toLowerCase();
      if (MBID.test(id)) recordings.add(id);
      for (const isrc of Array.isArray(recording?.isrcs) ? recording.isrcs : []) {
        // A malformed ISRC matches no track; the recording import reports it on its own line.
        if (typeof isrc === 'string' && isrcProblem(normalizeIsrc(isrc)) === null) isrcs.add(normalizeIsrc(isrc));
      }
    }
  }
  return { line, ok: true, values: { musicbrainzId, title, upc, releaseDate, artist, recordings: [...recordings], isrcs: [...isrcs] }, warnings };
}
