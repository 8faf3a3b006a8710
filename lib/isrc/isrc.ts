import { BadUserInputError } from '../errors.ts';
import { ISRC_AGENCY_PREFIXES } from './agencyPrefixes.ts';

/** CC-XXX-YY-NNNNN: agency prefix, registrant (alphanumeric), year, designation. */
const ISRC_SHAPE = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

/**
 * Puts an ISRC as people write it into its canonical 12-character form:
 * upper case, without hyphens, spaces, dots and a leading "ISRC" label.
 * Returns the canonical string whether or not it is valid.
 */
export function normalizeIsrc(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s\-._\u2010-\u2015]/g, '')
    .replace(/^ISRC:?/, '');
}

/** Why an ISRC is not valid, or null when it is. Expects a normalized value. */
export function isrcProblem(isrc: string): string | null {
  if (isrc.length !== 12) return `must have 12 characters after normalization, got ${isrc.length}`;
  if (!ISRC_SHAPE.test(isrc)) return 'must be 2 letters, 3 letters or digits, then 7 digits (CC-XXX-YY-NNNNN)';
  if (!ISRC_AGENCY_PREFIXES.has(isrc.slice(0, 2))) return `prefix "${isrc.slice(0, 2)}" is not an allocated ISRC agency code`;
  return null;
}

/**
 * Normalizes and validates an ISRC argument.
 * @param argument the argument path reported in the error (`isrc`, `isrcs[2]`)
 * @throws BadUserInputError naming the argument and the value as sent
 */
export function parseIsrc(raw: string, argument = 'isrc'): string {
  const isrc = normalizeIsrc(raw);
  const problem = isrcProblem(isrc);
  if (problem) throw new BadUserInputError(`Invalid ISRC "${raw}" in \`${argument}\`: ${problem}.`, argument, raw);
  return isrc;
}
