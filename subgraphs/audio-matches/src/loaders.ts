import DataLoader from 'dataloader';
import { indexByKeys } from '../../../lib/loaderUtils.ts';
import type { Connection } from '../../../lib/pagination.ts';
import type { TrackMatch } from '../../../prisma/audio-matches/generated/client.ts';
import type { AudioMatchesPrisma } from './db.ts';
import { loadMatchPages, matchPageCacheKey, type MatchPageKey } from './matchPages.ts';

/** A track as this subgraph knows it: only the canonical id (the links subgraph owns the rest). */
export interface TrackRef {
  id: string;
}

/** A page of matches as `Track.matches` returns it. */
export type TrackMatchConnectionRow = Connection<TrackMatch>;

/**
 * The per-request DataLoaders of the audio-matches subgraph. Created for every
 * request (never shared), so one caller's cache can't answer another's.
 */
export function createLoaders(prisma: AudioMatchesPrisma) {
  const matchById = new DataLoader<number, TrackMatch | null>(async (ids) =>
    indexByKeys(ids, await prisma.trackMatch.findMany({ where: { id: { in: [...ids] } } }), (m) => m.id),
  );
  const matchPages = new DataLoader<MatchPageKey, TrackMatchConnectionRow, string>((keys) => loadMatchPages(prisma, keys), {
    cacheKeyFn: matchPageCacheKey,
  });
  return { matchById, matchPages };
}

export type Loaders = ReturnType<typeof createLoaders>;
