import type { Caller } from '../../../lib/auth/Caller.ts';
import type { BaseDeps, SubgraphRequest } from '../../../lib/subgraph/SubgraphModule.ts';
import type { AudioMatchesPrisma } from './db.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { AudioMatchesServices } from './services.ts';

/** What every audio-matches resolver receives. */
export interface Context extends BaseDeps<AudioMatchesPrisma, AudioMatchesServices> {
  loaders: Loaders;
  /** The verified caller; null for anonymous requests. */
  caller: Caller | null;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<AudioMatchesPrisma, AudioMatchesServices>, request: SubgraphRequest): Context {
  // Loaders read within the caller's account only: owner restriction cannot be forgotten by a resolver.
  return { ...deps, loaders: createLoaders(deps.prisma, request.caller?.accountId ?? null), caller: request.caller };
}
