import { BadUserInputError } from '../errors.ts';

/** The canonical form: prefix T, nine work digits in groups of three, the check digit. */
const ISWC_CANONICAL = /^T-(\d{3})\.(\d{3})\.(\d{3})-(\d)$/;

/**
 * The layouts people write (ISO 15707 prints `T-123.456.789-C`; registries and
 * files also use `T1234567890`, `T-123456789-0`, `T 123.456.789 0`): separators
 * (`-`, `.`, spaces) only after the T, between the groups of three work digits and
 * before the check digit, each optional. A separator inside a group is refused:
 * it usually means a digit was dropped in one group and added in another.
 */
const ISWC_LAYOUT = /^T\s*-?\s*(\d{3})\s*[.-]?\s*(\d{3})\s*[.-]?\s*(\d{3})\s*-?\s*(\d)$/;

/**
 * Puts an ISWC as people write it into its canonical form `T-123.456.789-C`:
 * upper case, trimmed, without a leading "ISWC" label. A value in none of the
 * accepted layouts comes back cleaned but otherwise as sent, so that
 * {@link iswcProblem} can say what is wrong with it.
 */
export function normalizeIswc(raw: string): string {
  const cleaned = raw
    .toUpperCase()
    .replace(/[\u2010-\u2015]/g, '-')
    .trim()
    .replace(/^ISWC:?\s*/, '')
    .replace(/\s+/g, ' ');
  const match = ISWC_LAYOUT.exec(cleaned);
  if (!match) return cleaned;
  return `T-${match[1]}.${match[2]}.${match[3]}-${match[4]}`;
}

/**
 * The ISWC check digit of nine work digits (ISO 15707): the sum starts at 1 for
 * the prefix T, each digit is weighted by its position 1..9, and the check digit
 * brings the sum up to a multiple of 10.
 */
export function iswcCheckDigit(workDigits: string): number {
  let sum = 1;
  for (let i = 0; i < 9; i++) sum += (i + 1) * (workDigits.charCodeAt(i) - 48);
  return (10 - (sum % 10)) % 10;
}

/** Why a normalized ISWC is not valid, or null when it is. */
export function iswcProblem(iswc: string): string | null {
  const match = ISWC_CANONICAL.exec(iswc);
  if (!match) return layoutProblem(iswc);
  const work = `${match[1]}${match[2]}${match[3]}`;
  if (work === '000000000') return 'work number 000.000.000 is a placeholder, not an assigned ISWC';
  const expected = iswcCheckDigit(work);
  const got = Number(match[4]);
  if (expected !== got) return `check digit must be ${expected}, got ${got}`;
  return null;
}

/** The most useful thing to say about a value in none of the accepted layouts. */
function layoutProblem(value: string): string {
  if (!value.startsWith('T')) return `must start with the letter T (T-123.456.789-C), got "${value.slice(0, 1)}"`;
  const rest = value.slice(1);
  const stray = rest.replace(/[\d.\s-]/g, '');
  if (stray) return `may contain only digits after the T (with - . or space as separators), got "${stray[0]}"`;
  const digits = rest.replace(/\D/g, '').length;
  if (digits !== 10) return `must have 10 digits after the T (9 for the work, 1 check digit), got ${digits}`;
  return 'separators may only follow the T, split the work digits in groups of three and precede the check digit (T-123.456.789-C or T1234567890)';
}

/**
 * Normalizes and validates an ISWC argument.
 * @param argument the argument path reported in the error (`iswc`, `filter.iswc`)
 * @throws BadUserInputError naming the argument and the value as sent
 */
export function parseIswc(raw: string, argument = 'iswc'): string {
  const iswc = normalizeIswc(raw);
  const problem = iswcProblem(iswc);
  if (problem) throw new BadUserInputError(`Invalid ISWC "${raw}" in \`${argument}\`: ${problem}.`, argument, raw);
  return iswc;
}
