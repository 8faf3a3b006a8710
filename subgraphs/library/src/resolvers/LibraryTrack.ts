import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { rowIdOrNull } from '../catalog/catalogArgs.ts';
import { enrichmentViews, externalIdViews } from '../catalog/externalIds.ts';
import { trackRef } from '../loaders.ts';
import type { LibraryTrackResolvers } from '../__generated__/resolvers-types.ts';

/** LibraryTrack's artist, album, external IDs, link to the canonical recording, and the entity reference resolver. */
export const LibraryTrack: LibraryTrackResolvers = {
  // Another account's track, like an unknown one, resolves to null.
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const id = rowIdOrNull(ref.id);
    return id === null ? null : loaders.libraryTrackById.load(id);
  },
  artist: async (row, _args, { loaders }) => (await loaders.artistById.load(row.artistId))!,
  album: async (row, _args, { loaders }) => (await loaders.albumById.load(row.albumId))!,
  externalIds: async (row, _args, { loaders }) => externalIdViews(await loaders.externalIds.TRACK.load(row.id), 'TRACK'),
  enrichment: async (row, _args, { loaders }) => enrichmentViews(await loaders.externalIds.TRACK.load(row.id)),
  // Only a reference: the links subgraph resolves the recording (null there when it does not know the ISRC).
  // A file without an ISRC is tied by the one enrichment's safe search match found.
  track: (row) => (row.recordingIsrc ? trackRef(row.recordingIsrc) : null),
};
