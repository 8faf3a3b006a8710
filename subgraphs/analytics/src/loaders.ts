import DataLoader from 'dataloader';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import { chartFieldCacheKey, loadCurrentPositions, loadHistory, loadPeaks, type ChartFieldKey } from './charts/chartQueries.ts';
import type { AnalyticsConfig } from './config.ts';
import type { AnalyticsPrisma } from './db.ts';
import { followersCacheKey, loadFollowers, type FollowersKey } from './playlists/playlists.ts';
import { loadPlacementPages, placementPageCacheKey, type PlacementPageKey } from './playlists/placements.ts';
import type { AnalyticsServices } from './services.ts';
import { loadStreamSeries, seriesCacheKey, type SeriesKey } from './streamSeries.ts';
import type { DailyCountRow } from './streams.ts';
import { loadLatestTotals } from './totals.ts';
import { createEntityLoader } from './usage/entityLoader.ts';

/** A Track as this subgraph knows it: only its (normalized) ISRC, from a representation. */
export interface TrackRef {
  isrc: string;
}

/**
 * The per-request DataLoaders of the analytics subgraph. Created for every
 * request (never shared); the cross-request cache is `deps.cache`. Each
 * batches what one tick asks for into a constant number of statements.
 */
export function createLoaders(deps: BaseDeps<AnalyticsPrisma, AnalyticsServices>, config: AnalyticsConfig, caller: Caller | null) {
  const { prisma } = deps;
  const source = { ...deps, cacheTtlSeconds: config.cacheTtlSeconds };
  // Keys are objects: cacheKeyFn makes two fields asking for the same thing share one load.
  const series = new DataLoader<SeriesKey, DailyCountRow[], string>((keys) => loadStreamSeries(source, keys), { cacheKeyFn: seriesCacheKey });
  return {
    series,
    spotifyStreamTotal: new DataLoader((isrcs: readonly string[]) => loadLatestTotals(prisma, 'spotifyStreams', isrcs)),
    shazamTotal: new DataLoader((isrcs: readonly string[]) => loadLatestTotals(prisma, 'shazams', isrcs)),
    chartPositions: new DataLoader((keys: readonly ChartFieldKey[]) => loadCurrentPositions(prisma, keys), { cacheKeyFn: chartFieldCacheKey }),
    chartPeaks: new DataLoader((keys: readonly ChartFieldKey[]) => loadPeaks(prisma, keys), { cacheKeyFn: chartFieldCacheKey }),
    chartHistory: new DataLoader((keys: readonly ChartFieldKey[]) => loadHistory(prisma, keys), { cacheKeyFn: chartFieldCacheKey }),
    placements: new DataLoader((keys: readonly PlacementPageKey[]) => loadPlacementPages(prisma, keys), { cacheKeyFn: placementPageCacheKey }),
    followers: new DataLoader((keys: readonly FollowersKey[]) => loadFollowers(prisma, keys), { cacheKeyFn: followersCacheKey }),
    /** Counts an entity against the caller's monthly quota before anything of it is read. */
    entities: createEntityLoader(prisma, deps.services.usage, caller),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
