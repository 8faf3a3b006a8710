import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { accountBalance } from '../credits/accounts.ts';

/** `Query.account`: the calling account's balance (0 for an account not created yet). */
export const account: NonNullable<QueryResolvers['account']> = async (_root, _args, { prisma, accountId }) => ({
  id: accountId,
  credits: await accountBalance(prisma, accountId),
});
