import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { parseIsoDate } from '../../../../lib/scalars.ts';
import type { WatchlistReleaseFeedResolvers, WatchlistReleaseResolvers, WishlistItemResolvers } from '../__generated__/resolvers-types.ts';
import { watchlistReleases, type WatchedArtistInput } from '../library/watchlistReleases.ts';
import { platformIdKey } from '../lookup/trackByPlatformId.ts';
import type { Platform } from '../../../../prisma/links/generated/enums.ts';

/** What the gateway sends for a `WatchlistReleaseFeed` (its key and the `@requires` fields). */
interface FeedRepresentation {
  id: string;
  since?: string | null;
  limit?: number;
  artists?: WatchedArtistInput[];
}

/** What the gateway sends for a `WishlistItem`. */
interface WishlistRepresentation {
  id: string;
  isrc?: string | null;
  source?: Platform | null;
  externalId?: string | null;
}

// The representations are the library's word, signed by the gateway; bounded all the same.
const MAX_ARTISTS = 1_000;
const MAX_LIMIT = 200;

/** The library's release feed, completed with the catalog's releases (federation `@requires`). */
export const WatchlistReleaseFeed: WatchlistReleaseFeedResolvers = {
  releases: async (parent, _args, { prisma, caller }) => {
    requireCaller(caller, 'library');
    const feed = parent as unknown as FeedRepresentation;
    const since = feed.since ? parseIsoDate(feed.since, 'since') : null;
    const limit = Math.min(Math.max(feed.limit ?? 50, 1), MAX_LIMIT);
    return watchlistReleases(prisma, (feed.artists ?? []).slice(0, MAX_ARTISTS), since, limit);
  },
};

/** One release of the feed. */
export const WatchlistRelease: WatchlistReleaseResolvers = {
  kind: (row) => row.kind,
  tracks: async (row, _args, { loaders }) => {
    const tracks = await Promise.all(row.trackIds.map((id) => loaders.trackById.load(id)));
    return tracks.filter((track) => track !== null);
  },
};

/** A wishlist item's canonical recording: by ISRC, else by its platform id (catalog only, no platform asked). */
export const WishlistItem: WishlistItemResolvers = {
  track: (parent, _args, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const item = parent as unknown as WishlistRepresentation;
    if (item.isrc) return loaders.trackByIsrc.load(normalizeIsrc(item.isrc));
    if (item.source && item.externalId) return loaders.trackByPlatformId.load(platformIdKey(item.source, item.externalId));
    return null;
  },
};
