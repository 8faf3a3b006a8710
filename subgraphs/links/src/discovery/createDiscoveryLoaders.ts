import DataLoader from 'dataloader';
import type { ProviderClients } from '../providers/createProviderClients.ts';
import type { ProviderClient, ProviderPlatform, ProviderTrack } from '../providers/types.ts';
import { canLookUpIsrcs, clientList } from './platformStatus.ts';
import type { DiscoveryLoaders } from './types.ts';

/** Options for {@link createDiscoveryLoaders}. */
export interface DiscoveryLoadersOptions {
  /** Aborts the platforms' requests, e.g. when the HTTP request that created the loaders goes away. */
  signal?: AbortSignal;
  /** When a batch is dispatched. @default DataLoader's default (after the current tick's promise jobs) */
  batchScheduleFn?: (callback: () => void) => void;
}

/**
 * One DataLoader per platform discovery can ask (enabled, searchable by ISRC), keyed by ISRC, valued
 * by the platform's recordings ([] when it does not carry one). Batches hold at most the client's
 * `batchSize` keys, so N ISRCs cost ceil(N / batchSize) platform requests. A failed batch yields its
 * Error for each of its keys, on that platform only. Create them per request, like every loader.
 */
export function createDiscoveryLoaders(
  clients: ProviderClients | readonly ProviderClient[],
  options: DiscoveryLoadersOptions = {},
): DiscoveryLoaders {
  const loaders = new Map<ProviderPlatform, DataLoader<string, ProviderTrack[]>>();
  for (const client of clientList(clients)) {
    if (!canLookUpIsrcs(client)) continue;
    loaders.set(client.platform, new DataLoader<string, ProviderTrack[]>(
      async (isrcs) => {
        try {
          return await client.lookupIsrcs(isrcs, options.signal);
        } catch (error) {
          // One Error per key keeps the failure to this batch; other platforms' loaders are untouched.
          const failure = error instanceof Error ? error : new Error(String(error));
          return isrcs.map(() => failure);
        }
      },
      { maxBatchSize: client.batchSize, ...(options.batchScheduleFn ? { batchScheduleFn: options.batchScheduleFn } : {}) },
    ));
  }
  return loaders;
}
