import { decodeIntCursor, parseFirst } from '../../../../lib/pagination.ts';
import { formatIsoDate } from '../../../../lib/scalars.ts';
import type { MutationResolvers, QueryResolvers, WatchlistArtistResolvers, WatchlistReleaseFeedResolvers } from '../__generated__/resolvers-types.ts';
import { parseEntryId } from '../profiles/profileInput.ts';
import { requestProfile } from '../profiles/requestProfile.ts';
import { checkBatch, filterColumns, parseWatchlistArtist } from '../watchlist/watchlistInput.ts';
import { addToWatchlist, removeFromWatchlist, updateWatchlistFilters, watchlistOf, watchlistPage, type WatchlistReleaseFeedRow } from '../watchlist/watchlistStore.ts';
import type { Context } from '../context.ts';
import { selectsField } from '../../../../lib/graphql/selectsField.ts';

const PAGE = { defaultSize: 50, maxSize: 200 };

/** A watched artist. */
export const WatchlistArtist: WatchlistArtistResolvers = {
  // Watchlist entries are only reached through their profile's fields; a bare reference names nothing.
  __resolveReference: () => null,
  id: (row) => String(row.id),
  filters: (row) => ({
    albums: row.includeAlbums,
    eps: row.includeEps,
    singles: row.includeSingles,
    live: row.includeLive,
    remixes: row.includeRemixes,
    acoustic: row.includeAcoustic,
    compilations: row.includeCompilations,
  }),
  addedAt: (row) => row.createdAt,
};

/** The feed the links subgraph completes with `releases` (federation `@requires`). */
export const WatchlistReleaseFeed: WatchlistReleaseFeedResolvers = {
  // Only ever returned by the root fields below; the gateway never asks the library for one by key.
  __resolveReference: () => null,
};

/** The feed of `profile`'s watched artists' releases since `since`. */
async function releaseFeed(context: Context, profile: string | null | undefined, since: string | null, first: number | null | undefined): Promise<WatchlistReleaseFeedRow> {
  const limit = parseFirst(first, PAGE);
  const row = await requestProfile(context, profile);
  const artists = await watchlistOf(context.prisma, row.id);
  return { id: `${row.id}:${since ?? ''}`, since, limit, artists };
}

/** Days `recentReleases` looks back. */
export const RECENT_DAYS = 90;

/** `watchlist`, `watchlistReleases` and `recentReleases`, for the request's profile. */
export const watchlistQueries: Pick<QueryResolvers, 'watchlist' | 'watchlistReleases' | 'recentReleases'> = {
  watchlist: async (_root, { profile, first, after }, context, info) => {
    const size = parseFirst(first, PAGE);
    const afterId = decodeIntCursor(after);
    const row = await requestProfile(context, profile);
    return watchlistPage(context.prisma, row.id, size, afterId, selectsField(info, 'totalCount'));
  },
  watchlistReleases: (_root, { profile, since, first }, context) => releaseFeed(context, profile, since ?? null, first),
  recentReleases: (_root, { profile, first }, context) => releaseFeed(context, profile, formatIsoDate(new Date(Date.now() - RECENT_DAYS * 86_400_000)), first),
};

/** Watchlist writes, for the request's profile: sizes checked first, then each item, then the profile. */
export const watchlistMutations: Pick<MutationResolvers, 'addToWatchlist' | 'updateWatchlistFilters' | 'removeFromWatchlist'> = {
  addToWatchlist: async (_root, { profile, artists }, context) => {
    // Size first: a 10,000-item list is refused before anything is read or validated.
    checkBatch(artists.length, 'artists');
    const items = artists.map(parseWatchlistArtist);
    const row = await requestProfile(context, profile);
    return addToWatchlist(context.prisma, row.id, items);
  },
  updateWatchlistFilters: async (_root, { profile, id, filters }, context) => {
    const entry = parseEntryId(id, 'id');
    const columns = filterColumns(filters);
    const row = await requestProfile(context, profile);
    return updateWatchlistFilters(context.prisma, row.id, entry, columns);
  },
  removeFromWatchlist: async (_root, { profile, ids }, context) => {
    checkBatch(ids.length, 'ids');
    const entries = ids.map((id, i) => parseEntryId(id, `ids[${i}]`));
    const row = await requestProfile(context, profile);
    return { removed: await removeFromWatchlist(context.prisma, row.id, entries) };
  },
};
