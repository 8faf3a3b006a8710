import { boolFromEnv } from '../../../lib/config.ts';
import type { SubgraphServices } from '../../../lib/subgraph/SubgraphModule.ts';
import { BackgroundTasks } from './discovery/BackgroundTasks.ts';
import { loadDiscoveryConfig, type DiscoveryConfig } from './discovery/config.ts';
import {
  barcodeClient, canLookUpIsrcs, NO_KNOWN_BARCODE_REASON, platformStatus, trackIdClients, type BarcodeClient, type PlatformStatus, type TrackIdClient,
} from './discovery/platformStatus.ts';
import { createProviderClients, listProviderClients, type ProviderClients } from './providers/createProviderClients.ts';
import { loadProviderConfig } from './providers/loadProviderConfig.ts';
import type { ProviderClient, ProviderPlatform } from './providers/types.ts';

/** What the links subgraph keeps for as long as it runs. */
export interface LinksServices extends SubgraphServices {
  /** Platform discovery, or null when `DISCOVERY_ENABLED=false`. */
  discovery: DiscoveryServices | null;
  /** Whether discovery asks each platform, and why not (listed even when discovery is off). */
  platforms: (PlatformStatus & { batchSize: number })[];
  /** What `linkStatus` says of a platform with no link and no recorded lookup, by platform. */
  uncheckedReasons: ReadonlyMap<string, string>;
}

/** Discovery's process-wide parts: the clients own their rate limiters and tokens, so they are made once. */
export interface DiscoveryServices {
  clients: ProviderClient[];
  /** The clients discovery asks by ISRC (enabled, ISRC-searchable). */
  askable: ProviderClient[];
  /** The client discovery asks by release barcode (Discogs, enabled), or null. */
  byBarcode: BarcodeClient | null;
  /** The clients `tracks(source:, externalIds:)` asks about ids the catalog lacks, by platform (Spotify, enabled). */
  byTrackId: ReadonlyMap<ProviderPlatform, TrackIdClient>;
  config: DiscoveryConfig;
  /** Late platform answers being recorded after their request has been answered. */
  background: BackgroundTasks;
}

/**
 * Reads the provider and discovery settings (a malformed one throws, so the subgraph does not start)
 * and creates the platform clients once. `clients` replaces the ones built from `env` (tests).
 */
export function createLinksServices(env: NodeJS.ProcessEnv, clients?: ProviderClients | ProviderClient[]): LinksServices {
  const list = clients ? (Array.isArray(clients) ? clients : listProviderClients(clients)) : listProviderClients(createProviderClients(loadProviderConfig(env)));
  const config = loadDiscoveryConfig(env);
  const enabled = boolFromEnv(env, 'DISCOVERY_ENABLED', true);
  const platforms = platformStatus(list).map((status, index) => ({
    ...(enabled || !status.enabled ? status : { ...status, enabled: false, reason: 'discovery is turned off (DISCOVERY_ENABLED=false)' }),
    batchSize: list[index]!.batchSize,
  }));
  const byBarcode = barcodeClient(list);
  const uncheckedReasons = new Map(platforms.map(({ platform, enabled, reason }) => [platform, reason ?? (
    // Discogs, asked but not about this recording: only a known barcode lets it be asked.
    enabled && platform === byBarcode?.platform ? NO_KNOWN_BARCODE_REASON : 'not asked yet: it is asked when the recording is looked up by ISRC'
  )]));
  if (!enabled) return { discovery: null, platforms, uncheckedReasons };
  const background = new BackgroundTasks();
  return {
    discovery: { clients: list, askable: list.filter(canLookUpIsrcs), byBarcode, byTrackId: trackIdClients(list), config, background },
    platforms,
    uncheckedReasons,
    close: () => background.drain(),
  };
}
