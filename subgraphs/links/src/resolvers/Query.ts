import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseIsrc } from '../../../../lib/isrc/isrc.ts';
import { parseTrackId } from '../trackId.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/** Root queries of the links subgraph. */
export const Query: QueryResolvers = {
  track: (_root, { isrc, id }, { loaders }) => {
    const given = [isrc != null && 'isrc', id != null && 'id'].filter(Boolean);
    if (given.length !== 1) {
      throw new BadUserInputError(`Pass exactly one of \`isrc\` or \`id\` to \`track\` (got ${given.length ? given.join(' and ') : 'none'}).`, given.join(',') || 'isrc');
    }
    if (isrc != null) return loaders.trackByIsrc.load(parseIsrc(isrc, 'isrc'));
    return loaders.trackById.load(parseTrackId(id!, 'id'));
  },
};
