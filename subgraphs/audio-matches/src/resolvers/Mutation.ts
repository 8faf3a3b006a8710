import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { MutationResolvers } from '../__generated__/resolvers-types.ts';

/** Writes of the audio-matches subgraph. */
export const Mutation: MutationResolvers = {
  // The analysis belongs to the caller's account: only that account ever sees it or its matches.
  requestTrackAnalysis: (_root, { trackId, audioUrl }, { caller, services }) =>
    services.analysis.request(requireCaller(caller, 'matches').accountId, trackId, audioUrl),
};
