import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { LibraryTrack } from './LibraryTrack.ts';
import { Query } from './Query.ts';
import { Track } from './Track.ts';

/** All resolvers of the library subgraph. */
export const resolvers: Resolvers = { Query, LibraryTrack, Track };
