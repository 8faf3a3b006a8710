import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { NotFoundError } from '../../../../lib/errors.ts';
import { selectsField } from '../../../../lib/graphql/selectsField.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { requireMatchId } from '../matchId.ts';
import { parseMatchPageArgs } from '../matchPageArgs.ts';
import { loadMatchList } from '../matchPages.ts';

/** The caller's matches from the top. */
export const Query: QueryResolvers = {
  trackMatches: (_root, args, { prisma, caller }, info) => {
    const { accountId } = requireCaller(caller, 'matches');
    return loadMatchList(prisma, accountId, parseMatchPageArgs(args, null, selectsField(info, 'totalCount')));
  },
  trackMatch: async (_root, { id }, { loaders, caller }) => {
    requireCaller(caller, 'matches');
    const match = await loaders.matchById.load(requireMatchId(id));
    // Another account's match is "not found" too: its existence is not revealed.
    if (!match) throw new NotFoundError(`No track match with id "${id}".`, { id });
    return match;
  },
};
