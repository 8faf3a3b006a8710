import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportSource } from './importLibrary.ts';
import { cleanInt, cleanIsrc, cleanList, cleanMbid, cleanText, completeItem, type LibraryItem } from './libraryItem.ts';
import type { ScanProblem } from './scanFolder.ts';

/** Items read from a media server export, and the rows refused. */
export interface ExportRead {
  /** `plex`, `jellyfin`, or `export` (flat JSON/CSV). */
  server: string;
  sources: ImportSource[];
  problems: ScanProblem[];
}

type Row = Record<string, unknown>;

/** The first non-empty value among `names` (compared without case, `_` or `-`). */
function field(row: Row, ...names: string[]): unknown {
  for (const name of names) {
    const key = Object.keys(row).find((k) => k.replace(/[_-]/g, '').toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : row[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** A list from an array (of strings or Plex `{ tag }` objects) or a `;`-separated string. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return cleanList(value.map((v) => (v && typeof v === 'object' ? ((v as Row).tag ?? (v as Row).Name ?? (v as Row).name) : v)));
  return typeof value === 'string' ? cleanList(value.split(/\s*;\s*/)) : [];
}

/** Plex's `Guid: [{ id: "mbid://…" }]` and Jellyfin's `ProviderIds: { MusicBrainzTrack }`. */
function providerId(row: Row, jellyfin: string, plexScheme: string): unknown {
  const ids = field(row, 'ProviderIds');
  if (ids && typeof ids === 'object') {
    const value = field(ids as Row, jellyfin);
    if (value) return value;
  }
  const guids = field(row, 'Guid');
  if (Array.isArray(guids)) for (const g of guids) if (typeof g?.id === 'string' && g.id.startsWith(`${plexScheme}://`)) return g.id.slice(plexScheme.length + 3);
  return undefined;
}

/** Duration in ms: `durationMs`; Plex's `duration` (ms); Jellyfin's `RunTimeTicks` (100 ns); `durationSeconds`. */
function durationMs(row: Row): number | null {
  const ms = field(row, 'durationMs', 'duration');
  if (ms !== undefined) return cleanInt(ms, 1, 2_000_000_000);
  const ticks = field(row, 'RunTimeTicks');
  if (ticks !== undefined) return cleanInt(Number(ticks) / 10_000, 1, 2_000_000_000);
  const seconds = field(row, 'durationSeconds');
  return seconds !== undefined ? cleanInt(Number(seconds) * 1000, 1, 2_000_000_000) : null;
}

/**
 * One export row as a library item: the flat names (`title`, `artist`…), Plex's
 * (`grandparentTitle`, `parentTitle`, `index`, `parentIndex`, `Media[0].Part[0].file`)
 * or Jellyfin's (`Name`, `Artists`, `AlbumArtist`, `IndexNumber`, `ParentIndexNumber`,
 * `ProductionYear`, `RunTimeTicks`, `Path`, `ProviderIds`). Null without a title.
 */
export function itemFromExportRow(row: Row, server: string): LibraryItem | null {
  const title = cleanText(field(row, 'title', 'Name'));
  if (!title) return null;
  const media = (field(row, 'Media') as Row[] | undefined)?.[0];
  const part = (media?.Part as Row[] | undefined)?.[0];
  const artists = list(field(row, 'artists', 'Artists', 'artist', 'originalTitle', 'grandparentTitle'));
  return completeItem({
    title,
    artists,
    album: cleanText(field(row, 'album', 'parentTitle')),
    albumArtist: cleanText(field(row, 'albumArtist', 'grandparentTitle')),
    trackNumber: cleanInt(field(row, 'trackNumber', 'track', 'index', 'IndexNumber'), 0, 9999),
    discNumber: cleanInt(field(row, 'discNumber', 'disc', 'parentIndex', 'ParentIndexNumber'), 0, 999),
    year: cleanInt(field(row, 'year', 'ProductionYear', 'parentYear'), 1000, 2999),
    genres: list(field(row, 'genres', 'genre', 'Genres', 'Genre')),
    durationMs: durationMs(row),
    bitrate: cleanInt(field(row, 'bitrate') ?? media?.bitrate, 1, 100_000),
    isrc: cleanIsrc(field(row, 'isrc')),
    musicbrainz: {
      recordingId: cleanMbid(field(row, 'musicbrainzRecordingId', 'musicbrainzTrackId') ?? providerId(row, 'MusicBrainzTrack', 'mbid')),
      albumId: cleanMbid(field(row, 'musicbrainzAlbumId') ?? providerId(row, 'MusicBrainzAlbum', 'mbid-album')),
      artistId: cleanMbid(field(row, 'musicbrainzArtistId') ?? providerId(row, 'MusicBrainzArtist', 'mbid-artist')),
      albumArtistId: cleanMbid(field(row, 'musicbrainzAlbumArtistId') ?? providerId(row, 'MusicBrainzAlbumArtist', 'mbid-albumartist')),
    },
    format: cleanText(field(row, 'format', 'container', 'Container') ?? media?.container),
    filePath: cleanText(field(row, 'filePath', 'file', 'path') ?? part?.file),
    serverSource: server,
  });
}

/** Which server wrote the rows: Plex (`ratingKey`), Jellyfin (`Id` with `Name` or `RunTimeTicks`), else a flat export. */
function detectServer(rows: Row[]): string {
  const first = rows[0] ?? {};
  if ('ratingKey' in first) return 'plex';
  if ('Id' in first && ('Name' in first || 'RunTimeTicks' in first)) return 'jellyfin';
  return 'export';
}

/**
 * Reads a media server export (see docs/library-import.md): JSON (an array of
 * tracks, Plex's `{ MediaContainer: { Metadata: […] } }`, Jellyfin's
 * `{ Items: […] }`, or `{ items: […] }`) or CSV with a header row. Each item
 * is identified by its id (`id`, `ratingKey`, `Id`), else its file path, and
 * stored as `<server>:<id>`; an unchanged item (same fields) is skipped on the
 * next import, and items no longer in the export are marked removed.
 * @throws when the file cannot be read or is neither JSON nor CSV
 */
export async function readExport(file: string, serverOverride?: string): Promise<ExportRead> {
  const text = await readFile(file, 'utf8');
  const isJson = extname(file).toLowerCase() === '.json' || /^\s*[[{]/.test(text);
  let rows: Row[];
  let where: (i: number) => string;
  if (isJson) {
    const data = JSON.parse(text) as unknown;
    const found = Array.isArray(data) ? data : ((data as Row)?.MediaContainer as Row | undefined)?.Metadata ?? (data as Row)?.Items ?? (data as Row)?.items;
    if (!Array.isArray(found)) throw new Error('the JSON holds no list of tracks (an array, MediaContainer.Metadata, Items or items)');
    rows = found as Row[];
    where = (i) => `item ${i + 1}`;
  } else {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as Row[];
    where = (i) => `line ${i + 2}`;
  }
  const server = serverOverride ?? detectServer(rows);
  const sources: ImportSource[] = [];
  const problems: ScanProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const item = row && typeof row === 'object' ? itemFromExportRow(row, server) : null;
    const id = cleanText(row && typeof row === 'object' ? field(row, 'id', 'ratingKey', 'guid') : null) ?? item?.filePath;
    if (!item) return problems.push({ path: `${file} ${where(i)}`, reason: 'no title' });
    if (!id) return problems.push({ path: `${file} ${where(i)}`, reason: 'no id and no file path: cannot tell it from the next import' });
    const path = `${server}:${id}`;
    if (seen.has(path)) return problems.push({ path: `${file} ${where(i)}`, reason: `id "${id}" appears twice; the first is kept` });
    seen.add(path);
    const itemHash = createHash('sha256').update(JSON.stringify(item)).digest('hex');
    sources.push({ path, size: null, mtimeMs: null, itemHash, read: async () => ({ ...item, filePath: item.filePath ?? path }) });
  });
  return { server, sources, problems };
}
