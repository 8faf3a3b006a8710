export { createDiscoveryLoaders, type DiscoveryLoadersOptions } from './createDiscoveryLoaders.ts';
export { DiscoveryService, DISCOVERY_PLATFORMS, type DiscoverOptions, type DiscoveryServiceOptions } from './DiscoveryService.ts';
export { platformStatus, canLookUpIsrcs, type PlatformStatus } from './platformStatus.ts';
export { loadDiscoveryConfig, DEFAULT_DISCOVERY_CONFIG, type DiscoveryConfig } from './config.ts';
export type { DiscoveryLoaders, DiscoveryState, PlatformOutcome } from './types.ts';
