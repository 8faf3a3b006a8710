import type { BaseDeps } from '../../../lib/subgraph/SubgraphModule.ts';
import type { LinksPrisma } from './db.ts';
import { defaultAccountId } from './credits/accounts.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every links resolver receives. */
export interface Context extends BaseDeps<LinksPrisma> {
  loaders: Loaders;
  /** The calling account, which billable operations charge (for now the configured `DEFAULT_ACCOUNT_ID`). */
  accountId: string;
}

/** A fresh context per request. */
export function createContext(deps: BaseDeps<LinksPrisma>): Context {
  return { ...deps, loaders: createLoaders(deps.prisma), accountId: defaultAccountId() };
}
