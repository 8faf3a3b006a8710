import DataLoader from 'dataloader';
import { groupByKeys, indexByKeys } from '../../../lib/loaderUtils.ts';
import type { LinkStatus, PlatformLink, Track } from '../../../prisma/links/generated/client.ts';
import type { LinksPrisma } from './db.ts';
import { libraryAlbumCacheKey, libraryArtistCacheKey, loadCatalogArtists, loadCatalogReleases, type CatalogArtistRow, type LibraryAlbumKey, type LibraryArtistKey } from './library/canonicalCatalog.ts';
import { loadArtistsByTrackId, type TrackArtistRow } from './lookup/artistRows.ts';
import { loadReleasesByTrackId, type ReleaseRow } from './lookup/releaseRows.ts';
import { selectLinksByTrackId, selectTracksById, selectTracksByIsrc } from './lookup/trackRows.ts';
import { loadTracksByDiscogsRelease, loadTracksByPlatformId } from './lookup/trackByPlatformId.ts';

/**
 * The per-request DataLoaders of the links subgraph. Created for every request
 * (never shared), so one caller's cache can't answer another's.
 */
export function createLoaders(prisma: LinksPrisma) {
  const trackById = new DataLoader<string, Track | null>(async (ids) =>
    indexByKeys(ids, await selectTracksById(prisma, ids), (t) => t.id),
  );
  const trackByIsrc = new DataLoader<string, Track | null>(async (isrcs) => {
    const tracks = await selectTracksByIsrc(prisma, isrcs);
    // Prime the other key so a later lookup by id costs nothing.
    for (const track of tracks) trackById.prime(track.id, track);
    return indexByKeys(isrcs, tracks, (t) => t.isrc);
  });
  const linksByTrackId = new DataLoader<string, PlatformLink[]>(async (trackIds) =>
    groupByKeys(trackIds, await selectLinksByTrackId(prisma, trackIds), (l) => l.trackId),
  );
  const artistsByTrackId = new DataLoader<string, TrackArtistRow[]>((trackIds) => loadArtistsByTrackId(prisma, trackIds));
  // Reverse lookups (`PLATFORM:externalId` keys, see lookup/trackByPlatformId.ts) prime the id loader too.
  const trackByPlatformId = new DataLoader<string, Track | null>(async (keys) => {
    const tracks = await loadTracksByPlatformId(prisma, keys);
    for (const track of tracks) if (track) trackById.prime(track.id, track);
    return tracks;
  });
  const tracksByDiscogsRelease = new DataLoader<string, Track[]>((releaseIds) => loadTracksByDiscogsRelease(prisma, releaseIds));
  const releasesByTrackId = new DataLoader<string, ReleaseRow[]>((trackIds) => loadReleasesByTrackId(prisma, trackIds));
  // What discovery last heard from each platform about an ISRC (LinkStatus rows, by platform).
  const linkStatusByIsrc = new DataLoader<string, LinkStatus[]>(async (isrcs) =>
    groupByKeys(isrcs, await prisma.linkStatus.findMany({ where: { isrc: { in: [...isrcs] } }, orderBy: { platform: 'asc' } }), (s) => s.isrc),
  );
  // The catalog's artist and release of the library's artists and albums (federation @requires).
  const catalogArtist = new DataLoader<LibraryArtistKey, CatalogArtistRow | null, string>((keys) => loadCatalogArtists(prisma, keys), { cacheKeyFn: libraryArtistCacheKey });
  const catalogRelease = new DataLoader<LibraryAlbumKey, ReleaseRow | null, string>((keys) => loadCatalogReleases(prisma, keys), { cacheKeyFn: libraryAlbumCacheKey });
  return { trackById, trackByIsrc, linksByTrackId, artistsByTrackId, trackByPlatformId, tracksByDiscogsRelease, releasesByTrackId, linkStatusByIsrc, catalogArtist, catalogRelease };
}

export type Loaders = ReturnType<typeof createLoaders>;
