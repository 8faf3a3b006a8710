import DataLoader from 'dataloader';
import type { ProviderClients } from '../providers/createProviderClients.ts';
import type { ProviderClient, ProviderTrack } from '../providers/types.ts';
import type { DiscoveryLoadersOptions } from './createDiscoveryLoaders.ts';
import { barcodeClient } from './platformStatus.ts';
import type { UpcLoader } from './types.ts';

/**
 * The per-request loader of the platform searched by release barcode (Discogs), keyed by UPC,
 * valued by the releases with that barcode ([] when none); null when that client is disabled.
 * Batches hold at most the client's `batchSize` barcodes, and the loader's cache makes each
 * distinct barcode one search per request. A failed batch yields its Error for each of its keys.
 */
export function createUpcLoader(
  clients: ProviderClients | readonly ProviderClient[],
  options: DiscoveryLoadersOptions = {},
): UpcLoader | null {
  const client = barcodeClient(clients);
  if (!client) return null;
  return new DataLoader<string, ProviderTrack[]>(
    async (upcs) => {
      try {
        return await client.lookupByUpc(upcs, options.signal);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        return upcs.map(() => failure);
      }
    },
    { maxBatchSize: client.batchSize, ...(options.batchScheduleFn ? { batchScheduleFn: options.batchScheduleFn } : {}) },
  );
}
