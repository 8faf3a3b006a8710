import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { ChartNeighbourFeedResolvers } from '../__generated__/resolvers-types.ts';
import { neighbourArtists, neighbourTracks, type NeighbourSeeds } from '../discovery/chartNeighbours.ts';

/** What the gateway sends for a `ChartNeighbourFeed` (its key and the `@requires` fields). */
interface FeedRepresentation {
  id: string;
  limit?: unknown;
  seedArtists?: unknown;
  seedIsrcs?: unknown;
}

// The representation is the library's word, signed by the gateway; bounded all the same.
const MAX_LIMIT = 200;
const MAX_ARTISTS = 1_000;
const MAX_ISRCS = 200;
const MAX_NAME_LENGTH = 200;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function seedsOf(feed: FeedRepresentation): NeighbourSeeds {
  const limit = typeof feed.limit === 'number' && Number.isInteger(feed.limit) ? Math.min(Math.max(feed.limit, 1), MAX_LIMIT) : 50;
  return {
    limit,
    artists: strings(feed.seedArtists).filter((name) => name.trim() && name.length <= MAX_NAME_LENGTH).slice(0, MAX_ARTISTS),
    isrcs: strings(feed.seedIsrcs).map((isrc) => isrc.trim().toUpperCase()).filter((isrc) => /^[A-Z0-9]{12}$/.test(isrc)).slice(0, MAX_ISRCS),
  };
}

/** The library's co-occurrence feed, completed from stored charts and playlists (federation `@requires`). */
export const ChartNeighbourFeed: ChartNeighbourFeedResolvers = {
  tracks: (parent, _args, { prisma, caller }) => {
    requireCaller(caller, 'library');
    return neighbourTracks(prisma, seedsOf(parent as unknown as FeedRepresentation));
  },
  artists: (parent, _args, { prisma, caller }) => {
    requireCaller(caller, 'library');
    return neighbourArtists(prisma, seedsOf(parent as unknown as FeedRepresentation));
  },
};
