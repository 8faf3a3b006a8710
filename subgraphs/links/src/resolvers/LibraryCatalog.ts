import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { LibraryAlbumResolvers, LibraryArtistResolvers } from '../__generated__/resolvers-types.ts';

/** What the gateway sends for a library artist or album (the key and the `@requires` fields). */
interface LibraryRepresentation {
  name?: unknown;
  title?: unknown;
  upc?: unknown;
  canonicalIsrcs?: unknown;
}

// The representations are the library's word, signed by the gateway; bounded all the same.
const MAX_ISRCS = 500;
const MAX_TEXT = 1_000;

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : '');
const isrcs = (value: unknown) =>
  (Array.isArray(value) ? value : []).filter((isrc): isrc is string => typeof isrc === 'string' && /^[A-Z0-9]{12}$/.test(isrc)).slice(0, MAX_ISRCS);

/** A library artist, completed with the catalog's artist. */
export const LibraryArtist: LibraryArtistResolvers = {
  catalogArtist: (parent, _args, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const artist = parent as unknown as LibraryRepresentation;
    return loaders.catalogArtist.load({ name: text(artist.name), isrcs: isrcs(artist.canonicalIsrcs) });
  },
};

/** A library album, completed with the catalog's release. */
export const LibraryAlbum: LibraryAlbumResolvers = {
  catalogRelease: (parent, _args, { loaders, caller }) => {
    requireCaller(caller, 'library');
    const album = parent as unknown as LibraryRepresentation;
    return loaders.catalogRelease.load({ title: text(album.title), upc: typeof album.upc === 'string' ? album.upc : null, isrcs: isrcs(album.canonicalIsrcs) });
  },
};
