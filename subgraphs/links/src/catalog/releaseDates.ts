/** A release date cell read: a day to store, a year or month that is recognised but not stored, or nothing usable. */
export type ReleaseDateReading =
  | { kind: 'day'; date: Date }
  | { kind: 'partial'; precision: 'year' | 'month' }
  | { kind: 'invalid'; reason: string };

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const YEAR_FIRST_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DAY_FIRST = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4})$/;
const YEAR = /^\d{4}$/;
const YEAR_MONTH = /^(\d{4})[-/](\d{1,2})$/;

/**
 * Reads a release date as exports write it. The rule for the ambiguous forms:
 * - `2024-04-26`, `2024/04/26` (and an ISO timestamp, whose date part is kept): year, month, day;
 * - `4/26/2024` with slashes: month first (US, as Spotify-style and US spreadsheet exports
 *   write it), unless the first number is over 12 (`26/4/2024` can only be day first);
 * - `26.04.2024` or `26-04-2024` with dots or dashes: day first (European);
 * - `2024` and `2024-04`: recognised, not stored (a day would be invented);
 * - two-digit years and impossible days (`2023-02-30`) are not dates.
 */
export function readReleaseDate(text: string): ReleaseDateReading {
  let match: RegExpExecArray | null;
  if ((match = ISO.exec(text)) || (match = YEAR_FIRST_SLASH.exec(text))) return day(+match[1]!, +match[2]!, +match[3]!);
  if ((match = SLASH.exec(text))) {
    const [first, second] = [+match[1]!, +match[2]!];
    return first > 12 ? day(+match[3]!, second, first) : day(+match[3]!, first, second);
  }
  if ((match = DAY_FIRST.exec(text))) return day(+match[3]!, +match[2]!, +match[1]!);
  if (YEAR.test(text)) return { kind: 'partial', precision: 'year' };
  if ((match = YEAR_MONTH.exec(text)) && +match[2]! >= 1 && +match[2]! <= 12) return { kind: 'partial', precision: 'month' };
  return { kind: 'invalid', reason: 'is not a date (expected e.g. 2024-04-26, 4/26/2024, 26.04.2024 or 2024)' };
}

/** A real calendar day as UTC midnight; Date would roll 2023-02-30 over to March, so the parts are checked back. */
function day(year: number, month: number, dayOfMonth: number): ReleaseDateReading {
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) {
    return { kind: 'invalid', reason: 'is not a calendar day' };
  }
  return { kind: 'day', date };
}
