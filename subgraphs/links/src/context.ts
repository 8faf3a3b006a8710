import type { Caller } from '../../../lib/auth/Caller.ts';
import type { BaseDeps, SubgraphRequest } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LinksPrisma } from './db.ts';
import { RequestDiscovery } from './discovery/RequestDiscovery.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { LinksServices } from './services.ts';

/** What every links resolver receives. */
export interface Context extends BaseDeps<LinksPrisma, LinksServices> {
  loaders: Loaders;
  /** Asks the platforms about ISRCs looked up in this request (see discovery/RequestDiscovery.ts). */
  discovery: RequestDiscovery;
  /** The verified caller (null: anonymous); billable operations charge its account. */
  caller: Caller | null;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LinksPrisma, LinksServices>, request: SubgraphRequest): Context {
  const loaders = createLoaders(deps.prisma);
  const discovery = new RequestDiscovery({ prisma: deps.prisma, cache: deps.cache, loaders, services: deps.services.discovery });
  return { ...deps, loaders, discovery, caller: request.caller };
}
