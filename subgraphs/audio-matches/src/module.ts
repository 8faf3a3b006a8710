import { gql } from 'graphql-tag';
import { seedDemo } from '../../../prisma/audio-matches/seed.ts';
import { readSubgraphSdl } from '../../../lib/config.ts';
import type { SubgraphModule } from '../../../lib/subgraph/SubgraphModule.ts';
import { createContext, type Context } from './context.ts';
import { createPrisma, type AudioMatchesPrisma } from './db.ts';
import { resolvers } from './resolvers/index.ts';
import { createAudioMatchesServices, type AudioMatchesServices } from './services.ts';

/** The audio-matches subgraph: audio matches and covers found for a track. */
export const audioMatchesSubgraph: SubgraphModule<AudioMatchesPrisma, Context, AudioMatchesServices> = {
  name: 'audio-matches',
  typeDefs: gql(readSubgraphSdl('audio-matches')),
  resolvers,
  createPrisma,
  createServices: ({ prisma, env }) => createAudioMatchesServices(prisma, env),
  createContext,
  seedDemo,
};
