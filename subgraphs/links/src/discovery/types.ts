import type DataLoader from 'dataloader';
import type { ProviderPlatform, ProviderTrack } from '../providers/types.ts';

/** What discovery knows about one recording on one platform (mirrors the Prisma enum LinkState). */
export type DiscoveryState = 'FOUND' | 'NOT_FOUND' | 'ERROR' | 'PENDING';

/** One platform's answer about one ISRC. */
export interface PlatformOutcome {
  /** The platform. */
  platform: ProviderPlatform;
  /**
   * FOUND: the platform carries it (`tracks` non-empty); NOT_FOUND: it does not; ERROR: the platform
   * failed; PENDING: the platform did not answer before the deadline (ask again later).
   */
  state: DiscoveryState;
  /** When this was established (for PENDING: when the deadline passed). */
  checkedAt: Date;
  /** The platform's recordings for the ISRC: what it answered, or what the catalog already holds. [] unless FOUND. */
  tracks: ProviderTrack[];
  /** Why the lookup failed (ERROR only), else null. */
  error: string | null;
}

/** The per-request loaders: one per platform that can be asked by ISRC, keyed by ISRC. */
export type DiscoveryLoaders = ReadonlyMap<ProviderPlatform, DataLoader<string, ProviderTrack[]>>;

/** The per-request loader of the platform searched by release barcode (Discogs), keyed by UPC. */
export type UpcLoader = DataLoader<string, ProviderTrack[]>;

/** The per-request loader of one platform's tracks by its own ids (Spotify), valued by the recording or null. */
export type TrackIdLoader = DataLoader<string, ProviderTrack | null>;
