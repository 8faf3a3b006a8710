import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { rowIdOrNull } from '../catalog/catalogArgs.ts';
import { enrichmentViews, externalIdViews } from '../catalog/externalIds.ts';
import { trackRef } from '../loaders.ts';
import type { LibraryAlbumResolvers } from '../__generated__/resolvers-types.ts';
import type { Context } from '../context.ts';

/** Distinct recording ISRCs of an album's tracks (the file's, else the one enrichment found), in disc and track order. */
async function albumIsrcs(loaders: Context['loaders'], albumId: number): Promise<string[]> {
  return [...new Set((await loaders.libraryTracksByAlbum.load(albumId)).flatMap((track) => (track.recordingIsrc ? [track.recordingIsrc] : [])))];
}

/** A library album's artist, tracks (disc, then track order), external IDs and canonical recordings. */
export const LibraryAlbum: LibraryAlbumResolvers = {
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const id = rowIdOrNull(ref.id);
    return id === null ? null : loaders.albumById.load(id);
  },
  artist: async (row, _args, { loaders }) => (await loaders.artistById.load(row.artistId))!,
  externalIds: async (row, _args, { loaders }) => externalIdViews(await loaders.externalIds.ALBUM.load(row.id), 'ALBUM'),
  enrichment: async (row, _args, { loaders }) => enrichmentViews(await loaders.externalIds.ALBUM.load(row.id)),
  tracks: (row, _args, { loaders }) => loaders.libraryTracksByAlbum.load(row.id),
  canonicalTracks: async (row, _args, { loaders }) => (await albumIsrcs(loaders, row.id)).map(trackRef),
  canonicalIsrcs: (row, _args, { loaders }) => albumIsrcs(loaders, row.id),
};
