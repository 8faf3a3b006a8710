import DataLoader from 'dataloader';
import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { AnalyticsConfig } from './config.ts';
import type { AnalyticsPrisma } from './db.ts';
import { loadStreamSeries, seriesCacheKey, type SeriesKey } from './streamSeries.ts';
import type { DailyCountRow } from './streams.ts';

/** A Track as this subgraph knows it: only its (normalized) ISRC, from a representation. */
export interface TrackRef {
  isrc: string;
}

/**
 * The per-request DataLoaders of the analytics subgraph. Created for every
 * request (never shared); the cross-request cache is `deps.cache`.
 */
export function createLoaders(deps: BaseDeps<AnalyticsPrisma>, config: AnalyticsConfig) {
  const source = { ...deps, cacheTtlSeconds: config.cacheTtlSeconds };
  // Keys are objects: cacheKeyFn makes two fields asking for the same series share one load.
  const spotifyStreams = new DataLoader<SeriesKey, DailyCountRow[], string>((keys) => loadStreamSeries(source, keys), {
    cacheKeyFn: seriesCacheKey,
  });
  return { spotifyStreams };
}

export type Loaders = ReturnType<typeof createLoaders>;
