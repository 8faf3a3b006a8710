import { listProviderClients, type ProviderClients } from '../providers/createProviderClients.ts';
import type { ProviderClient, ProviderPlatform } from '../providers/types.ts';

/**
 * Platforms whose catalog has no ISRC search. DiscogsClient says so only in its contract
 * (`lookupIsrcs` answers [] without a request; it finds releases by barcode through `lookupByUpc`),
 * so asking it would record a false NOT_FOUND for every recording.
 */
const NO_ISRC_SEARCH: ReadonlySet<ProviderPlatform> = new Set(['DISCOGS']);

/** Whether discovery should ask `client` by ISRC: it is enabled and its platform can be searched by ISRC. */
export function canLookUpIsrcs(client: ProviderClient): boolean {
  return client.enabled && !NO_ISRC_SEARCH.has(client.platform);
}

/** The clients as a list, whether given as {@link ProviderClients} or already as a list. */
export function clientList(clients: ProviderClients | readonly ProviderClient[]): readonly ProviderClient[] {
  return Array.isArray(clients) ? clients : listProviderClients(clients as ProviderClients);
}

/** Whether discovery asks one platform, and why not. */
export interface PlatformStatus {
  /** The platform. */
  platform: ProviderPlatform;
  /** true when discovery asks this platform by ISRC. */
  enabled: boolean;
  /** Why it is not asked (a missing setting, or no ISRC search), or null when it is. */
  reason: string | null;
}

/** One entry per client, in the clients' order: whether discovery asks that platform, and why not. */
export function platformStatus(clients: ProviderClients | readonly ProviderClient[]): PlatformStatus[] {
  return clientList(clients).map((client) => {
    if (!client.enabled) return { platform: client.platform, enabled: false, reason: client.disabledReason };
    if (NO_ISRC_SEARCH.has(client.platform)) {
      return { platform: client.platform, enabled: false, reason: `${client.platform} cannot be searched by ISRC (releases are found by barcode)` };
    }
    return { platform: client.platform, enabled: true, reason: null };
  });
}
