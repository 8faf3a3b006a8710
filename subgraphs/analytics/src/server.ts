/** Starts the analytics subgraph alone: `npm run start:analytics`. */
import '../../../lib/productionMode.ts';
import { runSubgraphMain } from '../../../lib/subgraph/runSubgraphMain.ts';
import { analyticsSubgraph } from './module.ts';

await runSubgraphMain(analyticsSubgraph);
