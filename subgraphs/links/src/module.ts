import { gql } from 'graphql-tag';
import { seedDemo } from '../../../prisma/links/seed.ts';
import { readSubgraphSdl } from '../../../lib/config.ts';
import type { SubgraphModule } from '../../../lib/subgraph/SubgraphModule.ts';
import { createContext, type Context } from './context.ts';
import { createPrisma, type LinksPrisma } from './db.ts';
import { resolvers } from './resolvers/index.ts';
import { backfillSearchColumns } from './search/backfillSearchColumns.ts';
import { restoreForeignKeys } from './catalog/liftedConstraints.ts';
import { logger } from '../../../lib/logger.ts';
import { resolveThreshold } from './search/matchThreshold.ts';
import { createLinksServices, type LinksServices } from './services.ts';

/** The links subgraph: canonical tracks and their platform IDs. */
export const linksSubgraph: SubgraphModule<LinksPrisma, Context, LinksServices> = {
  name: 'links',
  typeDefs: gql(readSubgraphSdl('links')),
  resolvers,
  createPrisma,
  createServices: ({ env }) => {
    // A bad RESOLVE_MATCH_THRESHOLD stops the start, not the first resolve.
    resolveThreshold(env);
    return createLinksServices(env);
  },
  createContext,
  // Credits are spent by resolveTracks; balances are PRIVATE (never cached) and no track answer depends on them;
  // lifted foreign keys are a bulk import's bookkeeping.
  cacheNeutralTables: ['Account', 'CreditLedger', 'LiftedConstraint'],
  seedDemo,
  afterMigrations: async (prisma) => {
    // Search columns blanked by a migration (normalization changed) are recomputed here.
    await backfillSearchColumns(prisma);
    // Foreign keys a bulk import lifted and could not add back itself (it was killed) are added back here.
    const restored = await restoreForeignKeys(prisma).catch((error: Error) => {
      logger.error({ subgraph: 'links', err: error }, error.message);
      return [];
    });
    if (restored.length) logger.warn({ subgraph: 'links', restored }, 'added back the foreign keys an interrupted bulk catalog import had lifted');
  },
};
