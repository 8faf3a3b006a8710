import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { parseDateRange } from '../streams.ts';
import type { TrackResolvers } from '../__generated__/resolvers-types.ts';

/** The Track entity: any ISRC the gateway refers to, with its stream series (for callers with an API key). */
export const Track: TrackResolvers = {
  __resolveReference: (ref) => ({ isrc: normalizeIsrc(ref.isrc) }),
  spotifyStreams: (track, args, { loaders, caller }) => {
    requireCaller(caller);
    const range = parseDateRange(args);
    // A representation comes from another subgraph, not the caller: an invalid ISRC simply has no data.
    if (isrcProblem(track.isrc)) return [];
    return loaders.spotifyStreams.load({ isrc: track.isrc, ...range });
  },
};
