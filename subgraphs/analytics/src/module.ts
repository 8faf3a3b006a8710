import { gql } from 'graphql-tag';
import { seedDemo } from '../../../prisma/analytics/seed.ts';
import { readSubgraphSdl } from '../../../lib/config.ts';
import type { SubgraphModule } from '../../../lib/subgraph/SubgraphModule.ts';
import { createContext, type Context } from './context.ts';
import { createPrisma, type AnalyticsPrisma } from './db.ts';
import { resolvers } from './resolvers/index.ts';
import { createAnalyticsServices, type AnalyticsServices } from './services.ts';

/** The analytics subgraph: per-ISRC streams and Shazams, playlists, charts, and the monthly entity quota. */
export const analyticsSubgraph: SubgraphModule<AnalyticsPrisma, Context, AnalyticsServices> = {
  name: 'analytics',
  typeDefs: gql(readSubgraphSdl('analytics')),
  resolvers,
  createPrisma,
  createServices: () => createAnalyticsServices(),
  createContext,
  // Monthly usage counting: a reader counted is a reader who may read again; nothing cached changes.
  cacheNeutralTables: ['UsageMonth', 'EntityUsage'],
  seedDemo,
};
