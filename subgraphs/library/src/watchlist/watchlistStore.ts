import type { WatchlistArtist } from '../../../../prisma/library/generated/client.ts';
import { BadUserInputError, NotFoundError } from '../../../../lib/errors.ts';
import { toConnection, type Connection } from '../../../../lib/pagination.ts';
import type { LibraryPrisma } from '../db.ts';
import { MAX_WATCHLIST_SIZE, type FilterColumns, type WatchlistArtistData } from './watchlistInput.ts';

export type WatchlistArtistRow = WatchlistArtist;
export type WatchlistArtistConnectionRow = Connection<WatchlistArtistRow>;

/** `WatchlistReleaseFeed` as the library resolves it; the links subgraph adds `releases`. */
export interface WatchlistReleaseFeedRow {
  id: string;
  /** `YYYY-MM-DD`, or null for every release. */
  since: string | null;
  limit: number;
  artists: WatchlistArtistRow[];
}

/** One writer at a time per profile (the size limit is counted under it). */
function lockProfile(tx: Parameters<Parameters<LibraryPrisma['$transaction']>[0]>[0], profileId: number) {
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('trackgraph:library:watchlist:' || ${profileId}::text))`;
}

/**
 * Watches artists, in one transaction. Idempotent: an artist already watched
 * (same normalized name) keeps its entry; its filters change only when given.
 * BAD_USER_INPUT naming `artists` past {@link MAX_WATCHLIST_SIZE}. In input order.
 */
export async function addToWatchlist(prisma: LibraryPrisma, profileId: number, items: WatchlistArtistData[]): Promise<WatchlistArtistRow[]> {
  const unique = [...new Map(items.map((item) => [item.nameKey, item])).values()];
  const keys = unique.map((item) => item.nameKey);
  const rows = await prisma.$transaction(async (tx) => {
    await lockProfile(tx, profileId);
    const [existing, total] = await Promise.all([
      tx.watchlistArtist.count({ where: { profileId, nameKey: { in: keys } } }),
      tx.watchlistArtist.count({ where: { profileId } }),
    ]);
    if (total + unique.length - existing > MAX_WATCHLIST_SIZE) {
      throw new BadUserInputError(`A profile watches at most ${MAX_WATCHLIST_SIZE} artists; this would make ${total + unique.length - existing}.`, 'artists', undefined, { limit: MAX_WATCHLIST_SIZE });
    }
    await tx.watchlistArtist.createMany({
      data: unique.map(({ filters, ...item }) => ({ ...item, ...filters, profileId })),
      skipDuplicates: true,
    });
    // Entries that were there already take the filters given (new ones were created with them).
    for (const item of unique) if (item.filters && Object.keys(item.filters).length) await tx.watchlistArtist.updateMany({ where: { profileId, nameKey: item.nameKey }, data: item.filters });
    return tx.watchlistArtist.findMany({ where: { profileId, nameKey: { in: keys } } });
  });
  const byKey = new Map(rows.map((row) => [row.nameKey, row]));
  return items.map((item) => byKey.get(item.nameKey)!);
}

/** Changes one entry's filters; NOT_FOUND (naming `id`) when the profile has no such entry. */
export async function updateWatchlistFilters(prisma: LibraryPrisma, profileId: number, id: number, filters: FilterColumns): Promise<WatchlistArtistRow> {
  const { count } = await prisma.watchlistArtist.updateMany({ where: { id, profileId }, data: filters });
  if (count === 0) throw new NotFoundError(`No watchlist entry ${id} in this profile.`, { argument: 'id', value: String(id) });
  return prisma.watchlistArtist.findUniqueOrThrow({ where: { id } });
}

/** Removes entries of the profile; unknown ids are ignored. Returns how many went. */
export async function removeFromWatchlist(prisma: LibraryPrisma, profileId: number, ids: number[]): Promise<number> {
  return (await prisma.watchlistArtist.deleteMany({ where: { profileId, id: { in: ids } } })).count;
}

/** One page of the profile's watchlist, oldest first; the entries are counted only when `count` (totalCount selected). */
export async function watchlistPage(prisma: LibraryPrisma, profileId: number, first: number, afterId: number | null, count = true): Promise<WatchlistArtistConnectionRow> {
  const [rows, totalCount] = await Promise.all([
    prisma.watchlistArtist.findMany({ where: { profileId, ...(afterId === null ? {} : { id: { gt: afterId } }) }, orderBy: { id: 'asc' }, take: first + 1 }),
    // 0 stands for a count nobody asked for (it is never sent).
    count ? prisma.watchlistArtist.count({ where: { profileId } }) : 0,
  ]);
  return toConnection(rows, first, totalCount, (row) => row.id, afterId !== null);
}

/** Every entry of the profile's watchlist (at most {@link MAX_WATCHLIST_SIZE}). */
export function watchlistOf(prisma: LibraryPrisma, profileId: number): Promise<WatchlistArtistRow[]> {
  return prisma.watchlistArtist.findMany({ where: { profileId }, orderBy: { id: 'asc' } });
}
