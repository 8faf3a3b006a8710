import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';
import { parsePlatformId } from '../lookup/platformIds.ts';
import type { CatalogColumns } from './csvColumns.ts';
import type { CsvRow } from './csvRows.ts';

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

/** A row read from the file: usable values (with warnings), or why it is skipped. */
export type CatalogRow =
  | { line: number; ok: true; values: CatalogRowValues; warnings: string[] }
  | { line: number; ok: false; reason: string };

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^\d{4}(-\d{2})?$/;

/**
 * Validates one data row against the header. Every problem of the row is
 * reported together, so one pass over the file finds them all.
 */
export function parseCatalogRow(row: CsvRow, header: CatalogColumns): CatalogRow {
  const { line, fields } = row;
  if (fields.length !== header.width) {
    return { line, ok: false, reason: `has ${fields.length} fields, the header has ${header.width}` };
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const values: CatalogRowValues = { isrc: '', title: '', artists: [], links: [] };
  for (const { index, header: name, field } of header.columns) {
    const raw = fields[index] ?? '';
    const cell = raw.trim();
    if (typeof field === 'object') {
      if (cell === '') continue;
      try {
        values.links.push({ platform: field.platform, externalId: parsePlatformId(field.platform, cell, name) });
      } catch (error) {
        problems.push((error as Error).message.replace(/\.$/, ''));
      }
      continue;
    }
    switch (field) {
      case 'isrc': {
        values.isrc = normalizeIsrc(cell);
        const problem = cell === '' ? 'is blank' : isrcProblem(values.isrc);
        if (problem) problems.push(`${name} "${raw}" ${problem}`);
        break;
      }
      case 'title':
        values.title = cell;
        if (cell === '') problems.push(`${name} is blank`);
        break;
      case 'artist':
        values.artists = splitArtists(cell);
        if (values.artists.length === 0) problems.push(`${name} is blank`);
        break;
      case 'album':
        if (cell !== '') values.releaseTitle = cell;
        break;
      case 'releaseDate': {
        if (cell === '') break;
        const date = parseFullDate(cell);
        if (date) values.releaseDate = date;
        // Storing "1997" as 1997-01-01 would invent a day; such dates are left out instead.
        else if (PARTIAL_DATE.test(cell)) warnings.push(`${name} "${cell}" is not a full YYYY-MM-DD date; not stored`);
        else problems.push(`${name} "${raw}" is not a date (expected YYYY-MM-DD)`);
        break;
      }
      case 'durationMs': {
        if (cell === '') break;
        const ms = Number(cell);
        if (!/^\d+(\.\d+)?$/.test(cell) || !Number.isFinite(ms)) problems.push(`${name} "${raw}" is not a number of milliseconds`);
        else values.durationSeconds = Math.round(ms / 1000);
        break;
      }
    }
  }
  return problems.length ? { line, ok: false, reason: problems.join('; ') } : { line, ok: true, values, warnings };
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

/** A real calendar day as a UTC midnight Date, or null. */
function parseFullDate(text: string): Date | null {
  const match = FULL_DATE.exec(text);
  if (!match) return null;
  const date = new Date(`${text}T00:00:00Z`);
  // Date rolls 2023-02-30 over to March; a round trip catches it.
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}
