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

/**
 * Why an ISRC is not valid, or null when it is. Expects a normalized value.
 * Only the shape is checked: IFPI allocates new agency prefixes (e.g. "RD")
 * after our bundled list was taken, and real released recordings carry them,
 * so an unknown prefix is accepted here and flagged by {@link isKnownAgencyPrefix}.
 */
export function isrcProblem(isrc: string): string | null {
  if (isrc.length !== 12) return `must have 12 characters after normalization, got ${isrc.length}`;
  if (!ISRC_SHAPE.test(isrc)) return 'must be 2 letters, 3 letters or digits, then 7 digits (CC-XXX-YY-NNNNN)';
  return null;
}

/** Whether a well-formed ISRC's agency prefix is in the bundled IFPI list (imports count the others). */
export function isKnownAgencyPrefix(isrc: string): boolean {
  return ISRC_AGENCY_PREFIXES.has(isrc.slice(0, 2));
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
