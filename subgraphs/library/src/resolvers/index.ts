import { DateScalar, DateTimeScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { LibraryAlbum } from './LibraryAlbum.ts';
import { LibraryArtist } from './LibraryArtist.ts';
import { LibraryItem } from './LibraryItem.ts';
import { LibraryTrack } from './LibraryTrack.ts';
import { ChartNeighbourFeed, discoveryQueries } from './Discovery.ts';
import { Profile, profileMutations, profileQueries } from './Profile.ts';
import { Query } from './Query.ts';
import { WatchlistArtist, WatchlistReleaseFeed, watchlistMutations, watchlistQueries } from './Watchlist.ts';
import { WishlistItem, wishlistMutations, wishlistQueries } from './Wishlist.ts';
import { Track } from './Track.ts';

/** All resolvers of the library subgraph. */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: { ...Query, ...profileQueries, ...watchlistQueries, ...wishlistQueries, ...discoveryQueries },
  Mutation: { ...profileMutations, ...watchlistMutations, ...wishlistMutations },
  Profile,
  WatchlistArtist,
  WatchlistReleaseFeed,
  ChartNeighbourFeed,
  WishlistItem,
  LibraryTrack,
  LibraryArtist,
  LibraryAlbum,
  LibraryItem,
  Track,
};
