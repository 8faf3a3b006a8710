import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { rowIdOrNull } from '../catalog/catalogArgs.ts';
import { enrichmentViews, externalIdViews } from '../catalog/externalIds.ts';
import { trackRef } from '../loaders.ts';
import type { LibraryArtistResolvers } from '../__generated__/resolvers-types.ts';

/** A library artist's albums, counts, external IDs and canonical recordings; each list one statement per request. */
export const LibraryArtist: LibraryArtistResolvers = {
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const id = rowIdOrNull(ref.id);
    return id === null ? null : loaders.artistById.load(id);
  },
  externalIds: async (row, _args, { loaders }) => externalIdViews(await loaders.externalIds.ARTIST.load(row.id), 'ARTIST'),
  enrichment: async (row, _args, { loaders }) => enrichmentViews(await loaders.externalIds.ARTIST.load(row.id)),
  albums: (row, _args, { loaders }) => loaders.albumsByArtist.load(row.id),
  albumCount: async (row, _args, { loaders }) => (await loaders.artistCounts.load(row.id)).albums,
  trackCount: async (row, _args, { loaders }) => (await loaders.artistCounts.load(row.id)).tracks,
  canonicalTracks: async (row, _args, { loaders }) => (await loaders.isrcsByArtist.load(row.id)).map(trackRef),
  canonicalIsrcs: (row, _args, { loaders }) => loaders.isrcsByArtist.load(row.id),
};
