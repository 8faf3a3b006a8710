import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import { analyticsConfig } from './config.ts';
import type { AnalyticsPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

// Read once when the subgraph loads, so a bad variable stops the start instead of failing every request.
const CONFIG = analyticsConfig();

/** What every analytics resolver receives. */
export interface Context extends BaseDeps<AnalyticsPrisma> {
  loaders: Loaders;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<AnalyticsPrisma>): Context {
  return { ...deps, loaders: createLoaders(deps, CONFIG) };
}
