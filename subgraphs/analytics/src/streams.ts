import { BadUserInputError } from '../../../lib/errors.ts';
import { formatIsoDate, parseIsoDate } from '../../../lib/scalars.ts';

/** A cumulative total as recorded on one day (`YYYY-MM-DD`, UTC). */
export interface StreamPoint {
  date: string;
  total: bigint;
}

/** One DailyCount as the resolvers return it: `daily` is null when the day before is unknown. */
export interface DailyCountRow {
  date: string;
  total: bigint;
  readonly daily: bigint | null;
}

/** Inclusive bounds of a series (`YYYY-MM-DD`); null is unbounded. */
export interface DateRange {
  from: string | null;
  to: string | null;
}

// Every point of every series asks for its day before: the distinct days are few, so remember them.
const dayBeforeCache = new Map<string, string>();
const DAY_BEFORE_CACHE_SIZE = 20_000;

/** The calendar day before `date` (`YYYY-MM-DD`). */
export function dayBefore(date: string): string {
  let previous = dayBeforeCache.get(date);
  if (previous === undefined) {
    const day = parseIsoDate(date);
    day.setUTCDate(day.getUTCDate() - 1);
    previous = formatIsoDate(day);
    if (dayBeforeCache.size >= DAY_BEFORE_CACHE_SIZE) dayBeforeCache.clear();
    dayBeforeCache.set(date, previous);
  }
  return previous;
}

/** Checks the arguments of `spotifyStreams`: `from` after `to` is BAD_USER_INPUT naming `from`. */
export function parseDateRange(args: { from?: string | null; to?: string | null }): DateRange {
  const range = { from: args.from ?? null, to: args.to ?? null };
  // ISO dates with four-digit years compare correctly as strings.
  if (range.from !== null && range.to !== null && range.from > range.to) {
    throw new BadUserInputError(`\`from\` (${range.from}) must not be after \`to\` (${range.to}).`, 'from', range.from);
  }
  return range;
}

/** The first day to read for `range`: the day before `from`, whose total gives `from` its daily count. */
export function firstDayToRead(range: DateRange): string | null {
  return range.from === null ? null : dayBefore(range.from);
}

/**
 * Daily counts from cumulative totals, newest first. Each day's `daily` is its
 * total minus the total of the calendar day before, null where that day is not
 * among `points`. Points before `from` are only used as that previous day.
 * `daily` is worked out when read (a getter), so a query selecting only dates
 * and totals parses and formats no day and builds no index of the series.
 */
export function dailyCounts(points: readonly StreamPoint[], from: string | null): DailyCountRow[] {
  let totalOn: Map<string, bigint> | undefined;
  const previousTotal = (date: string) => (totalOn ??= new Map(points.map((point) => [point.date, point.total]))).get(dayBefore(date));
  return points
    .filter((point) => from === null || point.date >= from)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .map(({ date, total }) => ({
      date,
      total,
      get daily() {
        const previous = previousTotal(date);
        return previous === undefined ? null : total - previous;
      },
    }));
}
