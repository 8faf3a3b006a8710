import { logger } from '../../../lib/logger.ts';
import type { SubgraphServices } from '../../../lib/subgraph/SubgraphModule.ts';
import { AnalysisService } from './acrcloud/AnalysisService.ts';
import type { AudioMatchesPrisma } from './db.ts';

/** What the audio-matches subgraph keeps while it runs. */
export interface AudioMatchesServices extends SubgraphServices {
  /** Audio identification through ACRCloud (`Mutation.requestTrackAnalysis`). */
  analysis: AnalysisService;
}

/**
 * Builds the services once per process (a bad ACRCloud setting throws here)
 * and marks FAILED the analyses a previous process left PENDING.
 */
export function createAudioMatchesServices(prisma: AudioMatchesPrisma, env: NodeJS.ProcessEnv): AudioMatchesServices {
  const analysis = new AnalysisService(prisma, { env });
  const sweep = analysis.failInterrupted().then(
    (count) => count && logger.warn({ count }, 'analyses left PENDING by an earlier process marked FAILED (interrupted)'),
    (error: unknown) => logger.warn({ error: (error as Error).message }, 'could not check for interrupted analyses'),
  );
  // Let the sweep finish before the database closes.
  return { analysis, close: async () => void (await sweep) };
}
