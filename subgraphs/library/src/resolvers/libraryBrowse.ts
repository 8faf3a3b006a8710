import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { rethrowErrors } from '../../../../lib/loaderUtils.ts';
import { libraryGenres, libraryStats, lookupId, recentlyAddedIds } from '../catalog/browseQueries.ts';
import { parseExternalId, parseLibraryFirst, parseRowId, providerOf } from '../catalog/catalogArgs.ts';
import type { Context } from '../context.ts';
import type { LibraryItemType, QueryResolvers } from '../__generated__/resolvers-types.ts';

/** One library item of a type by id, through the request's loaders (null when the caller's account has none). */
function itemById({ loaders }: Context, type: LibraryItemType, id: number) {
  if (type === 'ARTIST') return loaders.artistById.load(id);
  if (type === 'ALBUM') return loaders.albumById.load(id);
  return loaders.libraryTrackById.load(id);
}

/** Items of a type by ids, in order, the missing left out; one statement. */
async function itemsByIds({ loaders }: Context, type: LibraryItemType, ids: number[]) {
  const loader = type === 'ARTIST' ? loaders.artistById : type === 'ALBUM' ? loaders.albumById : loaders.libraryTrackById;
  return rethrowErrors(await (loader.loadMany as (keys: number[]) => Promise<unknown[]>)(ids)).filter((row) => row !== null);
}

/** Single items, lookups by external ID, genres, recent additions and counts of the caller's library. */
export const libraryBrowse: QueryResolvers = {
  libraryArtist: (_root, { id }, context) => {
    requireCaller(context.caller, 'library');
    return context.loaders.artistById.load(parseRowId(id, 'id'));
  },
  libraryAlbum: (_root, { id }, context) => {
    requireCaller(context.caller, 'library');
    return context.loaders.albumById.load(parseRowId(id, 'id'));
  },
  libraryTrack: (_root, { id }, context) => {
    requireCaller(context.caller, 'library');
    return context.loaders.libraryTrackById.load(parseRowId(id, 'id'));
  },
  libraryLookup: async (_root, { type, source, id }, context) => {
    const { accountId } = requireCaller(context.caller, 'library');
    const found = await lookupId(context.prisma, accountId, type, providerOf(source), parseExternalId(id));
    return found === null ? null : itemById(context, type, found);
  },
  libraryGenres: (_root, { source }, { prisma, caller }) => libraryGenres(prisma, requireCaller(caller, 'library').accountId, source ?? 'ARTISTS'),
  recentlyAdded: async (_root, { type, first }, context) => {
    const { accountId } = requireCaller(context.caller, 'library');
    const kind = type ?? 'ALBUM';
    const ids = await recentlyAddedIds(context.prisma, accountId, kind, parseLibraryFirst(first));
    return itemsByIds(context, kind, ids) as never;
  },
  libraryStats: (_root, _args, { prisma, caller }) => libraryStats(prisma, requireCaller(caller, 'library').accountId),
};
