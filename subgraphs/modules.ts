import type { BaseContext } from '@apollo/server';
import type { SubgraphName } from '../lib/config.ts';
import type { PrismaLike, SubgraphModule } from '../lib/subgraph/SubgraphModule.ts';
import { analyticsSubgraph } from './analytics/src/module.ts';
import { audioMatchesSubgraph } from './audio-matches/src/module.ts';
import { librarySubgraph } from './library/src/module.ts';
import { linksSubgraph } from './links/src/module.ts';

/** Every subgraph module by name, for the all-in-one start and the stack tests. */
export const SUBGRAPH_MODULES: Record<SubgraphName, SubgraphModule<PrismaLike, BaseContext>> = {
  links: linksSubgraph as unknown as SubgraphModule<PrismaLike, BaseContext>,
  analytics: analyticsSubgraph as unknown as SubgraphModule<PrismaLike, BaseContext>,
  library: librarySubgraph as unknown as SubgraphModule<PrismaLike, BaseContext>,
  'audio-matches': audioMatchesSubgraph as unknown as SubgraphModule<PrismaLike, BaseContext>,
};
