import DataLoader from 'dataloader';
import type { ProviderTrack } from '../providers/types.ts';
import type { DiscoveryLoadersOptions } from './createDiscoveryLoaders.ts';
import type { TrackIdClient } from './platformStatus.ts';
import type { TrackIdLoader } from './types.ts';

/**
 * The per-request loader of one platform's recordings by the platform's own track ids (Spotify
 * `GET /v1/tracks?ids=`), valued by the recording with its ISRC, or null when the platform does not
 * know the id. Batches hold at most the client's `idBatchSize` ids, so N ids cost
 * ceil(N / idBatchSize) requests, and the loader's cache asks each id once per request. A failed
 * batch yields its Error for each of its keys. Create it per request, like every loader.
 */
export function createTrackIdLoader(client: TrackIdClient, options: DiscoveryLoadersOptions = {}): TrackIdLoader {
  return new DataLoader<string, ProviderTrack | null>(
    async (ids) => {
      try {
        return await client.getTracks(ids, options.signal);
      } catch (error) {
        // One Error per key keeps the failure to this batch of ids.
        const failure = error instanceof Error ? error : new Error(String(error));
        return ids.map(() => failure);
      }
    },
    { maxBatchSize: client.idBatchSize, ...(options.batchScheduleFn ? { batchScheduleFn: options.batchScheduleFn } : {}) },
  );
}
