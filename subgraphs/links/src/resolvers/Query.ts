import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import { linkStatusEntries } from '../discovery/linkStatusEntries.ts';
import { findTrack } from '../lookup/findTrack.ts';
import { findTracks } from '../lookup/findTracks.ts';
import type { Track } from '../../../../prisma/links/generated/client.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/**
 * Lookups of the links subgraph: one recording by any selector, or up to 100
 * by ISRC, id or platform id. `tracks` is a read, not a batch job: one invalid entry fails
 * the whole query (see lookup/findTracks.ts).
 */
export const Query: QueryResolvers = {
  track: (_root, args, { loaders, discovery }) => findTrack(args, loaders, discovery),
  // An Error entry (a platform that could not be asked) is answered null, with the error at its index: graphql-js completes list items so.
  tracks: (_root, args, { loaders, discovery }) => findTracks(args, loaders, discovery) as Promise<(Track | null)[]>,
  // A read of what is recorded, with or without a catalog track; it never asks a platform.
  linkStatus: async (_root, { isrc, sources }, { loaders, services }) => {
    const key = parseIsrc(isrc, 'isrc');
    const [track, statuses] = await Promise.all([loaders.trackByIsrc.load(key), loaders.linkStatusByIsrc.load(key)]);
    const links = track ? await loaders.linksByTrackId.load(track.id) : [];
    return linkStatusEntries(links, statuses, services.uncheckedReasons, sources);
  },
  discoveryPlatforms: (_root, _args, { services }) =>
    services.platforms.map(({ platform, enabled, reason, batchSize }) => ({ source: platform, enabled, reason, batchSize })),
};
