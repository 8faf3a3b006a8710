import { BadUserInputError } from '../../../lib/errors.ts';

/** Longest `search` accepted, in characters. */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Validates a `search` argument: trimmed, null when absent or blank,
 * BAD_USER_INPUT naming the argument when too long or not storable text.
 */
export function parseSearch(raw: string | null | undefined, argument = 'search'): string | null {
  if (raw == null) return null;
  const search = raw.trim();
  const length = [...search].length;
  if (length > MAX_SEARCH_LENGTH) {
    throw new BadUserInputError(`\`${argument}\` must be at most ${MAX_SEARCH_LENGTH} characters, got ${length}.`, argument, undefined, { max: MAX_SEARCH_LENGTH });
  }
  // Postgres text cannot hold NUL; say so rather than fail in the database.
  if (search.includes('\u0000')) throw new BadUserInputError(`\`${argument}\` must not contain NUL characters.`, argument);
  return search === '' ? null : search;
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
