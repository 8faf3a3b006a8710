import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { trackRef } from '../loaders.ts';
import type { TrackResolvers } from '../__generated__/resolvers-types.ts';

/** The library's view of a canonical recording: the caller's library tracks with its ISRC. */
export const Track: TrackResolvers = {
  // Every recording resolves here, with no library tracks when the caller's library lacks it.
  __resolveReference: (ref) => trackRef(normalizeIsrc(String(ref.isrc))),
  libraryTracks: (ref, _args, { loaders, caller }) => {
    requireCaller(caller, 'library');
    return loaders.libraryTracksByIsrc.load(ref.isrc);
  },
};
