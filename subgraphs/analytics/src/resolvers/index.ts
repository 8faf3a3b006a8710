import { DateScalar, LongScalar } from '../../../../lib/scalars.ts';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { ChartNeighbourFeed } from './ChartNeighbours.ts';
import { ChartEdition, ChartEntry } from './Charts.ts';
import { Playlist, PlaylistPlacement } from './Playlists.ts';
import { Query } from './Query.ts';
import { Track } from './Track.ts';

/** All resolvers of the analytics subgraph. */
export const resolvers: Resolvers = { Date: DateScalar, Long: LongScalar, Query, Track, ChartEdition, ChartEntry, Playlist, PlaylistPlacement, ChartNeighbourFeed };
