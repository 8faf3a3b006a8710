/** Starts the links subgraph alone: `npm run start:links`. */
import '../../../lib/productionMode.ts';
import { runSubgraphMain } from '../../../lib/subgraph/runSubgraphMain.ts';
import { linksSubgraph } from './module.ts';

await runSubgraphMain(linksSubgraph);
