import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { selectsField } from '../../../../lib/graphql/selectsField.ts';
import { trackIdForIsrc } from '../../../links/src/trackId.ts';
import type { TrackResolvers } from '../__generated__/resolvers-types.ts';
import { parseMatchPageArgs } from '../matchPageArgs.ts';

/** The links subgraph's Track, extended with the caller's matches found for it. */
export const Track: TrackResolvers = {
  // A representation comes from the gateway, not from a user: any id is taken
  // as is, and one no match refers to simply has none.
  __resolveReference: (ref) => {
    if (typeof ref.id !== 'string') throw new TypeError(`Track representation needs a string id, got ${JSON.stringify(ref.id)}`);
    return { id: ref.id };
  },
  matches: (track, args, { loaders, caller }, info) => {
    requireCaller(caller, 'matches');
    // A match's `recording` is known here by ISRC only, and the gateway asks its
    // `matches` here directly: links gives a track the id derived from its ISRC.
    const trackId = track.id ?? trackIdForIsrc(track.isrc ?? '');
    return loaders.matchPages.load(parseMatchPageArgs(args, trackId, selectsField(info, 'totalCount')));
  },
};
