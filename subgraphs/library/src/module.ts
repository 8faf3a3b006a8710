import { gql } from 'graphql-tag';
import { seedDemo } from '../../../prisma/library/seed.ts';
import { readSubgraphSdl } from '../../../lib/config.ts';
import type { SubgraphModule } from '../../../lib/subgraph/SubgraphModule.ts';
import { createContext, type Context } from './context.ts';
import { createPrisma, type LibraryPrisma } from './db.ts';
import { resolvers } from './resolvers/index.ts';

/** The library subgraph: a user's artists, albums and tracks, joined to canonical recordings by ISRC. */
export const librarySubgraph: SubgraphModule<LibraryPrisma, Context> = {
  name: 'library',
  typeDefs: gql(readSubgraphSdl('library')),
  resolvers,
  createPrisma,
  createContext,
  seedDemo,
};
