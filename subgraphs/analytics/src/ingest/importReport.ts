import type { ChartName, WriteCounts } from './store.ts';

/** Nothing written yet. */
export function noWrites(): WriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
}

/** Adds `more` into `total`. */
export function addWrites(total: WriteCounts, more: WriteCounts): WriteCounts {
  for (const key of ['inserted', 'updated', 'unchanged', 'deleted'] as const) total[key] += more[key];
  return total;
}

/** `SHAZAM PT SHAZAMS DAILY city "Lisbon"`: a chart as reports name it. */
export function chartLabel(chart: ChartName): string {
  return `${chart.platform} ${chart.country} ${chart.type} ${chart.frequency}${chart.genre ? ` genre "${chart.genre}"` : ''}${chart.city ? ` city "${chart.city}"` : ''}`;
}
