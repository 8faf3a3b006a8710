import { BadUserInputError } from '../../../lib/errors.ts';
import { decodeIntCursor } from '../../../lib/pagination.ts';

// Row ids are Postgres `integer`s: anything outside cannot name a row and would overflow the parameter.
const MAX_ROW_ID = 2_147_483_647;

/** A LibraryTrack id from an entity reference (`"512"` or `512`), or null when it cannot name a row. */
export function parseLibraryTrackId(raw: unknown): number | null {
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(id) && id >= 1 && id <= MAX_ROW_ID ? id : null;
}

/** The id a page starts after, from an `after` cursor; null when absent; BAD_USER_INPUT naming the argument when it is not ours. */
export function decodeLibraryTrackCursor(after: string | null | undefined, argument = 'after'): number | null {
  const id = decodeIntCursor(after, argument);
  if (id !== null && (id < 0 || id > MAX_ROW_ID)) {
    throw new BadUserInputError(`\`${argument}\` is not a cursor this API issued: "${after}".`, argument, after);
  }
  return id;
}
