import { BadUserInputError } from '../../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../../lib/pagination.ts';
import { Prisma, type TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import type { TrackMatchSort } from './__generated__/resolvers-types.ts';

/** The order `sort` gives when omitted: oldest first, as matches were listed before sorting existed. */
export const DEFAULT_SORT: TrackMatchSort = 'CREATED_AT_ASC';

/** A sort key value: text for titles, an ISO instant or date, null for a match without a release date. */
type SortValue = string | null;

interface SortSpec {
  /** The column, collated "C" or not text, so the order is the same on every Postgres. */
  column: Prisma.Sql;
  descending: boolean;
  nullable: boolean;
  valueOf(row: TrackMatch): SortValue;
  isValue(value: unknown): value is SortValue;
}

// Raw rows carry dates as Date objects; accept strings too in case a driver sends them as text.
const instant = (value: Date | string) => new Date(value).toISOString();
const day = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString().slice(0, 10));
const isInstant = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value));
const isDay = (value: unknown): value is SortValue => value === null || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)));

const spec = (field: 'TITLE' | 'CREATED_AT' | 'RELEASE_DATE', descending: boolean): SortSpec => {
  switch (field) {
    case 'TITLE':
      return { column: Prisma.sql`m."searchTitle"`, descending, nullable: false, valueOf: (row) => row.searchTitle, isValue: (v): v is string => typeof v === 'string' };
    case 'CREATED_AT':
      return { column: Prisma.sql`m."createdAt"`, descending, nullable: false, valueOf: (row) => instant(row.createdAt), isValue: isInstant };
    case 'RELEASE_DATE':
      return { column: Prisma.sql`m."releaseDate"`, descending, nullable: true, valueOf: (row) => day(row.releaseDate), isValue: isDay };
  }
};

const SORTS: Record<TrackMatchSort, SortSpec> = {
  TITLE_ASC: spec('TITLE', false),
  TITLE_DESC: spec('TITLE', true),
  CREATED_AT_ASC: spec('CREATED_AT', false),
  CREATED_AT_DESC: spec('CREATED_AT', true),
  RELEASE_DATE_ASC: spec('RELEASE_DATE', false),
  RELEASE_DATE_DESC: spec('RELEASE_DATE', true),
};

/** A position in a sorted list: the last row's sort value and id. */
export interface MatchCursor {
  value: SortValue;
  id: number;
}

const MAX_ID = 2_147_483_647;

/** The cursor of a row under a sort: the sort's name, the row's sort value and id. */
export function encodeMatchCursor(sort: TrackMatchSort, row: TrackMatch): string {
  return encodeCursor(`${sort}:${JSON.stringify([SORTS[sort].valueOf(row), row.id])}`);
}

/** Decodes an `after` cursor of this sort; null when absent; BAD_USER_INPUT naming the argument when forged or of another sort. */
export function decodeMatchCursor(sort: TrackMatchSort, cursor: string | null | undefined, argument = 'after'): MatchCursor | null {
  const text = decodeCursor(cursor, argument);
  if (text === null) return null;
  const refuse = (why: string) => new BadUserInputError(`\`${argument}\` is not a cursor this API issued for sort ${sort}: ${why}.`, argument, cursor);
  const [name] = text.split(':', 1);
  if (name !== sort) throw refuse(SORTS[name as TrackMatchSort] ? `it belongs to sort ${name}` : 'unknown format');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(sort.length + 1));
  } catch {
    throw refuse('unknown format');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw refuse('unknown format');
  const [value, id] = parsed as unknown[];
  if (!SORTS[sort].isValue(value) || !Number.isInteger(id) || (id as number) < 1 || (id as number) > MAX_ID) throw refuse('unknown format');
  return { value, id: id as number };
}

/** ORDER BY of a sort (table alias `m`): nulls last either way, ties by id in the same direction. */
export function matchOrderSql(sort: TrackMatchSort): Prisma.Sql {
  const direction = Prisma.raw(SORTS[sort].descending ? 'DESC' : 'ASC');
  return Prisma.sql`${SORTS[sort].column} ${direction} NULLS LAST, m."id" ${direction}`;
}

/** The condition of rows after `cursor` in a sort's order; TRUE without a cursor. */
export function matchAfterSql(sort: TrackMatchSort, cursor: MatchCursor | null): Prisma.Sql {
  if (cursor === null) return Prisma.sql`TRUE`;
  const { column, descending, nullable } = SORTS[sort];
  const past = Prisma.raw(descending ? '<' : '>');
  const id = Prisma.sql`${cursor.id}::int`;
  // Past the last non-null value come the nulls (last in either direction), then nulls by id.
  if (cursor.value === null) return Prisma.sql`(${column} IS NULL AND m."id" ${past} ${id})`;
  const value = nullable ? Prisma.sql`${cursor.value}::date` : sort.startsWith('CREATED_AT') ? Prisma.sql`${cursor.value}::timestamp(3)` : Prisma.sql`${cursor.value}::text COLLATE "C"`;
  const rowWise = Prisma.sql`(${column}, m."id") ${past} (${value}, ${id})`;
  return nullable ? Prisma.sql`(${rowWise} OR ${column} IS NULL)` : rowWise;
}
