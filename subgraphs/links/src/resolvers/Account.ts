import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { accountBalance } from '../credits/accounts.ts';

/** `Query.account`: the calling account's balance (0 for an account not created yet). UNAUTHENTICATED without a key. */
export const account: NonNullable<QueryResolvers['account']> = async (_root, _args, { prisma, caller }) => {
  const { accountId } = requireCaller(caller);
  return { id: accountId, credits: await accountBalance(prisma, accountId) };
};
