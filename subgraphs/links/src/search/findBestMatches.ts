import { Prisma, type Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';
import { prepareQuery } from './score.ts';
import { resolveThreshold } from './matchThreshold.ts';
import { bestMatchOf, CANDIDATE_POOL, rankRows, validateSearch, type BestMatch } from './searchTracks.ts';

/** One artist-and-title pair to match, with the recording's length when known. */
export interface MatchRequest {
  artist?: string | null;
  title: string;
  durationMs?: number | null;
}

/** Hits ranked per item before the answer is read: enough to see every recording a tie could involve. */
const RANKED = 10;

/**
 * {@link findBestMatch} for a whole batch in one SQL statement: each pair gets
 * its own candidate pool (a LATERAL subquery on the trigram indexes), then is
 * ranked like a search. Results in input order: MATCHED or AMBIGUOUS (see
 * {@link bestMatchOf}) at `threshold` (default: the configured one), null where nothing came close.
 * @throws BadUserInputError naming `items[i].artist` / `items[i].title` / `items[i].durationMs` for bad input
 */
export async function findBestMatches(prisma: LinksPrisma, requests: MatchRequest[], threshold = resolveThreshold()): Promise<(BestMatch | null)[]> {
  if (!requests.length) return [];
  const queries = requests.map(({ artist, title, durationMs }, i) => prepareQuery(validateSearch({ artist, title, durationMs, limit: 1 }, `items[${i}].`).terms));
  // '' matches nothing under `%`, so a pair without an artist is matched on its title alone.
  const titles = queries.map((q) => q.sql.title ?? '');
  const artists = queries.map((q) => q.sql.artists ?? '');
  const rows = await prisma.$queryRaw<(Track & { item: bigint | number })[]>`
    SELECT q.item, t.*
    FROM unnest(${titles}::text[], ${artists}::text[]) WITH ORDINALITY AS q(title, artists, item)
    CROSS JOIN LATERAL (
      SELECT * FROM "Track"
      WHERE "searchTitle" % q.title OR "searchArtists" % q.artists
      ORDER BY 0.6 * similarity("searchTitle", q.title) + 0.4 * similarity("searchArtists", q.artists) DESC, "popularity" DESC NULLS LAST, "id"
      LIMIT ${CANDIDATE_POOL}
    ) t`;
  const byItem = queries.map(() => [] as Track[]);
  for (const { item, ...track } of rows) byItem[Number(item) - 1]?.push(track as Track);
  return queries.map((query, i) => bestMatchOf(rankRows(query, byItem[i]!, RANKED), threshold));
}
