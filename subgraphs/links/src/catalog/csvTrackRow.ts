import { isKnownAgencyPrefix, isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { readMojibake } from '../../../../lib/text/mojibake.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import { parsePlatformId } from '../lookup/platformIds.ts';
import type { CatalogColumns } from './csvColumns.ts';
import type { CsvRow } from './csvRows.ts';
import { readReleaseDate } from './releaseDates.ts';

/**
 * The values one CSV row gives a recording. A field is undefined when its
 * column is absent or its cell blank: the import then keeps what is stored.
 */
export interface CatalogRowValues {
  isrc: string;
  title: string;
  artists: { name: string; isPrimary: boolean; isRemixer: boolean }[];
  releaseTitle?: string;
  releaseDate?: Date;
  durationSeconds?: number;
  links: { platform: Platform; externalId: string }[];
}

/** What a row's text needed: repaired double-encoded UTF-8, or refused/dropped garbled text. */
export interface RowNotes {
  /** Values left out (line, column, value and why), the row kept. */
  warnings: string[];
  /** Mojibake found in the row, repaired or not (a row refused for it says so in its reason too). */
  mojibake: string[];
  /** The ISRC's agency prefix is not in the bundled IFPI list (accepted, counted). */
  unknownPrefix: boolean;
}

/** A row read from the file: usable values (with notes), or why it is skipped. */
export type CatalogRow =
  | ({ line: number; ok: true; values: CatalogRowValues } & RowNotes)
  | ({ line: number; ok: false; reason: string } & RowNotes);

/**
 * Validates one data row against the header. Every problem of the row is
 * reported together, so one pass over the file finds them all. Required
 * fields (isrc, title, artist) that fail refuse the row; optional ones that
 * fail are left out with a warning naming the column and the value.
 * Mojibake: double-encoded UTF-8 is repaired; garbled text (U+FFFD, "ýýý")
 * refuses the row in a title or artist (its names would match every other
 * garbled name) and is left out of an album.
 */
export function parseCatalogRow(row: CsvRow, header: CatalogColumns): CatalogRow {
  const { line, fields } = row;
  const notes: RowNotes = { warnings: [], mojibake: [], unknownPrefix: false };
  if (fields.length !== header.width) {
    return { line, ok: false, reason: `has ${fields.length} fields, the header has ${header.width}`, ...notes };
  }
  const problems: string[] = [];
  const drop = (name: string, raw: string, why: string) => notes.warnings.push(`${name} "${raw}" ${why}; not stored`);
  let garbledBecause = '';
  /** The cell's text with mojibake repaired, or null when it is garbled (noted, why in `garbledBecause`). */
  const text = (name: string, cell: string): string | null => {
    const reading = readMojibake(cell);
    if (reading.kind === 'clean') return cell;
    if (reading.kind === 'repaired') {
      notes.mojibake.push(`${name} "${cell}" repaired to "${reading.text}"`);
      return reading.text;
    }
    notes.mojibake.push(`${name} "${cell}" ${reading.reason}`);
    garbledBecause = reading.reason;
    return null;
  };
  const values: CatalogRowValues = { isrc: '', title: '', artists: [], links: [] };
  for (const { index, header: name, field } of header.columns) {
    const raw = fields[index] ?? '';
    const cell = raw.trim();
    if (typeof field === 'object') {
      if (cell === '') continue;
      try {
        values.links.push({ platform: field.platform, externalId: parsePlatformId(field.platform, cell, name) });
      } catch (error) {
        drop(name, raw, `is not a ${field.platform} id (${(error as Error).message.replace(/^.*?: /, '').replace(/\.$/, '')})`);
      }
      continue;
    }
    switch (field) {
      case 'isrc': {
        values.isrc = normalizeIsrc(cell);
        const problem = cell === '' ? 'is blank' : isrcProblem(values.isrc);
        if (problem) problems.push(`${name} "${raw}" ${problem}`);
        else notes.unknownPrefix = !isKnownAgencyPrefix(values.isrc);
        break;
      }
      case 'title': {
        const title = text(name, cell);
        if (cell === '') problems.push(`${name} is blank`);
        else if (title === null) problems.push(`${name} "${cell}" is garbled text: it ${garbledBecause}`);
        else values.title = title;
        break;
      }
      case 'artist': {
        const artists = text(name, cell);
        if (artists === null) problems.push(`${name} "${cell}" is garbled text: it ${garbledBecause}`);
        else values.artists = splitArtists(artists);
        if (cell === '') problems.push(`${name} is blank`);
        break;
      }
      case 'album': {
        if (cell === '') break;
        const album = text(name, cell);
        if (album === null) drop(name, raw, 'is garbled text');
        else values.releaseTitle = album;
        break;
      }
      case 'releaseDate': {
        if (cell === '') break;
        const reading = readReleaseDate(cell);
        if (reading.kind === 'day') values.releaseDate = reading.date;
        // Storing "1997" as 1997-01-01 would invent a day; such dates are left out instead.
        else if (reading.kind === 'partial') drop(name, raw, `gives a ${reading.precision} only, not a day`);
        else drop(name, raw, reading.reason);
        break;
      }
      case 'durationMs': {
        if (cell === '') break;
        const ms = Number(cell);
        if (!/^\d+(\.\d+)?$/.test(cell) || !Number.isFinite(ms) || ms > 2_147_483_647_000) drop(name, raw, 'is not a number of milliseconds');
        else values.durationSeconds = Math.round(ms / 1000);
        break;
      }
    }
  }
  return problems.length ? { line, ok: false, reason: problems.join('; '), ...notes } : { line, ok: true, values, ...notes };
}

/**
 * `"Daft Punk; Pharrell Williams"`: artists are separated by semicolons (a
 * comma belongs to names such as "Earth, Wind & Fire"); the first is the
 * primary artist, repeats are dropped.
 */
export function splitArtists(cell: string): CatalogRowValues['artists'] {
  const names = [...new Set(cell.split(';').map((name) => name.trim()).filter(Boolean))];
  return names.map((name, position) => ({ name, isPrimary: position === 0, isRemixer: false }));
}
