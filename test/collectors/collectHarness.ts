import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph } from '../helpers/subgraph.ts';
import { parseCollectArgs } from '../../subgraphs/analytics/src/collectors/collectArgs.ts';
import { summarize, type CollectSummary } from '../../subgraphs/analytics/src/collectors/collectSummary.ts';
import type { CollectResult } from '../../subgraphs/analytics/src/collectors/collectTypes.ts';
import { createCollectClients, runCollect } from '../../subgraphs/analytics/src/collectors/runCollect.ts';

/** Platform settings for tests: quick retries and timeouts, no rate limit to wait on. */
export const FAST_PLATFORMS: Record<string, string> = {
  PROVIDER_TIMEOUT_MS: '2000',
  PROVIDER_MAX_RETRIES: '2',
  PROVIDER_RETRY_BASE_DELAY_MS: '10',
  PROVIDER_MAX_RETRY_WAIT_MS: '3000',
  DEEZER_REQUESTS_PER_SECOND: '1000',
  DEEZER_CONCURRENCY: '8',
  SPOTIFY_REQUESTS_PER_SECOND: '1000',
};

/** Today in UTC, the date collectors give editions and snapshots. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `npm run collect -- …argv` in-process against `analytics`, with the platforms configured by `env`. */
export async function collect(
  analytics: Subgraph<AnalyticsPrisma, Context>,
  argv: string[],
  env: Record<string, string>,
): Promise<{ results: CollectResult[]; summary: CollectSummary }> {
  const command = parseCollectArgs(argv);
  const clients = createCollectClients(command, { ...FAST_PLATFORMS, ...env });
  const results = await runCollect(command, { prisma: analytics.prisma, date: today(), dryRun: command.dryRun }, clients);
  return { results, summary: summarize(results, command.dryRun) };
}

/** Empties what the collectors write, so each test starts from nothing. */
async function emptyAnalytics(prisma: AnalyticsPrisma): Promise<void> {
  await prisma.chart.deleteMany();
  await prisma.playlist.deleteMany();
}

/**
 * The analytics subgraph of a test file, on its own database without demo data, emptied of charts
 * and playlists before each test. Call at the top of the file; the getter gives the subgraph.
 */
export function useCollectorSubgraph(): () => Subgraph<AnalyticsPrisma, Context> {
  let analytics: Subgraph<AnalyticsPrisma, Context>;
  beforeAll(async () => {
    analytics = await createTestSubgraph(analyticsSubgraph, { seed: false });
  });
  afterAll(() => analytics?.close());
  beforeEach(() => emptyAnalytics(analytics.prisma));
  return () => analytics;
}
