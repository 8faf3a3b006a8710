import type { SubgraphServices } from '../../../lib/subgraph/SubgraphModule.ts';
import { UsageCache } from './usage/UsageCache.ts';

/** What the analytics subgraph keeps for as long as it runs. */
export interface AnalyticsServices extends SubgraphServices {
  /** Entities known to be counted this month, so repeated reads cost no statement. */
  usage: UsageCache;
}

/** Built once when the subgraph starts. */
export function createAnalyticsServices(): AnalyticsServices {
  return { usage: new UsageCache() };
}
