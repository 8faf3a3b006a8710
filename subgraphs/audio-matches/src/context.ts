import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { AudioMatchesPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every audio-matches resolver receives. */
export interface Context extends BaseDeps<AudioMatchesPrisma> {
  loaders: Loaders;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<AudioMatchesPrisma>): Context {
  return { ...deps, loaders: createLoaders(deps.prisma) };
}
