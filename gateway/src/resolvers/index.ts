import { DateTimeScalar, JsonScalar } from '../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';

/** All resolvers of the gateway's own subgraph. */
export const resolvers: Resolvers = { DateTime: DateTimeScalar, JSON: JsonScalar, Query, Mutation };
