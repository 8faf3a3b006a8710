import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LinksPrisma } from './db.ts';
import { defaultAccountId } from './credits/accounts.ts';
import { RequestDiscovery } from './discovery/RequestDiscovery.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { LinksServices } from './services.ts';

/** What every links resolver receives. */
export interface Context extends BaseDeps<LinksPrisma, LinksServices> {
  loaders: Loaders;
  /** Asks the platforms about ISRCs looked up in this request (see discovery/RequestDiscovery.ts). */
  discovery: RequestDiscovery;
  /** The calling account, which billable operations charge (for now the configured `DEFAULT_ACCOUNT_ID`). */
  accountId: string;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LinksPrisma, LinksServices>): Context {
  const loaders = createLoaders(deps.prisma);
  const discovery = new RequestDiscovery({ prisma: deps.prisma, cache: deps.cache, loaders, services: deps.services.discovery });
  return { ...deps, loaders, discovery, accountId: defaultAccountId() };
}
