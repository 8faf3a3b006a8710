import { DateScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Query } from './Query.ts';
import { PlatformLink, Track } from './Track.ts';

/** All resolvers of the links subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, Query, Track, PlatformLink };
