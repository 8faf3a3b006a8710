import { parseCountry } from '../../../../lib/country.ts';
import { BadUserInputError } from '../../../../lib/errors.ts';
import type { ChartFrequency, ChartPlatform, ChartType } from '../../../../prisma/analytics/generated/enums.ts';

/** What each platform's charts can be: types, frequencies, and whether they have genres or cities. */
export const CHART_KINDS: Record<ChartPlatform, { types: ChartType[]; frequencies: ChartFrequency[]; genre: boolean; city: boolean; defaultGenre?: string }> = {
  SPOTIFY: { types: ['STREAMS', 'VIRAL'], frequencies: ['DAILY', 'WEEKLY'], genre: false, city: false },
  APPLE_MUSIC: { types: ['TOP'], frequencies: ['DAILY'], genre: true, city: false, defaultGenre: 'All genres' },
  DEEZER: { types: ['TOP'], frequencies: ['DAILY'], genre: false, city: false },
  SHAZAM: { types: ['SHAZAMS', 'DISCOVERY'], frequencies: ['DAILY'], genre: true, city: true },
};

/** The chart filters of `Track.charts`, `chartPeaks`, `chartHistory` and `Query.charts`, checked. */
export interface ChartFilter {
  platform?: ChartPlatform;
  country?: string;
  type?: ChartType;
  frequency?: ChartFrequency;
  genre?: string;
  city?: string;
}

/** Raw filter arguments as GraphQL passes them. */
export type ChartFilterArgs = { [K in keyof ChartFilter]?: ChartFilter[K] | null };

const LONGEST_NAME = 100;

/**
 * Checks chart filters: an ISO 3166-1 alpha-2 country (or GLOBAL), and a type,
 * frequency, genre or city the platform has. BAD_USER_INPUT naming the argument.
 */
export function parseChartFilter(args: ChartFilterArgs): ChartFilter {
  const filter: ChartFilter = {};
  if (args.platform) filter.platform = args.platform;
  if (args.country != null) filter.country = parseCountry(args.country, 'country');
  if (args.type) filter.type = args.type;
  if (args.frequency) filter.frequency = args.frequency;
  for (const name of ['genre', 'city'] as const) {
    const value = args[name];
    if (value == null) continue;
    if (value.trim() === '' || value.length > LONGEST_NAME) throw new BadUserInputError(`\`${name}\` must be 1 to ${LONGEST_NAME} characters.`, name, value);
    filter[name] = value.trim();
  }
  const kind = filter.platform ? CHART_KINDS[filter.platform] : undefined;
  if (kind && filter.type && !kind.types.includes(filter.type)) {
    throw new BadUserInputError(`${filter.platform} has no ${filter.type} charts; its types are ${kind.types.join(', ')}.`, 'type', filter.type);
  }
  if (kind && filter.frequency && !kind.frequencies.includes(filter.frequency)) {
    throw new BadUserInputError(`${filter.platform} has no ${filter.frequency} charts; its frequencies are ${kind.frequencies.join(', ')}.`, 'frequency', filter.frequency);
  }
  if (kind && filter.genre && !kind.genre) throw new BadUserInputError(`${filter.platform} charts have no genres.`, 'genre', filter.genre);
  if (kind && filter.city && !kind.city) throw new BadUserInputError(`${filter.platform} charts have no cities.`, 'city', filter.city);
  return filter;
}

/** The one chart `Query.chart` names: the platform's only type, frequency or default genre fill what is omitted. */
export function parseChartName(args: ChartFilterArgs & { platform: ChartPlatform; country: string }): Required<Omit<ChartFilter, 'genre' | 'city'>> & { genre: string; city: string } {
  const filter = parseChartFilter(args);
  const kind = CHART_KINDS[args.platform];
  const type = filter.type ?? (kind.types.length === 1 ? kind.types[0]! : undefined);
  if (!type) throw new BadUserInputError(`Name the ${args.platform} chart's \`type\`: ${kind.types.join(' or ')}.`, 'type', null);
  const frequency = filter.frequency ?? (kind.frequencies.length === 1 ? kind.frequencies[0]! : 'DAILY');
  return { platform: args.platform, country: filter.country!, type, frequency, genre: filter.genre ?? kind.defaultGenre ?? '', city: filter.city ?? '' };
}
