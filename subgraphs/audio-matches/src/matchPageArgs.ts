import { parseFirst } from '../../../lib/pagination.ts';
import type { TrackMatchFilter, TrackMatchSort } from './__generated__/resolvers-types.ts';
import { parseMatchFilter } from './matchFilter.ts';
import type { MatchPageKey } from './matchPages.ts';
import { DEFAULT_SORT, decodeMatchCursor } from './matchSort.ts';

/** The arguments of `Query.trackMatches` and `Track.matches` as GraphQL gives them. */
export interface MatchPageArgs {
  filter?: TrackMatchFilter | null;
  sort?: TrackMatchSort | null;
  first?: number | null;
  after?: string | null;
}

/**
 * Validates page arguments (BAD_USER_INPUT naming the argument) into a page to load for `trackId` (null: all tracks).
 * @param count whether `totalCount` is selected @default true
 */
export function parseMatchPageArgs(args: MatchPageArgs, trackId: string | null, count = true): MatchPageKey {
  const sort = args.sort ?? DEFAULT_SORT;
  return { trackId, filter: parseMatchFilter(args.filter), sort, first: parseFirst(args.first), after: decodeMatchCursor(sort, args.after), count };
}
