import type { Caller } from '../../../lib/auth/Caller.ts';
import type { BaseDeps, SubgraphRequest } from '../../../lib/subgraph/SubgraphModule.ts';
import { analyticsConfig } from './config.ts';
import type { AnalyticsPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { AnalyticsServices } from './services.ts';

// Read once when the subgraph loads, so a bad variable stops the start instead of failing every request.
const CONFIG = analyticsConfig();

/** What every analytics resolver receives. */
export interface Context extends BaseDeps<AnalyticsPrisma, AnalyticsServices> {
  loaders: Loaders;
  /** The verified caller; null for anonymous requests. */
  caller: Caller | null;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<AnalyticsPrisma, AnalyticsServices>, request: SubgraphRequest): Context {
  return { ...deps, loaders: createLoaders(deps, CONFIG, request.caller), caller: request.caller };
}
