import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LinksPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every links resolver receives. */
export interface Context extends BaseDeps<LinksPrisma> {
  loaders: Loaders;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LinksPrisma>): Context {
  return { ...deps, loaders: createLoaders(deps.prisma) };
}
