import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { resolveTracks } from '../resolve/resolveTracks.ts';

/** Root mutations of the links subgraph. */
export const Mutation: MutationResolvers = {
  resolveTracks: (_root, { inputType, items }, context) => resolveTracks(context, inputType, items),
};
