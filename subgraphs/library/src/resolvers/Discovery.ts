import { parseFirst } from '../../../../lib/pagination.ts';
import type { ChartNeighbourFeedResolvers, QueryResolvers } from '../__generated__/resolvers-types.ts';
import { chartNeighbourSeeds } from '../discovery/chartNeighbourSeeds.ts';
import { discoveryPool, similarArtists } from '../discovery/discovery.ts';
import { requestProfile } from '../profiles/requestProfile.ts';

const PAGE = { defaultSize: 50, maxSize: 200 };

/** Discovery for a profile, computed at each request (see docs/library-discovery.md). */
export const discoveryQueries: Pick<QueryResolvers, 'discoveryPool' | 'similarArtists' | 'chartNeighbours'> = {
  discoveryPool: async (_root, { profile, first, newReleasesOnly }, context) => {
    const size = parseFirst(first, PAGE);
    const row = await requestProfile(context, profile);
    return discoveryPool(context.prisma, row.accountId, row.id, size, newReleasesOnly ?? false);
  },
  similarArtists: async (_root, { profile, first }, context) => {
    const size = parseFirst(first, PAGE);
    const row = await requestProfile(context, profile);
    return similarArtists(context.prisma, row.accountId, row.id, size);
  },
  chartNeighbours: async (_root, { profile, first }, context) => {
    const size = parseFirst(first, PAGE);
    const row = await requestProfile(context, profile);
    return chartNeighbourSeeds(context.prisma, row.accountId, row.id, size);
  },
};

/** The feed the analytics subgraph completes with what charted next to the seeds (federation `@requires`). */
export const ChartNeighbourFeed: ChartNeighbourFeedResolvers = {
  // Only ever returned by `chartNeighbours`; the gateway never asks the library for one by key.
  __resolveReference: () => null,
};
