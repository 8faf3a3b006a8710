export { createDiscoveryLoaders, type DiscoveryLoadersOptions } from './createDiscoveryLoaders.ts';
export { createUpcLoader } from './createUpcLoader.ts';
export { createTrackIdLoader } from './createTrackIdLoader.ts';
export { askByTrackId, type TrackIdAnswer } from './askByTrackId.ts';
export { DiscoveryService, DISCOVERY_PLATFORMS, type DiscoverOptions, type DiscoveryServiceOptions } from './DiscoveryService.ts';
export { platformStatus, canLookUpIsrcs, canLookUpBarcodes, canLookUpTrackIds, type PlatformStatus } from './platformStatus.ts';
export { loadDiscoveryConfig, DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from './config.ts';
export type { DiscoveryLoaders, DiscoveryState, PlatformOutcome, TrackIdLoader, UpcLoader } from './types.ts';
