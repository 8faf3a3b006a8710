import { groupByKeys } from '../../../lib/loaderUtils.ts';
import type { Connection } from '../../../lib/pagination.ts';
import { Prisma, type TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import type { TrackMatchSort } from './__generated__/resolvers-types.ts';
import type { AudioMatchesPrisma } from './db.ts';
import { matchFilterKey, matchFilterSql, type MatchFilter } from './matchFilter.ts';
import { encodeMatchCursor, matchAfterSql, matchOrderSql, type MatchCursor } from './matchSort.ts';

/** One page of matches to load: a track's (`Track.matches`) or all the account's (`trackId` null), arguments validated. */
export interface MatchPageKey {
  trackId: string | null;
  filter: MatchFilter;
  sort: TrackMatchSort;
  /** Page size, 1 to 100. */
  first: number;
  after: MatchCursor | null;
  /** Whether `totalCount` is selected: the count is a statement of its own, run only when asked. */
  count: boolean;
}

// A count nobody asked for is not run (0 in its place is never sent).
const NOT_COUNTED = 0;

/** The page arguments shared by tracks that can go in one query. */
function pageArgsKey({ filter, sort, first, after }: MatchPageKey): string {
  return JSON.stringify([matchFilterKey(filter), sort, first, after]);
}

/** DataLoader cache key of a {@link MatchPageKey}: equal arguments share one load. */
export function matchPageCacheKey(key: MatchPageKey): string {
  return `${key.trackId ?? '*'}|${key.count ? 'counted' : 'uncounted'}|${pageArgsKey(key)}`;
}

/** A connection of sorted matches, cursors carrying the sort. */
function toMatchConnection(rows: TrackMatch[], key: MatchPageKey, totalCount: number): Connection<TrackMatch> {
  const page = rows.slice(0, key.first);
  const edges = page.map((node) => ({ cursor: encodeMatchCursor(key.sort, node), node }));
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage: rows.length > key.first, hasPreviousPage: key.after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}

type RankedRow = TrackMatch & { rn: bigint };

/**
 * The first `first + 1` matches after `after` of every track, in one
 * statement: a window function ranks each track's rows in the sort's order,
 * so the page size applies per track rather than to the whole result. The
 * table name is unqualified on purpose: on a server the subgraph's schema is
 * the search_path.
 */
async function pagePerTrack(prisma: AudioMatchesPrisma, accountId: string, trackIds: string[], key: MatchPageKey): Promise<TrackMatch[]> {
  const order = matchOrderSql(key.sort);
  const rows = await prisma.$queryRaw<RankedRow[]>`
    SELECT * FROM (
      SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m."trackId" ORDER BY ${order}) AS rn
      FROM "TrackMatch" m
      WHERE ${matchFilterSql(accountId, key.filter)} AND m."trackId" = ANY(${trackIds}) AND ${matchAfterSql(key.sort, key.after)}
    ) m
    WHERE rn <= ${key.first + 1}
    ORDER BY m."trackId", rn`;
  return rows.map(({ rn: _rank, ...match }) => match);
}

/** How many of the account's matches each track has under a filter, in one statement. */
async function countPerTrack(prisma: AudioMatchesPrisma, accountId: string, trackIds: string[], filter: MatchFilter): Promise<Map<string, number>> {
  const rows = await prisma.$queryRaw<{ trackId: string; count: number }[]>`
    SELECT m."trackId", COUNT(*)::int AS count FROM "TrackMatch" m
    WHERE ${matchFilterSql(accountId, filter)} AND m."trackId" = ANY(${trackIds})
    GROUP BY m."trackId"`;
  return new Map(rows.map((row) => [row.trackId, Number(row.count)]));
}

/**
 * DataLoader batch function for `Track.matches` pages of one account: one
 * ranked query per distinct (filter, sort, first, after) and one count per
 * distinct filter among the keys that select `totalCount`, so the statement
 * count does not grow with the number of tracks. One connection per key, in key order.
 */
export async function loadMatchPages(prisma: AudioMatchesPrisma, accountId: string, keys: readonly MatchPageKey[]): Promise<Connection<TrackMatch>[]> {
  const pages = new Map<string, { key: MatchPageKey; trackIds: Set<string> }>();
  const counts = new Map<string, { filter: MatchFilter; trackIds: Set<string> }>();
  for (const key of keys) {
    if (key.trackId === null) throw new TypeError('loadMatchPages loads one track\'s pages: expected a trackId, got null');
    // Tracks asked for the same page arguments share one query, and the same filter one count.
    const page = pages.get(pageArgsKey(key)) ?? { key, trackIds: new Set<string>() };
    page.trackIds.add(key.trackId);
    pages.set(pageArgsKey(key), page);
    if (!key.count) continue;
    const count = counts.get(matchFilterKey(key.filter)) ?? { filter: key.filter, trackIds: new Set<string>() };
    count.trackIds.add(key.trackId);
    counts.set(matchFilterKey(key.filter), count);
  }
  const [pageRows, countRows] = await Promise.all([
    Promise.all([...pages.values()].map(({ key, trackIds }) => pagePerTrack(prisma, accountId, [...trackIds], key))),
    Promise.all([...counts.values()].map(({ filter, trackIds }) => countPerTrack(prisma, accountId, [...trackIds], filter))),
  ]);
  // For each page arguments, each track's rows; for each filter, each track's count.
  const rowsByPage = new Map([...pages.entries()].map(([argsKey, { trackIds }], i) => {
    const ids = [...trackIds];
    const groups = groupByKeys(ids, pageRows[i] ?? [], (row) => row.trackId);
    return [argsKey, new Map(ids.map((id, j) => [id, groups[j] ?? []]))];
  }));
  const countsByFilter = new Map([...counts.keys()].map((filterKey, i) => [filterKey, countRows[i] ?? new Map<string, number>()]));
  return keys.map((key) => {
    const rows = rowsByPage.get(pageArgsKey(key))?.get(key.trackId!) ?? [];
    return toMatchConnection(rows, key, key.count ? (countsByFilter.get(matchFilterKey(key.filter))?.get(key.trackId!) ?? 0) : NOT_COUNTED);
  });
}

/** One page of all the account's matches (`Query.trackMatches`): the page and, when `totalCount` is selected, its count. */
export async function loadMatchList(prisma: AudioMatchesPrisma, accountId: string, key: MatchPageKey): Promise<Connection<TrackMatch>> {
  const where = matchFilterSql(accountId, key.filter);
  const [rows, [count]] = await Promise.all([
    prisma.$queryRaw<TrackMatch[]>`
      SELECT m.* FROM "TrackMatch" m
      WHERE ${where} AND ${matchAfterSql(key.sort, key.after)}
      ORDER BY ${matchOrderSql(key.sort)}
      LIMIT ${key.first + 1}`,
    key.count ? prisma.$queryRaw<{ count: number }[]>`SELECT COUNT(*)::int AS count FROM "TrackMatch" m WHERE ${where}` : [{ count: NOT_COUNTED }],
  ]);
  return toMatchConnection(rows, key, Number(count?.count ?? 0));
}
