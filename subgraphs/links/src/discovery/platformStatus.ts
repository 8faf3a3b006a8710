import { listProviderClients, type ProviderClients } from '../providers/createProviderClients.ts';
import type { ProviderClient, ProviderPlatform, TrackIdLookupClient, UpcLookupClient } from '../providers/types.ts';

/**
 * Platforms whose catalog has no ISRC search. DiscogsClient says so only in its contract
 * (`lookupIsrcs` answers [] without a request; it finds releases by barcode through `lookupByUpc`),
 * so asking it by ISRC would record a false NOT_FOUND for every recording.
 */
const NO_ISRC_SEARCH: ReadonlySet<ProviderPlatform> = new Set(['DISCOGS']);

/** What `linkStatus` says of an enabled barcode-only platform that was never asked about a recording. */
export const NO_KNOWN_BARCODE_REASON = 'Discogs is searched by release barcode (UPC); no barcode is known for this recording';

/** A client discovery asks by release barcode instead of by ISRC. */
export type BarcodeClient = ProviderClient & UpcLookupClient;

/** Whether discovery should ask `client` by ISRC: it is enabled and its platform can be searched by ISRC. */
export function canLookUpIsrcs(client: ProviderClient): boolean {
  return client.enabled && !NO_ISRC_SEARCH.has(client.platform);
}

/** Whether discovery asks `client` by release barcode: enabled, no ISRC search, a `lookupByUpc`. */
export function canLookUpBarcodes(client: ProviderClient): client is BarcodeClient {
  return client.enabled && NO_ISRC_SEARCH.has(client.platform) && typeof (client as Partial<UpcLookupClient>).lookupByUpc === 'function';
}

/** The enabled client discovery asks by barcode (Discogs), or null. */
export function barcodeClient(clients: ProviderClients | readonly ProviderClient[]): BarcodeClient | null {
  return clientList(clients).find(canLookUpBarcodes) ?? null;
}

/** A client discovery can ask by the platform's own track ids (Spotify), for the ISRCs of ids the catalog lacks. */
export type TrackIdClient = ProviderClient & TrackIdLookupClient;

/** Whether discovery asks `client` by its own track ids: enabled, searchable by ISRC (so its answers fit discovery), a `getTracks`. */
export function canLookUpTrackIds(client: ProviderClient): client is TrackIdClient {
  return canLookUpIsrcs(client) && typeof (client as Partial<TrackIdLookupClient>).getTracks === 'function';
}

/** The enabled clients discovery asks by their own track ids, by platform (Spotify, when its credentials are set). */
export function trackIdClients(clients: ProviderClients | readonly ProviderClient[]): ReadonlyMap<ProviderPlatform, TrackIdClient> {
  return new Map(clientList(clients).filter(canLookUpTrackIds).map((client) => [client.platform, client]));
}

/** The clients as a list, whether given as {@link ProviderClients} or already as a list. */
export function clientList(clients: ProviderClients | readonly ProviderClient[]): readonly ProviderClient[] {
  return Array.isArray(clients) ? clients : listProviderClients(clients as ProviderClients);
}

/** Whether discovery asks one platform, and why not. */
export interface PlatformStatus {
  /** The platform. */
  platform: ProviderPlatform;
  /** true when discovery asks this platform (by ISRC; Discogs by release barcode). */
  enabled: boolean;
  /** Why it is not asked (a missing setting, or no way to search it), or null when it is. */
  reason: string | null;
}

/** One entry per client, in the clients' order: whether discovery asks that platform, and why not. */
export function platformStatus(clients: ProviderClients | readonly ProviderClient[]): PlatformStatus[] {
  return clientList(clients).map((client) => {
    if (!client.enabled) return { platform: client.platform, enabled: false, reason: client.disabledReason };
    if (!canLookUpIsrcs(client) && !canLookUpBarcodes(client)) {
      return { platform: client.platform, enabled: false, reason: `${client.platform} cannot be searched by ISRC or by barcode` };
    }
    return { platform: client.platform, enabled: true, reason: null };
  });
}
