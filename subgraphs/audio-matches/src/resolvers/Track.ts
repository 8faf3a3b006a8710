import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { decodeIntCursor, parseFirst } from '../../../../lib/pagination.ts';
import type { TrackResolvers } from '../__generated__/resolvers-types.ts';

/** The links subgraph's Track, extended with the matches found for it. */
export const Track: TrackResolvers = {
  // A representation comes from the gateway, not from a user: any id is taken
  // as is, and one no match refers to simply has none.
  __resolveReference: (ref) => {
    if (typeof ref.id !== 'string') throw new TypeError(`Track representation needs a string id, got ${JSON.stringify(ref.id)}`);
    return { id: ref.id };
  },
  matches: (track, { first, after }, { loaders, caller }) => {
    requireCaller(caller, 'matches');
    return loaders.matchPages.load({ trackId: track.id, first: parseFirst(first), after: decodeIntCursor(after, 'after') });
  },
};
