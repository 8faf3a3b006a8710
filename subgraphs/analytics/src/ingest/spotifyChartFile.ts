import { basename } from 'node:path';
import { parseCountry } from '../../../../lib/country.ts';
import { parseIsoDate } from '../../../../lib/scalars.ts';
import type { ChartName } from './store.ts';

/** A chart file that cannot be imported at all (its name, its header, its CSV); nothing of it is written. */
export class ChartFileError extends Error {
  override name = 'ChartFileError';
}

/** The chart edition a Spotify Charts export holds, as its file name says. */
export interface SpotifyChartFile extends ChartName {
  date: string;
}

/** Spotify's download names: `regional-<region>-<daily|weekly>-<date>.csv`, `viral-<region>-daily-<date>.csv`. */
const FILE_NAME = /^(regional|viral)-([a-z]+)-(daily|weekly)-(\d{4}-\d{2}-\d{2})\.csv$/i;

/** Day of the week of Spotify's weekly editions (`Date#getUTCDay`): Thursday. */
const THURSDAY = 4;

/** Why `day` cannot date a weekly Spotify edition, or null when it is a Thursday. */
export function weeklyDateProblem(day: Date): string | null {
  if (day.getUTCDay() === THURSDAY) return null;
  return `weekly Spotify charts are dated Thursdays, and ${day.toISOString().slice(0, 10)} is a ${day.toLocaleDateString('en', { weekday: 'long', timeZone: 'UTC' })}`;
}

/**
 * Reads the chart, market, frequency and date from a Spotify Charts file name
 * (the CSV itself carries none of them): `regional` is the STREAMS chart,
 * `viral` the VIRAL one; `global` is GLOBAL, any other region an ISO 3166-1
 * alpha-2 code; weekly editions are dated Thursdays.
 * @throws ChartFileError saying what is wrong with the name
 */
export function parseChartFileName(path: string): SpotifyChartFile {
  const name = basename(path);
  const match = FILE_NAME.exec(name);
  if (!match) {
    throw new ChartFileError(`"${name}" is not a Spotify Charts file name: expected regional-<country|global>-<daily|weekly>-<YYYY-MM-DD>.csv or viral-<country|global>-daily-<YYYY-MM-DD>.csv.`);
  }
  const [, kind, region, frequency, date] = match as unknown as [string, string, string, string, string];
  let country: string;
  let day: Date;
  try {
    country = parseCountry(region, 'country');
    day = parseIsoDate(date, 'date');
  } catch (error) {
    // The API's messages put the argument in backticks; a terminal reads better without.
    throw new ChartFileError(`"${name}": ${(error as Error).message.replace(/`/g, '')}`);
  }
  const notThursday = frequency.toLowerCase() === 'weekly' ? weeklyDateProblem(day) : null;
  if (notThursday) throw new ChartFileError(`"${name}": ${notThursday}.`);
  return {
    platform: 'SPOTIFY',
    country,
    type: kind.toLowerCase() === 'viral' ? 'VIRAL' : 'STREAMS',
    frequency: frequency.toLowerCase() === 'weekly' ? 'WEEKLY' : 'DAILY',
    date,
  };
}
