import { decodeIntCursor, parseFirst } from '../../../../lib/pagination.ts';
import type { MutationResolvers, QueryResolvers, WishlistItemResolvers } from '../__generated__/resolvers-types.ts';
import { parseEntryId } from '../profiles/profileInput.ts';
import { requestProfile } from '../profiles/requestProfile.ts';
import { checkBatch } from '../watchlist/watchlistInput.ts';
import { addToWishlist, MAX_WISHLIST_BATCH, parseWishlistTrack, removeFromWishlist, wishlistPage } from '../wishlist/wishlistStore.ts';
import type { Platform } from '../__generated__/resolvers-types.ts';
import { selectsField } from '../../../../lib/graphql/selectsField.ts';

/** A wanted track; the links subgraph adds its canonical `track`. */
export const WishlistItem: WishlistItemResolvers = {
  // Reached only through `wishlist` / `addToWishlist`; the links subgraph receives its `isrc`, `source` and `externalId` from there.
  __resolveReference: () => null,
  id: (row) => String(row.id),
  isrc: (row) => row.isrc?.trim() ?? null,
  source: (row) => row.source as Platform | null,
  addedAt: (row) => row.createdAt,
};

/** `wishlist`, for the request's profile. */
export const wishlistQueries: Pick<QueryResolvers, 'wishlist'> = {
  wishlist: async (_root, { profile, first, after }, context, info) => {
    const size = parseFirst(first, { defaultSize: 50, maxSize: 200 });
    const afterId = decodeIntCursor(after);
    const row = await requestProfile(context, profile);
    return wishlistPage(context.prisma, row.id, size, afterId, selectsField(info, 'totalCount'));
  },
};

/** Wishlist writes, for the request's profile: sizes checked first, then each item, then the profile. */
export const wishlistMutations: Pick<MutationResolvers, 'addToWishlist' | 'removeFromWishlist'> = {
  addToWishlist: async (_root, { profile, tracks }, context) => {
    checkBatch(tracks.length, 'tracks', MAX_WISHLIST_BATCH);
    const items = tracks.map(parseWishlistTrack);
    const row = await requestProfile(context, profile);
    return addToWishlist(context.prisma, row.id, items);
  },
  removeFromWishlist: async (_root, { profile, ids }, context) => {
    checkBatch(ids.length, 'ids', MAX_WISHLIST_BATCH);
    const entries = ids.map((id, i) => parseEntryId(id, `ids[${i}]`));
    const row = await requestProfile(context, profile);
    return { removed: await removeFromWishlist(context.prisma, row.id, entries) };
  },
};
