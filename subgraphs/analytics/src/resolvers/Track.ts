import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { parseCountry } from '../../../../lib/country.ts';
import { isrcProblem, normalizeIsrc } from '../../../../lib/isrc/isrc.ts';
import { parseFirst } from '../../../../lib/pagination.ts';
import { parseChartFilter } from '../charts/chartFilters.ts';
import type { Context } from '../context.ts';
import type { TrackRef } from '../loaders.ts';
import { parseDateRange } from '../streams.ts';
import type { TrackResolvers } from '../__generated__/resolvers-types.ts';

/**
 * Reads a recording's analytics for a caller with an API key
 * (UNAUTHENTICATED otherwise): `empty` for an ISRC that is not one (a
 * representation comes from another subgraph: it simply has no data);
 * otherwise the ISRC is counted against the caller's monthly quota while the
 * data is read, both in the same tick so the two batches run side by side;
 * past the quota the read is dropped and the field fails with QUOTA_EXCEEDED.
 */
async function counted<T>(track: TrackRef, { caller, loaders }: Context, empty: T, read: () => Promise<T>): Promise<T> {
  requireCaller(caller);
  if (isrcProblem(track.isrc)) return empty;
  const [, value] = await Promise.all([loaders.entities.load(`isrc:${track.isrc}`), read()]);
  return value;
}

const NO_PLACEMENTS = { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 };

/** The Track entity: any ISRC the gateway refers to, with its analytics (for callers with an API key, within their quota). */
export const Track: TrackResolvers = {
  __resolveReference: (ref) => ({ isrc: normalizeIsrc(ref.isrc) }),
  spotifyStreams: (track, args, context) => {
    const range = parseDateRange(args);
    return counted(track, context, [], () => context.loaders.series.load({ metric: 'spotifyStreams', isrc: track.isrc, ...range }));
  },
  shazams: (track, args, context) => {
    const range = parseDateRange(args);
    return counted(track, context, [], () => context.loaders.series.load({ metric: 'shazams', isrc: track.isrc, ...range }));
  },
  spotifyStreamTotal: (track, _args, context) => counted(track, context, null, () => context.loaders.spotifyStreamTotal.load(track.isrc)),
  shazamTotal: (track, _args, context) => counted(track, context, null, () => context.loaders.shazamTotal.load(track.isrc)),
  playlists: (track, { platform, country, first, after }, context) => {
    const key = {
      isrc: track.isrc,
      platform: platform ?? undefined,
      country: country == null ? undefined : parseCountry(country, 'country', false),
      first: parseFirst(first, { defaultSize: 50, maxSize: 200 }),
      after: after ?? null,
    };
    return counted(track, context, NO_PLACEMENTS, () => context.loaders.placements.load(key));
  },
  charts: (track, args, context) => {
    const filter = parseChartFilter(args);
    return counted(track, context, [], () => context.loaders.chartPositions.load({ isrc: track.isrc, filter }));
  },
  chartPeaks: (track, args, context) => {
    const filter = parseChartFilter(args);
    return counted(track, context, [], () => context.loaders.chartPeaks.load({ isrc: track.isrc, filter }));
  },
  chartHistory: (track, { from, to, ...args }, context) => {
    const filter = parseChartFilter(args);
    const range = parseDateRange({ from, to });
    return counted(track, context, [], () => context.loaders.chartHistory.load({ isrc: track.isrc, filter, ...range }));
  },
};
