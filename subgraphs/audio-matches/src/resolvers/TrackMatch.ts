import { requireCaller } from '../../../../lib/auth/Caller.ts';
import type { TrackMatchResolvers } from '../__generated__/resolvers-types.ts';

// TrackMatch.id is a Postgres INTEGER; a larger id cannot exist, and Prisma would reject it.
const MAX_MATCH_ID = 2_147_483_647;

/** TrackMatch by id for the gateway, and the fields that need shaping. */
export const TrackMatch: TrackMatchResolvers = {
  __resolveReference: (ref, { loaders, caller }) => {
    requireCaller(caller, 'matches');
    const id = /^\d{1,10}$/.test(String(ref.id)) ? Number(ref.id) : NaN;
    return id >= 1 && id <= MAX_MATCH_ID ? loaders.matchById.load(id) : null;
  },
  // The column is CHAR(12); trimming keeps a shorter stored code clean.
  isrc: (match) => match.isrc?.trim() ?? null,
};
