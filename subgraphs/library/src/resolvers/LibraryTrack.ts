import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { parseLibraryTrackId } from '../libraryTrackIds.ts';
import { trackRef } from '../loaders.ts';
import type { LibraryTrackResolvers } from '../__generated__/resolvers-types.ts';

/** LibraryTrack's link to the canonical recording, and the entity reference resolver. */
export const LibraryTrack: LibraryTrackResolvers = {
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const id = parseLibraryTrackId(ref.id);
    return id === null ? null : loaders.libraryTrackById.load(id);
  },
  // Only a reference: the links subgraph resolves the recording (null there when it does not know the ISRC).
  track: (row) => (row.isrc ? trackRef(row.isrc) : null),
};
