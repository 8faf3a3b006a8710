import { findColumns, readCsvRecords, REQUIRED_COLUMNS, type InputColumns } from './csvInput.ts';
import { UsageError } from './errors.ts';

/** What a search-fallback row is searched by. */
export interface SearchTerms {
  artist: string | null;
  title: string;
}

/** One data row, reduced to what the backfill sends for it. `index` counts data rows from 0 (the header is not a row). */
export type WorkRow =
  | { index: number; kind: 'isrc'; isrc: string }
  | { index: number; kind: 'search'; terms: SearchTerms }
  | { index: number; kind: 'empty' };

/** The input as the backfill plans it: the header, and one work row per data row. */
export interface InputPlan {
  header: string[];
  columns: InputColumns;
  rows: WorkRow[];
}

/** Title and artist separators, tried in order; the guide's exports write "Track — Artist". */
const SEPARATORS = [' — ', ' – ', ' - '];

/**
 * What to search a row without an ISRC by: its `artist` and `title` cells, or,
 * when the artist is missing, the title split at the first " — " (or " - ")
 * into title and artist, as the backfill guide does. Null when there is no
 * title to search.
 */
export function searchTerms(title: string, artist: string | null | undefined): SearchTerms | null {
  const t = title.trim();
  const a = artist?.trim();
  if (a) return t ? { artist: a, title: t } : null;
  for (const separator of SEPARATORS) {
    const at = t.indexOf(separator);
    if (at > 0) {
      const [head, tail] = [t.slice(0, at).trim(), t.slice(at + separator.length).trim()];
      if (head && tail) return { artist: tail, title: head };
    }
  }
  return t ? { artist: null, title: t } : null;
}

/** Streams the input once and plans every row; a missing required column or a malformed CSV is a UsageError. */
export async function planInput(path: string): Promise<InputPlan> {
  let header: string[] | null = null;
  let columns: InputColumns | null = null;
  const rows: WorkRow[] = [];
  for await (const record of readCsvRecords(path)) {
    if (!header || !columns) {
      header = record;
      columns = findColumns(record);
      continue;
    }
    const index = rows.length;
    const isrc = record[columns.isrc]?.trim() ?? '';
    if (isrc) {
      rows.push({ index, kind: 'isrc', isrc });
      continue;
    }
    const terms = searchTerms(record[columns.title] ?? '', columns.artist === null ? null : record[columns.artist]);
    rows.push(terms ? { index, kind: 'search', terms } : { index, kind: 'empty' });
  }
  if (!header || !columns) throw new UsageError(`${path} is empty: expected a header line with ${REQUIRED_COLUMNS.join(', ')}`);
  return { header, columns, rows };
}
