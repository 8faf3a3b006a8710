import { DateScalar, DateTimeScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { Track } from './Track.ts';
import { TrackMatch } from './TrackMatch.ts';

/** All resolvers of the audio-matches subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, DateTime: DateTimeScalar, Mutation, Query, Track, TrackMatch };
