import { BadUserInputError } from '../../../../lib/errors.ts';
import { decodeIntCursor, parseFirst } from '../../../../lib/pagination.ts';
import type { LibrarySource } from '../__generated__/resolvers-types.ts';
import type { Provider } from '../../../../prisma/library/generated/client.ts';

// Row ids are Postgres `integer`s: anything outside cannot name a row and would overflow the parameter.
const MAX_ROW_ID = 2_147_483_647;

/** Library page sizes, as the reference allows: 1 to 200, 50 when `first` is omitted. */
export const LIBRARY_PAGE = { defaultSize: 50, maxSize: 200 } as const;

/** Years `libraryAlbums(year:)` accepts. */
export const YEAR_RANGE = { min: 1000, max: 9999 } as const;

/** Longest external ID `libraryLookup` accepts, in characters. */
export const MAX_EXTERNAL_ID_LENGTH = 200;

/** Validates a page size `first` of the library (1–200, default 50). */
export function parseLibraryFirst(first: number | null | undefined, argument = 'first'): number {
  return parseFirst(first, LIBRARY_PAGE, argument);
}

/** A library row id from an argument (`"512"`); BAD_USER_INPUT naming the argument when it cannot name a row. */
export function parseRowId(raw: string | number, argument: string): number {
  const id = rowIdOrNull(raw);
  if (id === null) throw new BadUserInputError(`\`${argument}\` must be a library ID (a positive integer), got "${String(raw)}".`, argument, raw);
  return id;
}

/** A library row id from an entity reference (`"512"` or `512`), or null when it cannot name a row. */
export function rowIdOrNull(raw: unknown): number | null {
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID ? id : null;
}

/** The row id a page starts after, from an `after` cursor; null when absent; BAD_USER_INPUT naming the argument when it is not ours. */
export function decodeRowCursor(after: string | null | undefined, argument = 'after'): number | null {
  const id = decodeIntCursor(after, argument);
  if (id !== null && id > MAX_ROW_ID) throw new BadUserInputError(`\`${argument}\` is not a cursor this API issued: "${after}".`, argument, after);
  return id;
}

/** `letter`: one of a–z (any case) or `#` for names that start with anything else; null when absent. */
export function parseLetter(raw: string | null | undefined, argument = 'letter'): string | null {
  if (raw == null) return null;
  if (!/^[a-zA-Z#]$/.test(raw)) throw new BadUserInputError(`\`${argument}\` must be one letter a–z, or # for names that start with anything else, got "${raw}".`, argument, raw);
  return raw.toLowerCase();
}

/** `year`: a four-digit year; null when absent. */
export function parseYear(raw: number | null | undefined, argument = 'year'): number | null {
  if (raw == null) return null;
  if (!Number.isInteger(raw) || raw < YEAR_RANGE.min || raw > YEAR_RANGE.max) {
    throw new BadUserInputError(`\`${argument}\` must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}, got ${raw}.`, argument, raw, YEAR_RANGE);
  }
  return raw;
}

/** An external ID to look up: trimmed, 1 to 200 characters, no NUL. */
export function parseExternalId(raw: string, argument = 'id'): string {
  const id = raw.trim();
  const length = [...id].length;
  if (length === 0 || length > MAX_EXTERNAL_ID_LENGTH || id.includes('\u0000')) {
    throw new BadUserInputError(`\`${argument}\` must be an external ID of 1 to ${MAX_EXTERNAL_ID_LENGTH} characters, got ${length}.`, argument, raw, { max: MAX_EXTERNAL_ID_LENGTH });
  }
  return id;
}

/** The database's provider for an API source (Apple Music is stored under the reference's name, iTunes). */
export function providerOf(source: LibrarySource): Provider {
  return source === 'APPLE_MUSIC' ? 'ITUNES' : source;
}

/** The API source for a stored provider. */
export function sourceOf(provider: Provider): LibrarySource {
  return provider === 'ITUNES' ? 'APPLE_MUSIC' : provider;
}
