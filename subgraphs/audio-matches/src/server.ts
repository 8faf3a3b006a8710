/** Starts the audio-matches subgraph alone: `npm run start:audio-matches`. */
import '../../../lib/productionMode.ts';
import { runSubgraphMain } from '../../../lib/subgraph/runSubgraphMain.ts';
import { audioMatchesSubgraph } from './module.ts';

await runSubgraphMain(audioMatchesSubgraph);
