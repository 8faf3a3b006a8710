import { groupByKeys } from '../../../lib/loaderUtils.ts';
import { toConnection, type Connection } from '../../../lib/pagination.ts';
import type { TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import type { AudioMatchesPrisma } from './db.ts';

/** One `Track.matches` page to load: the track and its already validated arguments. */
export interface MatchPageKey {
  trackId: string;
  /** Page size, 1 to 100. */
  first: number;
  /** Id of the last match of the previous page; null for the first page. */
  after: number | null;
}

/** DataLoader cache key of a {@link MatchPageKey}: equal arguments share one load. */
export function matchPageCacheKey({ trackId, first, after }: MatchPageKey): string {
  return JSON.stringify([trackId, first, after]);
}

/** A raw row of the ranked query: the TrackMatch columns plus its rank within its track. */
type RankedRow = TrackMatch & { rn: bigint };

/**
 * The first `first + 1` matches after `after` of every track, in one
 * statement: a window function ranks each track's rows, so the page size
 * applies per track rather than to the whole result.
 */
async function firstMatchesPerTrack(prisma: AudioMatchesPrisma, trackIds: string[], first: number, after: number | null): Promise<TrackMatch[]> {
  // Ids are SERIAL (from 1), so "after 0" is the first page. The table name is
  // unqualified on purpose: on a server the subgraph's schema is the search_path.
  const rows = await prisma.$queryRaw<RankedRow[]>`
    SELECT * FROM (
      SELECT *, ROW_NUMBER() OVER (PARTITION BY "trackId" ORDER BY id) AS rn
      FROM "TrackMatch"
      WHERE "trackId" = ANY(${trackIds}) AND id > ${after ?? 0}
    ) ranked
    WHERE rn <= ${first + 1}
    ORDER BY "trackId", id`;
  // Raw columns carry the Prisma field names already; only the rank is extra.
  return rows.map(({ rn: _rank, ...match }) => match);
}

/** How many matches each track has, in one statement. */
async function countMatchesPerTrack(prisma: AudioMatchesPrisma, trackIds: string[]): Promise<Map<string, number>> {
  const counts = await prisma.trackMatch.groupBy({ by: ['trackId'], where: { trackId: { in: trackIds } }, _count: { _all: true } });
  return new Map(counts.map((row) => [row.trackId, row._count._all]));
}

/**
 * DataLoader batch function for match pages: one ranked query per distinct
 * (`first`, `after`) and one count for all tracks, so the statement count does
 * not grow with the number of tracks. One connection per key, in key order.
 */
export async function loadMatchPages(prisma: AudioMatchesPrisma, keys: readonly MatchPageKey[]): Promise<Connection<TrackMatch>[]> {
  // Tracks asked for the same page arguments share one query.
  const pages = new Map<string, { first: number; after: number | null; trackIds: string[] }>();
  for (const { trackId, first, after } of keys) {
    const page = pages.get(pageArgsKey(first, after)) ?? { first, after, trackIds: [] };
    if (!page.trackIds.includes(trackId)) page.trackIds.push(trackId);
    pages.set(pageArgsKey(first, after), page);
  }
  const [counts, ...pageRows] = await Promise.all([
    countMatchesPerTrack(prisma, [...new Set(keys.map((key) => key.trackId))]),
    ...[...pages.values()].map(({ first, after, trackIds }) => firstMatchesPerTrack(prisma, trackIds, first, after)),
  ]);
  // For each page arguments, each track's rows.
  const rowsByPage = new Map(
    [...pages.entries()].map(([argsKey, { trackIds }], index) => {
      const groups = groupByKeys(trackIds, pageRows[index] ?? [], (row) => row.trackId);
      return [argsKey, new Map(trackIds.map((trackId, i) => [trackId, groups[i] ?? []]))];
    }),
  );
  return keys.map(({ trackId, first, after }) => {
    const rows = rowsByPage.get(pageArgsKey(first, after))?.get(trackId) ?? [];
    return toConnection(rows, first, counts.get(trackId) ?? 0, (row) => row.id, after !== null);
  });
}

function pageArgsKey(first: number, after: number | null): string {
  return `${first}:${after ?? ''}`;
}
