import { DateScalar, DateTimeScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { account } from './Account.ts';
import { LibraryAlbum, LibraryArtist } from './LibraryCatalog.ts';
import { WatchlistRelease, WatchlistReleaseFeed, WishlistItem } from './LibraryLists.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Release } from './Release.ts';
import { searchTracksResolver } from './searchTracks.ts';
import { PlatformLink, Track } from './Track.ts';

/** All resolvers of the links subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, DateTime: DateTimeScalar, Query: { ...Query, account, searchTracks: searchTracksResolver }, Mutation, Track, PlatformLink, Release, WatchlistReleaseFeed, WatchlistRelease, WishlistItem, LibraryArtist, LibraryAlbum };
