import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../../subgraphs/audio-matches/src/module.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';
import { saveAnalysis, type MatchInput } from '../../../subgraphs/audio-matches/src/store/saveAnalysis.ts';

let file = 0;

/**
 * The audio-matches subgraph on its own seeded database, once its startup sweep
 * of interrupted analyses (one UPDATE, not awaited at start) is done, so that
 * it never lands in a test's statement count. Closing the services only awaits it.
 */
export async function createAudioMatchesSubgraph(): Promise<Subgraph<AudioMatchesPrisma, Context>> {
  const subgraph = await createTestSubgraph(audioMatchesSubgraph);
  await subgraph.deps.services.close?.();
  return subgraph;
}

/** A match input with the given fields, everything else empty. */
export function matchInput(fields: Partial<MatchInput> = {}): MatchInput {
  return { isCover: false, title: 'Match', artists: [], distributors: [], timeOffsets: [], spotifyArtists: [], deezerArtists: [], ...fields };
}

/**
 * Stores one match per entry, in order, each through its own analysis (so
 * tracks' ids interleave as given), for `accountId`. Returns each track's new ids.
 */
export async function insertMatches(
  prisma: AudioMatchesPrisma,
  accountId: string,
  entries: { trackId: string; fields?: Partial<MatchInput>; createdAt?: Date }[],
): Promise<Map<string, number[]>> {
  const ids = new Map<string, number[]>();
  for (const [i, { trackId, fields, createdAt }] of entries.entries()) {
    const input = matchInput({ isCover: i % 2 === 0, title: `Match ${i} of ${trackId}`, externalKey: `fixture-${++file}`, ...fields });
    const { analysisId } = await saveAnalysis(prisma, { accountId, trackId, source: 'ACRCLOUD_IMPORT', sourceFile: `fixture-${file}.json`, status: 'DONE' }, [input], createdAt ? { now: createdAt } : {});
    const [{ id }] = await prisma.trackMatch.findMany({ where: { analysisId }, select: { id: true } }) as [{ id: number }];
    ids.set(trackId, [...(ids.get(trackId) ?? []), id]);
  }
  return ids;
}
