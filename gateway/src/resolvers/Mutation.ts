import { requireCaller } from '../../../lib/auth/Caller.ts';
import type { MutationResolvers } from '../__generated__/resolvers-types.ts';

/** Account of a bootstrap key when none is named. */
const BOOTSTRAP_ACCOUNT = 'admin';

/** Key management (admin scope) and the first key's bootstrap (no key needed, only while none exists). */
export const Mutation: MutationResolvers = {
  createApiKey: async (_root, { input }, { services, caller }) => {
    requireCaller(caller, 'admin');
    const { key, record } = await services.keys.create(input);
    return { key, apiKey: record };
  },
  revokeApiKey: (_root, { id }, { services, caller }) => {
    requireCaller(caller, 'admin');
    return services.keys.revoke(id);
  },
  bootstrapApiKey: async (_root, { label, accountId }, { services }) => {
    const { key, record } = await services.keys.bootstrap(label, accountId ?? BOOTSTRAP_ACCOUNT);
    return { key, apiKey: record };
  },
};
