import type { ChartPlatform, PlaylistPlatform } from '../../../../prisma/analytics/generated/enums.ts';
import { CHART_KINDS, parseChartName } from '../charts/chartFilters.ts';
import { parsePlaylistId } from '../playlists/playlistIds.ts';
import { COLUMN_LIMITS } from './columnLimits.ts';
import { RecordFields } from './RecordFields.ts';
import { weeklyDateProblem } from './spotifyChartFile.ts';
import type { ChartEditionInput, ChartEntryInput, DailyTotalInput, PlacementInput, PlaylistSnapshotInput, TotalsMetric } from './store.ts';

/** One record of an analytics import file (docs/import-formats.md), checked. */
export type AnalyticsRecord =
  | { kind: TotalsMetric; total: DailyTotalInput }
  | { kind: 'playlist'; snapshot: PlaylistSnapshotInput }
  | { kind: 'chart'; edition: ChartEditionInput };

/** The `kind` of every record. */
export const RECORD_KINDS = ['spotifyStreams', 'shazams', 'playlist', 'chart'] as const;

const CHART_PLATFORMS = Object.keys(CHART_KINDS) as ChartPlatform[];
const PLAYLIST_PLATFORMS: readonly PlaylistPlatform[] = ['SPOTIFY', 'APPLE_MUSIC', 'DEEZER'];

/** Track ids as each chart platform names them (Spotify also as a spotify:track: URI). */
const TRACK_IDS: Record<ChartPlatform, { pattern: RegExp; expected: string }> = {
  SPOTIFY: { pattern: /^(?:spotify:track:)?([0-9A-Za-z]{22})$/, expected: 'a 22-character Spotify track id or spotify:track: URI' },
  APPLE_MUSIC: { pattern: /^(\d{1,20})$/, expected: 'an Apple Music song id (digits)' },
  DEEZER: { pattern: /^(\d{1,20})$/, expected: 'a Deezer track id (digits)' },
  SHAZAM: { pattern: /^(\d{1,20})$/, expected: 'a Shazam track id (digits)' },
};

/**
 * Checks one parsed JSON line: a record, or every problem found in it (a
 * record is written whole or not at all, as the writers replace an edition's
 * entries and a playlist's placements with what the record lists).
 */
export function parseAnalyticsRecord(value: unknown): { ok: true; record: AnalyticsRecord } | { ok: false; problems: string[] } {
  const fields = RecordFields.of(value);
  if (!fields) return { ok: false, problems: ['is not a JSON object'] };
  const kind = fields.oneOf('kind', RECORD_KINDS);
  const record = kind === 'playlist' ? playlistRecord(fields) : kind === 'chart' ? chartRecord(fields) : kind ? totalRecord(fields, kind) : undefined;
  return fields.problems.length || !record ? { ok: false, problems: fields.problems } : { ok: true, record };
}

function totalRecord(fields: RecordFields, kind: TotalsMetric): AnalyticsRecord {
  fields.only(['kind', 'isrc', 'date', 'total']);
  return { kind, total: { isrc: fields.isrc('isrc')!, date: fields.date('date')!, total: fields.count('total', true)! } };
}

function playlistRecord(fields: RecordFields): AnalyticsRecord | undefined {
  fields.only(['kind', 'platform', 'externalId', 'date', 'name', 'artworkUrl', 'followers', 'placements']);
  const platform = fields.oneOf('platform', PLAYLIST_PLATFORMS);
  const snapshot: PlaylistSnapshotInput = {
    platform: platform!,
    externalId: platform ? fields.custom('externalId', true, (text, argument) => parsePlaylistId(platform, text, argument))! : '',
    date: fields.date('date')!,
    name: fields.text('name'),
    // null clears the stored artwork; absent leaves it as it is.
    artworkUrl: fields.has('artworkUrl') ? (fields.custom('artworkUrl', false, httpUrl) ?? null) : undefined,
    followers: fields.int('followers', { min: 0 }),
  };
  const placements = fields.list('placements');
  if (placements) snapshot.placements = placements.map((placement) => placementOf(placement, platform));
  return snapshot.platform ? { kind: 'playlist', snapshot } : undefined;
}

