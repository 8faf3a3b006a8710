import { loadEditionEntries } from '../charts/chartEditions.ts';
import type { ChartEditionResolvers, ChartEntryResolvers } from '../__generated__/resolvers-types.ts';

/** An edition's entries, by position. */
export const ChartEdition: ChartEditionResolvers = {
  entries: (edition, args, { prisma }) => loadEditionEntries(prisma, edition, args),
};

/** An entry's recording, once its ISRC is known (links, streams and the rest come from the other subgraphs). */
export const ChartEntry: ChartEntryResolvers = {
  track: (entry) => (entry.isrc ? { isrc: entry.isrc } : null),
};
