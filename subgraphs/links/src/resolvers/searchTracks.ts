import { searchTracks } from '../search/searchTracks.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/**
 * `Query.searchTracks`: ranked hits from {@link searchTracks}. Each hit's track
 * is primed in the request's loader, so a later lookup of it costs no query.
 */
export const searchTracksResolver: NonNullable<QueryResolvers['searchTracks']> = async (_root, args, { prisma, loaders }) => {
  const hits = await searchTracks(prisma, args);
  for (const { track } of hits) loaders.trackById.prime(track.id, track);
  return hits;
};
