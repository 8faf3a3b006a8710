/** Writes synthetic audio matches for one account through the subgraph's one write path, saveAnalysis. */
import { performance } from 'node:perf_hooks';
import type { AudioMatchesPrisma } from '../subgraphs/audio-matches/src/db.ts';
import { saveAnalysis } from '../subgraphs/audio-matches/src/store/saveAnalysis.ts';
import { trackIdForIsrc } from '../subgraphs/links/src/trackId.ts';
import { syntheticIsrc } from './syntheticCatalog.ts';
import { buildSyntheticMatches } from './syntheticMatches.ts';

/** Options of {@link writeSyntheticMatches}. */
export interface SyntheticMatchesOptions {
  /** The account the analyses and matches belong to. */
  accountId: string;
  /** Recordings in the synthetic catalog the matches are found for (and among). */
  catalogSize: number;
  /** Matches to write in all. */
  matches: number;
  /** saveAnalysis calls in flight at once (each is one transaction). @default 4 */
  concurrency?: number;
  /** Called after each analysis with the matches written so far. */
  progress?: (done: number, total: number) => void;
}

/** What {@link writeSyntheticMatches} wrote, and how long it took. */
export interface SyntheticMatchesResult {
  analyses: number;
  matches: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  seconds: number;
}

// The synthetic analysis of a track: one per account and track, named so it is never mistaken for a real file.
const SOURCE_FILE = 'synthetic';
const ANALYZED_AT = new Date('2025-03-31T00:00:00Z');

/**
 * Stores one SYNTHETIC analysis per recording that has matches, each through
 * saveAnalysis (one transaction per analysis, a few in flight), and removes
 * the account's synthetic analyses of recordings that no longer have any.
 * Idempotent: the same options again leave every row unchanged.
 */
export async function writeSyntheticMatches(prisma: AudioMatchesPrisma, options: SyntheticMatchesOptions): Promise<SyntheticMatchesResult> {
  const { accountId, catalogSize, matches, concurrency = 4, progress } = options;
  const started = performance.now();
  const analyses = buildSyntheticMatches(catalogSize, matches);
  const trackIds = analyses.map(({ track }) => trackIdForIsrc(syntheticIsrc(track)));
  await prisma.trackAnalysis.deleteMany({ where: { accountId, source: 'SYNTHETIC', trackId: { notIn: trackIds } } });
  const totals = { inserted: 0, updated: 0, unchanged: 0, removed: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < analyses.length) {
      const i = next++;
      const analysis = analyses[i]!;
      const result = await saveAnalysis(prisma, { accountId, trackId: trackIds[i]!, source: 'SYNTHETIC', sourceFile: SOURCE_FILE, status: 'DONE', analyzedAt: ANALYZED_AT }, analysis.matches, { now: ANALYZED_AT });
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
      done += analysis.matches.length;
      progress?.(done, matches);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  // Statistics now, not at autovacuum's next pass: until then every lookup by key is planned as a sequential scan.
  await prisma.$executeRaw`ANALYZE "TrackAnalysis", "TrackMatch", "MatchArtist", "MatchDistributor", "MatchTimeOffset", "MatchSpotifyArtist", "MatchDeezerArtist"`;
  return { analyses: analyses.length, matches, ...totals, seconds: (performance.now() - started) / 1000 };
}
