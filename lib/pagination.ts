import { BadUserInputError } from './errors.ts';

/** Page-size bounds for one connection field. */
export interface PageSizeOptions {
  /** Used when `first` is omitted. @default 20 */
  defaultSize?: number;
  /** Largest `first` accepted. @default 100 */
  maxSize?: number;
}

/** Validates `first`: an integer from 1 to `maxSize`, else BAD_USER_INPUT naming the argument. */
export function parseFirst(first: number | null | undefined, options: PageSizeOptions = {}, argument = 'first'): number {
  const { defaultSize = 20, maxSize = 100 } = options;
  if (first == null) return defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > maxSize) {
    throw new BadUserInputError(`\`${argument}\` must be between 1 and ${maxSize}, got ${first}.`, argument, first, { max: maxSize });
  }
  return first;
}

// Cursors are opaque to clients; the version tag lets the format change later.
const CURSOR_PREFIX = 'v1:';

/** Encodes a row's sort key as an opaque cursor. */
export function encodeCursor(key: string | number): string {
  return Buffer.from(CURSOR_PREFIX + String(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; null when absent; BAD_USER_INPUT when it is not ours. */
export function decodeCursor(cursor: string | null | undefined, argument = 'after'): string | null {
  if (cursor == null) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX) || text.length === CURSOR_PREFIX.length) {
    throw new BadUserInputError(`\`${argument}\` is not a cursor this API issued: "${cursor}".`, argument, cursor);
  }
  return text.slice(CURSOR_PREFIX.length);
}

// Integer ids are Postgres `integer`s (SERIAL): a key outside cannot name a row and would overflow the query parameter.
const MAX_INT_ID = 2_147_483_647;

/** Decodes a cursor whose key is an integer id (0 to 2^31 - 1); BAD_USER_INPUT naming the argument otherwise. */
export function decodeIntCursor(cursor: string | null | undefined, argument = 'after'): number | null {
  const key = decodeCursor(cursor, argument);
  if (key === null) return null;
  const id = Number(key);
  if (!Number.isInteger(id) || id < 0 || id > MAX_INT_ID) throw new BadUserInputError(`\`${argument}\` is not a cursor this API issued: "${cursor}".`, argument, cursor);
  return id;
}

/** A Relay connection as resolvers return it. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/**
 * Builds a connection from one page fetched with `first + 1` rows (the extra
 * row only tells whether there is a next page).
 */
export function toConnection<T>(rows: T[], first: number, totalCount: number, keyOf: (row: T) => string | number, hasPrevious: boolean): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
