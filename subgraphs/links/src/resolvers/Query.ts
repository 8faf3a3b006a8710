import { findTrack } from '../lookup/findTrack.ts';
import { findTracks } from '../lookup/findTracks.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/**
 * Lookups of the links subgraph: one recording by any selector, or up to 100
 * by ISRC or id. `tracks` is a read, not a batch job: one invalid entry fails
 * the whole query (see lookup/findTracks.ts).
 */
export const Query: QueryResolvers = {
  track: (_root, args, { loaders }) => findTrack(args, loaders),
  tracks: (_root, args, { loaders }) => findTracks(args, loaders),
};
