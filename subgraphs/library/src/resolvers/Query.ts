import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { toConnection } from '../../../../lib/pagination.ts';
import { countAlbums, findAlbumPage } from '../catalog/albumQueries.ts';
import { countArtists, findArtistPage } from '../catalog/artistQueries.ts';
import { decodeRowCursor, parseLetter, parseLibraryFirst, parseRowId, parseYear } from '../catalog/catalogArgs.ts';
import { selectsField } from '../../../../lib/graphql/selectsField.ts';
import { watchedArtistCondition } from '../catalog/watchFilter.ts';
import { countLibraryTracks, findLibraryTrackPage } from '../libraryTrackQueries.ts';
import { parseSearch } from '../librarySearch.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { libraryBrowse } from './libraryBrowse.ts';

// A count nobody asked for is not run (0 in its place is never sent).
const NOT_ASKED = Promise.resolve(0);

/**
 * Root queries of the library subgraph. Every one reads the caller's account
 * only: a page is two statements (the page and, when `totalCount` is selected,
 * its count), whatever else is selected.
 */
export const Query: QueryResolvers = {
  libraryTracks: async (_root, args, { prisma, loaders, caller }, info) => {
    const { accountId } = requireCaller(caller, 'library');
    const size = parseLibraryFirst(args.first);
    const afterId = decodeRowCursor(args.after);
    const filter = { accountId, title: parseSearch(args.title, 'title'), artist: parseSearch(args.artist, 'artist'), search: parseSearch(args.search) };
    const [rows, totalCount] = await Promise.all([findLibraryTrackPage(prisma, { ...filter, afterId, limit: size + 1 }), selectsField(info, 'totalCount') ? countLibraryTracks(prisma, filter) : NOT_ASKED]);
    for (const row of rows) loaders.libraryTrackById.prime(row.id, row);
    return toConnection(rows, size, totalCount, (row) => row.id, afterId !== null);
  },

  libraryArtists: async (_root, args, context, info) => {
    const { accountId } = requireCaller(context.caller, 'library');
    const size = parseLibraryFirst(args.first);
    const afterId = decodeRowCursor(args.after);
    const search = parseSearch(args.search);
    const letter = parseLetter(args.letter);
    const watched = await watchedArtistCondition(context, accountId, args.watch, args.profile);
    const filter = { accountId, search, letter, watched };
    const [rows, totalCount] = await Promise.all([findArtistPage(context.prisma, { ...filter, afterId, limit: size + 1 }), selectsField(info, 'totalCount') ? countArtists(context.prisma, filter) : NOT_ASKED]);
    for (const row of rows) context.loaders.artistById.prime(row.id, row);
    return toConnection(rows, size, totalCount, (row) => row.id, afterId !== null);
  },

  libraryAlbums: async (_root, args, { prisma, loaders, caller }, info) => {
    const { accountId } = requireCaller(caller, 'library');
    const size = parseLibraryFirst(args.first);
    const afterId = decodeRowCursor(args.after);
    const filter = {
      accountId,
      search: parseSearch(args.search),
      artistId: args.artistId == null ? null : parseRowId(args.artistId, 'artistId'),
      year: parseYear(args.year),
      recordType: args.recordType ?? null,
    };
    const [rows, totalCount] = await Promise.all([findAlbumPage(prisma, { ...filter, afterId, limit: size + 1 }), selectsField(info, 'totalCount') ? countAlbums(prisma, filter) : NOT_ASKED]);
    for (const row of rows) loaders.albumById.prime(row.id, row);
    return toConnection(rows, size, totalCount, (row) => row.id, afterId !== null);
  },

  ...libraryBrowse,
};
