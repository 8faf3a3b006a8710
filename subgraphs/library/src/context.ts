import type { Caller } from '../../../lib/auth/Caller.ts';
import type { BaseDeps, SubgraphRequest } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LibraryPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every library resolver receives. */
export interface Context extends BaseDeps<LibraryPrisma> {
  loaders: Loaders;
  /** The verified caller; null for anonymous requests. */
  caller: Caller | null;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LibraryPrisma>, request: SubgraphRequest): Context {
  return { ...deps, loaders: createLoaders(deps.prisma, request.caller), caller: request.caller };
}
