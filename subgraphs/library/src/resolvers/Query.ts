import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { parseFirst, toConnection } from '../../../../lib/pagination.ts';
import { decodeLibraryTrackCursor } from '../libraryTrackIds.ts';
import { countLibraryTracks, findLibraryTrackPage } from '../libraryTrackQueries.ts';
import { parseSearch } from '../librarySearch.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/** Root queries of the library subgraph. */
export const Query: QueryResolvers = {
  libraryTracks: async (_root, { search, first, after }, { prisma, loaders, caller }) => {
    requireCaller(caller, 'library');
    const size = parseFirst(first);
    const afterId = decodeLibraryTrackCursor(after);
    const term = parseSearch(search);
    const [rows, totalCount] = await Promise.all([
      findLibraryTrackPage(prisma, { search: term, afterId, limit: size + 1 }),
      countLibraryTracks(prisma, term),
    ]);
    for (const row of rows) loaders.libraryTrackById.prime(row.id, row);
    return toConnection(rows, size, totalCount, (row) => row.id, afterId !== null);
  },
};
