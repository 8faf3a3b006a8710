import { Prisma, type Track } from '../../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from '../db.ts';
import { prepareQuery } from './score.ts';
import { CANDIDATE_POOL, rankRows, RESOLVE_MATCH_THRESHOLD, validateSearch, type SearchHit } from './searchTracks.ts';

/** One artist-and-title pair to match. */
export interface MatchRequest {
  artist?: string | null;
  title: string;
}

/**
 * {@link findBestMatch} for a whole batch in one SQL statement: each pair gets
 * its own candidate pool (a LATERAL subquery on the trigram indexes), then is
 * ranked like a search. Results in input order, null where nothing scored at
 * least {@link RESOLVE_MATCH_THRESHOLD}.
 * @throws BadUserInputError naming `items[i].artist` / `items[i].title` for blank or too long text
 */
export async function findBestMatches(prisma: LinksPrisma, requests: MatchRequest[]): Promise<(SearchHit | null)[]> {
  if (!requests.length) return [];
  const queries = requests.map(({ artist, title }, i) => prepareQuery(validateSearch({ artist, title, limit: 1 }, `items[${i}].`).terms));
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
  return queries.map((query, i) => {
    const [best] = rankRows(query, byItem[i]!, 1);
    return best && best.score >= RESOLVE_MATCH_THRESHOLD ? best : null;
  });
}
