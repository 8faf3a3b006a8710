import type { LibraryItemResolvers } from '../__generated__/resolvers-types.ts';

/** Which library type a `LibraryItem` row is: tracks carry their album's title, artists a name, albums neither. */
export const LibraryItem: LibraryItemResolvers = {
  __resolveType: (row) => ('albumTitle' in row ? 'LibraryTrack' : 'name' in row ? 'LibraryArtist' : 'LibraryAlbum'),
};
