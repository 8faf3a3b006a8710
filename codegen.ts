import type { CodegenConfig } from '@graphql-codegen/cli';
import { dirname } from 'node:path';
import { COMPOSED_SUBGRAPHS } from './lib/config.ts';

const prismaModels = (name: string) => `../../../../prisma/${name}/generated/client.ts`;

/** Parent types of object fields: the rows resolvers actually return, not the GraphQL shapes. */
const MAPPERS: Record<string, Record<string, string>> = {
  links: {
    Track: `${prismaModels('links')}#Track as TrackRow`,
    TrackArtist: '../lookup/artistRows.ts#TrackArtistRow',
    PlatformLink: `${prismaModels('links')}#PlatformLink as PlatformLinkRow`,
    WatchlistRelease: '../library/watchlistReleases.ts#WatchlistReleaseRow',
    Release: '../lookup/releaseRows.ts#ReleaseRow',
    Artist: '../library/canonicalCatalog.ts#CatalogArtistRow',
  },
  analytics: {
    Track: '../loaders.ts#TrackRef',
    DailyCount: '../streams.ts#DailyCountRow',
    LatestCount: '../totals.ts#LatestCountRow',
    Chart: '../charts/chartQueries.ts#ChartRow',
    ChartPosition: '../charts/chartQueries.ts#ChartPositionRow',
    ChartPeak: '../charts/chartQueries.ts#ChartPositionRow',
    ChartHistory: '../charts/chartQueries.ts#ChartHistoryRow',
    ChartEdition: '../charts/chartEditions.ts#ChartEditionRow',
    ChartEntry: '../charts/chartEditions.ts#ChartEntryRow',
    ChartEntryConnection: '../charts/chartEditions.ts#ChartEntryConnectionRow',
    Playlist: `${prismaModels('analytics')}#Playlist as PlaylistRow`,
    PlaylistPlacement: '../playlists/placements.ts#PlacementRow',
    PlaylistPlacementConnection: '../playlists/placements.ts#PlacementConnectionRow',
    ChartNeighbourTrack: '../discovery/chartNeighbours.ts#ChartNeighbourTrackRow',
  },
  library: {
    LibraryTrack: '../loaders.ts#LibraryTrackRow',
    Track: '../loaders.ts#TrackRef',
    LibraryTrackConnection: '../loaders.ts#LibraryTrackConnectionRow',
    LibraryArtist: '../loaders.ts#LibraryArtistRow',
    LibraryArtistConnection: '../loaders.ts#LibraryArtistConnectionRow',
    LibraryAlbum: '../loaders.ts#LibraryAlbumRow',
    LibraryAlbumConnection: '../loaders.ts#LibraryAlbumConnectionRow',
    Profile: '../profiles/profileStore.ts#ProfileRow',
    DeleteProfilePayload: '../profiles/profileStore.ts#DeletedProfileRow',
    WatchlistArtist: '../watchlist/watchlistStore.ts#WatchlistArtistRow',
    WatchlistArtistConnection: '../watchlist/watchlistStore.ts#WatchlistArtistConnectionRow',
    WatchlistReleaseFeed: '../watchlist/watchlistStore.ts#WatchlistReleaseFeedRow',
    WishlistItem: '../wishlist/wishlistStore.ts#WishlistItemRow',
    WishlistItemConnection: '../wishlist/wishlistStore.ts#WishlistItemConnectionRow',
    SimilarArtist: '../discovery/discovery.ts#SimilarArtistRow',
    DiscoveryTrack: '../discovery/discovery.ts#DiscoveryTrackRow',
    ChartNeighbourFeed: '../discovery/chartNeighbourSeeds.ts#ChartNeighbourFeedRow',
  },
  gateway: {
    ApiKey: '../auth/ApiKeyStore.ts#ApiKeyRecord',
  },
  'audio-matches': {
    Track: '../loaders.ts#TrackRef',
    TrackMatch: `${prismaModels('audio-matches')}#TrackMatch as TrackMatchRow`,
    TrackMatchConnection: '../loaders.ts#TrackMatchConnectionRow',
    TrackMatchArtist: `${prismaModels('audio-matches')}#MatchArtist as MatchArtistRow`,
    TrackMatchDistributor: `${prismaModels('audio-matches')}#MatchDistributor as MatchDistributorRow`,
    TrackMatchTimeOffset: `${prismaModels('audio-matches')}#MatchTimeOffset as MatchTimeOffsetRow`,
    TrackAnalysis: `${prismaModels('audio-matches')}#TrackAnalysis as TrackAnalysisRow`,
  },
};

/** Resolver types for each subgraph (the gateway's own too), generated from its SDL beside `src/` (`npm run generate`). */
const config: CodegenConfig = {
  generates: Object.fromEntries(
    COMPOSED_SUBGRAPHS.map(({ name, sdl }) => [
      `${dirname(sdl)}/src/__generated__/resolvers-types.ts`,
      {
        schema: sdl,
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useIndexSignature: true,
          useTypeImports: true,
          contextType: name === 'gateway' ? '../context.ts#GatewayContext' : '../context.ts#Context',
          mappers: MAPPERS[name] ?? {},
          scalars: { Date: { input: 'string', output: 'Date | string' }, DateTime: { input: 'string', output: 'Date | string' }, Long: { input: 'number', output: 'number | bigint' } },
          enumsAsTypes: true,
        },
      },
    ]),
  ),
};
export default config;