function placementOf(fields: RecordFields, platform: PlaylistPlatform | undefined): PlacementInput {
  fields.only(['isrc', 'position', 'country', 'addedAt']);
  const placement: PlacementInput = { isrc: fields.isrc('isrc')!, position: fields.int('position', { required: true })!, addedAt: fields.date('addedAt', false) ?? null };
  // Apple Music orders a playlist per storefront; the other platforms have one order.
  if (platform === 'APPLE_MUSIC') placement.country = fields.country('country', { allowGlobal: false });
  else if (fields.isGiven('country')) fields.fail('country', `is for Apple Music placements only (${platform ?? 'this platform'} has one order for all countries)`);
  return placement;
}

function chartRecord(fields: RecordFields): AnalyticsRecord | undefined {
  fields.only(['kind', 'platform', 'country', 'type', 'frequency', 'genre', 'city', 'date', 'entries']);
  const platform = fields.oneOf('platform', CHART_PLATFORMS);
  const country = fields.country('country');
  const type = fields.oneOf('type', ['STREAMS', 'VIRAL', 'TOP', 'SHAZAMS', 'DISCOVERY'] as const, false);
  const frequency = fields.oneOf('frequency', ['DAILY', 'WEEKLY'] as const, false);
  const genre = fields.text('genre', { max: COLUMN_LIMITS.genreOrCity });
  const city = fields.text('city', { max: COLUMN_LIMITS.genreOrCity });
  const date = fields.date('date');
  const entries = fields.list('entries', { required: true, min: 1 })?.map((entry) => entryOf(entry, platform));
  if (!platform || !country) return undefined;
  // The analytics API's own check: what the platform's charts can be, its only type and default genre filled in.
  const name = fields.check(() => parseChartName({ platform, country, type, frequency, genre, city }));
  if (!name) return undefined;
  if (name.genre && name.city) fields.fail('city', 'cannot go with a genre: a chart has a genre or a city, not both');
  const weekly = platform === 'SPOTIFY' && name.frequency === 'WEEKLY' && date ? weeklyDateProblem(new Date(`${date}T00:00:00Z`)) : null;
  if (weekly) fields.fail('date', `is not a Thursday: ${weekly}`);
  const seen = new Map<number, number>();
  entries?.forEach((entry, i) => {
    const earlier = seen.get(entry.position);
    if (earlier !== undefined) fields.fail(`entries[${i}].position`, `${entry.position} is also the position of entries[${earlier}]`);
    seen.set(entry.position, i);
  });
  return { kind: 'chart', edition: { ...name, date: date!, entries: entries ?? [] } };
}

function entryOf(fields: RecordFields, platform: ChartPlatform | undefined): ChartEntryInput {
  fields.only(['position', 'isrc', 'externalId', 'trackName', 'artists', 'streams', 'previousPosition']);
  const entry: ChartEntryInput = {
    position: fields.int('position', { required: true })!,
    isrc: fields.isrc('isrc', false) ?? null,
    externalId: platform ? (fields.custom('externalId', false, (text, argument) => trackId(platform, text, argument)) ?? null) : null,
    trackName: fields.text('trackName') ?? '',
    artistNames: fields.text('artists') ?? '',
    streams: fields.count('streams') ?? null,
    statedPrevious: fields.int('previousPosition') ?? null,
  };
  if (!fields.isGiven('isrc') && !fields.isGiven('externalId')) fields.report('needs its isrc, its externalId, or both');
  return entry;
}

function trackId(platform: ChartPlatform, text: string, argument: string): string {
  const id = TRACK_IDS[platform].pattern.exec(text.trim())?.[1];
  if (!id) throw new Error(`${argument} "${text}" is not ${TRACK_IDS[platform].expected}`);
  return id;
}

function httpUrl(text: string, argument: string): string {
  const url = text.trim();
  if (!/^https?:\/\/[^/\s]/.test(url) || !URL.canParse(url)) throw new Error(`${argument} "${text}" is not an http(s) URL`);
  if (url.length > COLUMN_LIMITS.url) throw new Error(`${argument} is longer than ${COLUMN_LIMITS.url} characters`);
  return url;
}
