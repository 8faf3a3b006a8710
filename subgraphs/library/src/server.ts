/** Starts the library subgraph alone: `npm run start:library`. */
import { runSubgraphMain } from '../../../lib/subgraph/runSubgraphMain.ts';
import { librarySubgraph } from './module.ts';

await runSubgraphMain(librarySubgraph);
