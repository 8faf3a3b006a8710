import { BadUserInputError } from '../errors.ts';
import { gs1CheckDigit } from './gs1CheckDigit.ts';

/**
 * Puts an album barcode as people and platforms write it into its canonical form:
 * digits only, without spaces, dashes and a leading "UPC"/"EAN" label.
 *
 * One canonical form per product, so a filter by either spelling finds the same
 * record: a UPC-A is its EAN-13 with a leading 0, and we keep the 12-digit UPC-A
 * (the form the reference and US labels print). Leading zeros are therefore
 * dropped down to 12 digits: `0602455070951` (EAN-13) and `00602455070951` (the
 * zero-padded GTIN-14 Spotify and TIDAL return) both become `602455070951`. The
 * check digit does not change, since a leading zero adds nothing to the sum.
 * Returns the canonical string whether or not it is valid.
 */
export function normalizeUpc(raw: string): string {
  const compact = raw
    .toUpperCase()
    .replace(/^\s*(UPC|EAN)(-?1[23])?:?/, '')
    .replace(/[\s\-\u2010-\u2015]/g, '');
  return /^0\d{12,13}$/.test(compact) ? compact.replace(/^0+/, '').padStart(12, '0') : compact;
}

/** Why a normalized album barcode is not a valid UPC-A or EAN-13, or null when it is. */
export function upcProblem(upc: string): string | null {
  const stray = /\D/.exec(upc);
  if (stray) return `must contain only digits (spaces and dashes are ignored), got "${stray[0]}"`;
  if (upc.length === 8) return 'has 8 digits: that is an EAN-8 or a zero-suppressed UPC-E, not an album barcode (UPC-A has 12 digits, EAN-13 has 13)';
  // Only a GTIN-14 whose indicator digit is not 0 gets here: normalizeUpc strips leading zeros.
  if (upc.length === 14) return `has 14 digits with indicator digit ${upc[0]}: that is a GTIN-14 for a case or carton, not an album barcode (UPC-A has 12 digits, EAN-13 has 13)`;
  if (upc.length !== 12 && upc.length !== 13) return `must have 12 digits (UPC-A) or 13 (EAN-13), got ${upc.length}`;
  if (/^0+$/.test(upc)) return 'is all zeros, a placeholder rather than an assigned barcode';
  const expected = gs1CheckDigit(upc.slice(0, -1));
  const got = Number(upc.at(-1));
  if (expected !== got) return `GS1 check digit must be ${expected}, got ${got}`;
  return null;
}

/**
 * Normalizes and validates an album barcode argument (UPC-A or EAN-13).
 * @param argument the argument path reported in the error (`albumUpc`, `filter.albumUpc`)
 * @throws BadUserInputError naming the argument and the value as sent
 */
export function parseUpc(raw: string, argument = 'albumUpc'): string {
  const upc = normalizeUpc(raw);
  const problem = upcProblem(upc);
  if (problem) throw new BadUserInputError(`Invalid UPC/EAN "${raw}" in \`${argument}\`: ${problem}.`, argument, raw);
  return upc;
}
