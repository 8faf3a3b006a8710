import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LibraryPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every library resolver receives. */
export interface Context extends BaseDeps<LibraryPrisma> {
  loaders: Loaders;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LibraryPrisma>): Context {
  return { ...deps, loaders: createLoaders(deps.prisma) };
}
