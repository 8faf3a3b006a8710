import { BadUserInputError } from '../../../../lib/errors.ts';
import { findTrackByUrl } from '../lookup/findTrack.ts';
import { searchTracks } from '../search/searchTracks.ts';

/** A `query` that is a link (or a `spotify:` URI) rather than keywords. */
const MAX_LINK = 2000;
const LINK = /^\s*(https?:\/\/|spotify:)\S+\s*$/i;
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/**
 * `Query.searchTracks`: the track of a pasted platform link, or ranked hits from {@link searchTracks}. Each hit's track
 * is primed in the request's loader, so a later lookup of it costs no query.
 */
export const searchTracksResolver: NonNullable<QueryResolvers['searchTracks']> = async (_root, args, { prisma, loaders }) => {
  // A pasted platform link is the most precise query there is: its track, or nothing.
  if (args.query != null && args.artist == null && args.title == null && LINK.test(args.query)) {
    if (args.query.length > MAX_LINK) throw new BadUserInputError(`\`query\` is a link of ${args.query.length} characters; at most ${MAX_LINK} are allowed.`, 'query', args.query);
    const track = await findTrackByUrl(args.query.trim(), loaders, 'query');
    return track ? [{ score: 1, track, ambiguous: false }] : [];
  }
  const hits = await searchTracks(prisma, args);
  for (const { track } of hits) loaders.trackById.prime(track.id, track);
  return hits;
};
