import DataLoader from 'dataloader';
import { groupByKeys, indexByKeys } from '../../../lib/loaderUtils.ts';
import type { Connection } from '../../../lib/pagination.ts';
import type { LibraryPrisma } from './db.ts';
import { findLibraryTracksByIds, findLibraryTracksByIsrcs, type LibraryTrackRow } from './libraryTrackQueries.ts';

export type { LibraryTrackRow } from './libraryTrackQueries.ts';

/** A canonical recording as this subgraph knows it: a federation reference by ISRC (the links subgraph owns the rest). */
export interface TrackRef {
  __typename: 'Track';
  /** Normalized ISRC. */
  isrc: string;
}

/** The reference to the canonical recording with this (normalized) ISRC. */
export function trackRef(isrc: string): TrackRef {
  return { __typename: 'Track', isrc };
}

/** A page of library tracks as `Query.libraryTracks` returns it. */
export type LibraryTrackConnectionRow = Connection<LibraryTrackRow>;

/**
 * The per-request DataLoaders of the library subgraph. Created for every
 * request (never shared), so one caller's cache can't answer another's.
 */
export function createLoaders(prisma: LibraryPrisma) {
  const libraryTrackById = new DataLoader<number, LibraryTrackRow | null>(async (ids) =>
    indexByKeys(ids, await findLibraryTracksByIds(prisma, ids), (row) => row.id),
  );
  const libraryTracksByIsrc = new DataLoader<string, LibraryTrackRow[]>(async (isrcs) => {
    const rows = await findLibraryTracksByIsrcs(prisma, isrcs);
    // Prime the id loader so a later lookup of the same track costs nothing.
    for (const row of rows) libraryTrackById.prime(row.id, row);
    return groupByKeys(isrcs, rows, (row) => row.isrc ?? '');
  });
  return { libraryTrackById, libraryTracksByIsrc };
}

export type Loaders = ReturnType<typeof createLoaders>;
