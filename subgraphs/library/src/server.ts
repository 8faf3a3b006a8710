/** Starts the library subgraph alone: `npm run start:library`. */
import '../../../lib/productionMode.ts';
import { runSubgraphMain } from '../../../lib/subgraph/runSubgraphMain.ts';
import { librarySubgraph } from './module.ts';

await runSubgraphMain(librarySubgraph);
