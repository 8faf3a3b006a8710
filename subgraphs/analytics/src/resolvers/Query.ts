import { requireCaller } from '../../../../lib/auth/Caller.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import { parseChartFilter, parseChartName } from '../charts/chartFilters.ts';
import { findChart, findEdition, listCharts } from '../charts/chartEditions.ts';
import { parsePlaylistId, playlistEntity } from '../playlists/playlistIds.ts';
import { findPlaylist } from '../playlists/playlists.ts';
import { entitiesUsed, monthOf } from '../usage/entityUsage.ts';
import type { QueryResolvers } from '../__generated__/resolvers-types.ts';

/** Root queries of the analytics subgraph: charts read from the top, playlists, and the caller's usage. */
export const Query: QueryResolvers = {
  chart: async (_root, args, { prisma, caller, loaders }) => {
    requireCaller(caller);
    const name = parseChartName(args);
    const chart = await findChart(prisma, name);
    if (!chart) return null;
    await loaders.entities.load(`chart:${chart.id}`);
    return findEdition(prisma, chart, args.date ?? null);
  },
  charts: async (_root, args, { prisma, caller }) => {
    requireCaller(caller);
    return listCharts(prisma, parseChartFilter(args));
  },
  playlist: async (_root, { platform, externalId }, { prisma, caller, loaders }) => {
    requireCaller(caller);
    const id = parsePlaylistId(platform, externalId);
    const playlist = await findPlaylist(prisma, platform, id);
    if (playlist) await loaders.entities.load(playlistEntity(platform, id));
    return playlist;
  },
  usage: async (_root, { month }, { prisma, caller }) => {
    const { accountId, entitiesPerMonth = 0 } = requireCaller(caller);
    if (month != null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BadUserInputError(`\`month\` must be YYYY-MM, got "${month}".`, 'month', month);
    const first = month ? `${month}-01` : monthOf(new Date());
    const entities = await entitiesUsed(prisma, accountId, first);
    return { month: first.slice(0, 7), entities, limit: entitiesPerMonth, remaining: Math.max(0, entitiesPerMonth - entities) };
  },
};
