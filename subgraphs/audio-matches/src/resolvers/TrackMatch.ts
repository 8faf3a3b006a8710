import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { TrackMatchResolvers } from '../__generated__/resolvers-types.ts';
import { matchLinks } from '../matchLinks.ts';
import { parseMatchId } from '../matchId.ts';

/** TrackMatch by id for the gateway (the caller's only), its relations through loaders, and the fields that need shaping. */
export const TrackMatch: TrackMatchResolvers = {
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'matches');
    const id = parseMatchId(ref.id);
    return id === null ? null : loaders.matchById.load(id);
  },
  // The column is CHAR(12); trimming keeps a shorter stored code clean.
  isrc: (match) => match.isrc?.trim() ?? null,
  links: (match) => matchLinks(match),
  artists: (match, _args, { loaders }) => loaders.artistsByMatchId.load(match.id),
  distributors: (match, _args, { loaders }) => loaders.distributorsByMatchId.load(match.id),
  timeOffsets: (match, _args, { loaders }) => loaders.timeOffsetsByMatchId.load(match.id),
  spotifyArtists: (match, _args, { loaders }) => loaders.spotifyArtistsByMatchId.load(match.id),
  deezerArtists: (match, _args, { loaders }) => loaders.deezerArtistsByMatchId.load(match.id),
  analysis: async (match, _args, { loaders }) => {
    const analysis = await loaders.analysisById.load(match.analysisId);
    // The foreign key and the shared account make this impossible; say so if it ever happens.
    if (!analysis) throw new Error(`TrackMatch ${match.id} has no analysis ${match.analysisId} in its account`);
    return analysis;
  },
  track: (match) => ({ id: match.trackId }),
  // The links subgraph resolves it by ISRC, null when it does not know the recording.
  recording: (match) => (match.isrc ? { isrc: match.isrc.trim() } : null),
};
