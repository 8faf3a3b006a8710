import { requireCaller } from '../../../lib/auth/Caller.ts';
import { BadUserInputError } from '../../../lib/errors.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/** The gateway subgraph's queries: the cost estimate and, for admins, the keys. */
export const Query: QueryResolvers = {
  estimateCost: (_root, { query, variables, operationName }, { services, plan }) => {
    if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
      throw new BadUserInputError('`variables` must be a JSON object of variable values.', 'variables', variables);
    }
    const { measures, limits } = services.guard.estimate(query, operationName, variables as Record<string, unknown> | null, plan);
    return { ...measures, plan: plan.name, limits, allowed: limits.every((l) => !l.exceeded) };
  },
  apiKeys: (_root, { accountId, includeRevoked }, { services, caller }) => {
    requireCaller(caller, 'admin');
    return services.keys.list({ accountId, includeRevoked });
  },
};
