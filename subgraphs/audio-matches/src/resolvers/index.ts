import { DateScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Track } from './Track.ts';
import { TrackMatch } from './TrackMatch.ts';

/** All resolvers of the audio-matches subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, Track, TrackMatch };
