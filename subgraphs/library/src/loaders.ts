import DataLoader from 'dataloader';
import { requireCaller } from '../../../lib/auth/Caller.ts';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { groupByKeys, indexByKeys } from '../../../lib/loaderUtils.ts';
import type { Connection } from '../../../lib/pagination.ts';
import type { LibraryItemType } from './__generated__/resolvers-types.ts';
import { findAlbumsByArtists, findAlbumsByIds, type LibraryAlbumRow } from './catalog/albumQueries.ts';
import { countArtistItems, findArtistsByIds, type LibraryArtistRow } from './catalog/artistQueries.ts';
import { findExternalIds } from './catalog/browseQueries.ts';
import type { ExternalIdRow } from './catalog/externalIds.ts';
import type { LibraryPrisma } from './db.ts';
import { findIsrcsByArtists, findLibraryTracksByAlbums, findLibraryTracksByIds, findLibraryTracksByIsrcs, type LibraryTrackRow } from './libraryTrackQueries.ts';

export type { LibraryAlbumRow } from './catalog/albumQueries.ts';
export type { LibraryArtistRow } from './catalog/artistQueries.ts';
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
/** A page of library artists as `Query.libraryArtists` returns it. */
export type LibraryArtistConnectionRow = Connection<LibraryArtistRow>;
/** A page of library albums as `Query.libraryAlbums` returns it. */
export type LibraryAlbumConnectionRow = Connection<LibraryAlbumRow>;

/**
 * The per-request DataLoaders of the library subgraph. Created for every
 * request (never shared), so one caller's cache can't answer another's; every
 * batch is one statement filtered on the caller's account. The account is read
 * when a batch runs: an anonymous request (or one without the `library` scope)
 * fails there, before any SQL.
 */
export function createLoaders(prisma: LibraryPrisma, caller: Caller | null) {
  const account = () => requireCaller(caller, 'library').accountId;
  const libraryTrackById = new DataLoader<number, LibraryTrackRow | null>(async (ids) =>
    indexByKeys(ids, await findLibraryTracksByIds(prisma, account(), ids), (row) => row.id),
  );
  const libraryTracksByIsrc = new DataLoader<string, LibraryTrackRow[]>(async (isrcs) => {
    const rows = await findLibraryTracksByIsrcs(prisma, account(), isrcs);
    // Prime the id loader so a later lookup of the same track costs nothing.
    for (const row of rows) libraryTrackById.prime(row.id, row);
    return groupByKeys(isrcs, rows, (row) => row.recordingIsrc ?? '');
  });
  const libraryTracksByAlbum = new DataLoader<number, LibraryTrackRow[]>(async (albumIds) => {
    const rows = await findLibraryTracksByAlbums(prisma, account(), albumIds);
    for (const row of rows) libraryTrackById.prime(row.id, row);
    return groupByKeys(albumIds, rows, (row) => row.albumId);
  });
  const artistById = new DataLoader<number, LibraryArtistRow | null>(async (ids) =>
    indexByKeys(ids, await findArtistsByIds(prisma, account(), ids), (row) => row.id),
  );
  const albumById = new DataLoader<number, LibraryAlbumRow | null>(async (ids) =>
    indexByKeys(ids, await findAlbumsByIds(prisma, account(), ids), (row) => row.id),
  );
  const albumsByArtist = new DataLoader<number, LibraryAlbumRow[]>(async (artistIds) => {
    const rows = await findAlbumsByArtists(prisma, account(), artistIds);
    for (const row of rows) albumById.prime(row.id, row);
    return groupByKeys(artistIds, rows, (row) => row.artistId);
  });
  const artistCounts = new DataLoader<number, { albums: number; tracks: number }>(async (ids) =>
    indexByKeys(ids, await countArtistItems(prisma, account(), ids), (row) => row.id).map((row) => row ?? { albums: 0, tracks: 0 }),
  );
  const isrcsByArtist = new DataLoader<number, string[]>(async (artistIds) =>
    groupByKeys(artistIds, await findIsrcsByArtists(prisma, account(), artistIds), (row) => row.artistId).map((rows) => rows.map((row) => row.isrc)),
  );
  const externalIds = (type: LibraryItemType) =>
    new DataLoader<number, ExternalIdRow[]>(async (ids) => groupByKeys(ids, await findExternalIds(prisma, account(), type, ids), (row) => row.ownerId));
  return {
    libraryTrackById,
    libraryTracksByIsrc,
    libraryTracksByAlbum,
    artistById,
    albumById,
    albumsByArtist,
    artistCounts,
    isrcsByArtist,
    externalIds: { ARTIST: externalIds('ARTIST'), ALBUM: externalIds('ALBUM'), TRACK: externalIds('TRACK') } satisfies Record<LibraryItemType, DataLoader<number, ExternalIdRow[]>>,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
