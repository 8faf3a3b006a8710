import { DateScalar, LongScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Track } from './Track.ts';

/** All resolvers of the analytics subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, Long: LongScalar, Track };
