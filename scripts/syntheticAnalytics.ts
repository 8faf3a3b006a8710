/**
 * Deterministic synthetic analytics history (no I/O), for benchmarks: daily
 * cumulative Spotify stream totals of the synthetic catalog's recordings for
 * up to a year ending {@link SYNTHETIC_LAST_DAY}, and the Spotify charts those
 * streams make. Everything is keyed by the catalog's ZZSYN ISRCs, so links and
 * analytics join, and nothing here can be mistaken for real data.
 *
 * One model drives both: each recording has a release-day level of daily
 * streams (log-normal), a release day (most before the year, a quarter during
 * it: one in eight, nothing recorded before), a decay from that level to a plateau, noise
 * that persists from day to day (chart positions move a few places a day
 * rather than at random) and a weekly rhythm. Totals as recorded are the
 * running sum, except about 1 % of days recorded again with the previous
 * day's total (caught up the next day) and about 0.4 % missing, never within
 * the catalog's last 30 days (writeSyntheticCatalog writes every one of those).
 * Charts rank the same daily streams: the top 200 by streams (SPOTIFY GLOBAL
 * STREAMS DAILY, streams per entry) and a Viral 50 by growth over the previous
 * week (SPOTIFY GLOBAL VIRAL DAILY, no streams, as Spotify's). The model of
 * recording `n` depends on `n` alone, so a smaller run is a prefix of a larger one.
 */
import type { ChartEditionInput, ChartEntryInput } from '../subgraphs/analytics/src/ingest/store.ts';
import { prng, SYNTHETIC_LAST_DAY, type SyntheticTrack } from './syntheticCatalog.ts';

/** Days the model spans, ending {@link SYNTHETIC_LAST_DAY}: the most a history can have. */
export const HISTORY_DAYS = 365;
/** Entries per edition of the synthetic charts. */
export const CHART_SIZES = { STREAMS: 200, VIRAL: 50 } as const;
/** Days at the end where no day is missing, because the catalog writes them all. */
const CATALOG_DAYS = 30;
const DAY_MS = 86_400_000;
const MISSING = 0.004;
const REPEATED = 0.01;
/** Streams by day of the week (getUTCDay: Sunday first): Fridays bring new releases. */
const WEEKDAY = [0.93, 0.96, 0.98, 0.99, 1, 1.07, 1.03];

/** A synthetic history: the model's daily streams and the totals recorded, for the written window. */
export interface SyntheticHistory {
  tracks: readonly SyntheticTrack[];
  /** The window written, oldest first (`YYYY-MM-DD`), ending {@link SYNTHETIC_LAST_DAY}. */
  dates: string[];
  /** Model day (0 … HISTORY_DAYS - 1) of `dates[0]`. */
  firstDay: number;
  /** Streams of track `i` on model day `d` at `[i * HISTORY_DAYS + d]` (0 before its release). */
  daily: Float64Array;
  /** Total recorded for track `i` on model day `d`, same layout (NaN: no row that day). */
  recorded: Float64Array;
}

/** The date of model day `d`. */
export function historyDate(d: number): string {
  return new Date(Date.parse(`${SYNTHETIC_LAST_DAY}T00:00:00Z`) - (HISTORY_DAYS - 1 - d) * DAY_MS).toISOString().slice(0, 10);
}

const WEEKDAY_OF_DAY_0 = new Date(historyDate(0)).getUTCDay();

/** Simulates recording `n` (its catalog index) into row `i` of the arrays. */
function simulate(n: number, i: number, daily: Float64Array, recorded: Float64Array): void {
  const random = prng((Math.imul(n + 1, 0x9e3779b1) ^ 0x5eed_a11c) >>> 0);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const peak = 10 ** (4.5 + 0.75 * gauss());
  const plateau = 0.15 + 0.35 * random();
  const tau = 10 + 80 * random();
  // One in eight is released during the year, never in the catalog's last 30 days (it writes every one of those).
  const release = random() < 0.125 ? Math.floor(random() * (HISTORY_DAYS - CATALOG_DAYS)) : -Math.floor(30 + random() * 1_800);
  const level = (age: number) => peak * (plateau + (1 - plateau) * Math.exp(-age / tau));
  // Streams before the year: the same curve summed over the days since release, without noise.
  const before = -release;
  let total = release < 0 ? Math.round(peak * (plateau * before + ((1 - plateau) * (1 - Math.exp(-before / tau))) / (1 - Math.exp(-1 / tau)))) : 0;
  let noise = 0.15 * gauss();
  let last = NaN;
  for (let d = 0; d < HISTORY_DAYS; d++) {
    noise = 0.97 * noise + 0.04 * gauss();
    const chance = random();
    const at = i * HISTORY_DAYS + d;
    if (d < release) {
      recorded[at] = NaN;
      continue;
    }
    const streams = Math.round(level(d - release) * Math.exp(noise) * WEEKDAY[(WEEKDAY_OF_DAY_0 + d) % 7]!);
    daily[at] = streams;
    total += streams;
    if (chance < MISSING && d < HISTORY_DAYS - CATALOG_DAYS) recorded[at] = NaN;
    else recorded[at] = chance < MISSING + REPEATED && !Number.isNaN(last) ? last : total;
    if (!Number.isNaN(recorded[at])) last = recorded[at]!;
  }
}

/**
 * The history of `tracks` (the catalog, in catalog order) over its last `days`
 * days (1 to {@link HISTORY_DAYS}); the same tracks and days always give the same history.
 */
export function buildSyntheticHistory(tracks: readonly SyntheticTrack[], days = HISTORY_DAYS): SyntheticHistory {
  if (!Number.isInteger(days) || days < 1 || days > HISTORY_DAYS) throw new TypeError(`days must be an integer from 1 to ${HISTORY_DAYS}, got ${days}`);
  const daily = new Float64Array(tracks.length * HISTORY_DAYS);
  const recorded = new Float64Array(tracks.length * HISTORY_DAYS);
  tracks.forEach((track, i) => simulate(catalogIndex(track), i, daily, recorded));
  const firstDay = HISTORY_DAYS - days;
  return { tracks, dates: Array.from({ length: days }, (_, k) => historyDate(firstDay + k)), firstDay, daily, recorded };
}

/** The catalog index of a synthetic recording, from its ISRC (ZZSYN + block + number). */
function catalogIndex(track: SyntheticTrack): number {
  const n = Number(track.isrc.slice(5, 7)) * 100_000 + Number(track.isrc.slice(7));
  if (!track.isrc.startsWith('ZZSYN') || !Number.isInteger(n)) throw new TypeError(`expected a synthetic ISRC (ZZSYN…), got ${track.isrc}`);
  return n;
}

/** How many daily totals the history records within its window. */
export function countStreamRows(history: SyntheticHistory): number {
  let rows = 0;
  for (let i = 0; i < history.tracks.length; i++) {
    for (let d = history.firstDay; d < HISTORY_DAYS; d++) if (!Number.isNaN(history.recorded[i * HISTORY_DAYS + d])) rows++;
  }
  return rows;
}

/** Recorded totals of tracks `from` … `to - 1` within the window, as columns (totals as decimal strings). */
export function streamTotalRows(history: SyntheticHistory, from: number, to: number): { isrc: string[]; date: string[]; total: string[] } {
  const rows = { isrc: [] as string[], date: [] as string[], total: [] as string[] };
  for (let i = from; i < Math.min(to, history.tracks.length); i++) {
    history.dates.forEach((date, k) => {
      const total = history.recorded[i * HISTORY_DAYS + history.firstDay + k]!;
      if (Number.isNaN(total)) return;
      rows.isrc.push(history.tracks[i]!.isrc);
      rows.date.push(date);
      rows.total.push(String(total));
    });
  }
  return rows;
}

/** Indexes of the `size` best scores (positive only), best first; ties by catalog order. */
function topIndexes(scores: Float64Array, size: number): number[] {
  const sorted = Float64Array.from(scores).sort();
  const threshold = Math.max(sorted[Math.max(0, sorted.length - size)] ?? 0, Number.MIN_VALUE);
  const chosen: number[] = [];
  scores.forEach((score, i) => score >= threshold && chosen.push(i));
  return chosen.sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, size);
}

/** Each kind of synthetic chart: how it scores a recording on model day `d`. */
const CHARTS = {
  STREAMS: (h: SyntheticHistory, at: number) => h.daily[at]!,
  // The last three days' streams over the week before, among recordings with some audience.
  VIRAL: (h: SyntheticHistory, at: number, d: number) => {
    let recent = 0;
    let before = 0;
    for (let k = 0; k < 10 && k <= d; k++) (k < 3 ? (recent += h.daily[at - k]!) : (before += h.daily[at - k]!));
    return h.daily[at]! < 1_000 ? 0 : recent / 3 / (before / 7 + 1_000);
  },
} as const;

/** The ranking of one chart on model day `d`. */
function rank(history: SyntheticHistory, type: keyof typeof CHARTS, d: number): number[] {
  const scores = new Float64Array(history.tracks.length);
  for (let i = 0; i < scores.length; i++) scores[i] = CHARTS[type](history, i * HISTORY_DAYS + d, d);
  return topIndexes(scores, CHART_SIZES[type]);
}

/**
 * The synthetic chart editions, one per chart per day of the window: entries
 * name the recording by ISRC and Spotify id, with the previous position the
 * source would state (the model knows the day before the window too).
 */
export function syntheticChartEditions(history: SyntheticHistory): ChartEditionInput[] {
  const editions: ChartEditionInput[] = [];
  for (const type of ['STREAMS', 'VIRAL'] as const) {
    let previous = history.firstDay > 0 ? rank(history, type, history.firstDay - 1) : [];
    history.dates.forEach((date, k) => {
      const d = history.firstDay + k;
      const today = rank(history, type, d);
      const before = new Map(previous.map((i, p) => [i, p + 1]));
      const entries: ChartEntryInput[] = today.map((i, p) => {
        const track = history.tracks[i]!;
        const streams = type === 'STREAMS' ? BigInt(history.daily[i * HISTORY_DAYS + d]!) : null;
        return { position: p + 1, isrc: track.isrc, externalId: track.spotifyId, trackName: track.title, artistNames: track.artist, streams, statedPrevious: before.get(i) ?? null };
      });
      editions.push({ platform: 'SPOTIFY', country: 'GLOBAL', type, frequency: 'DAILY', date, entries });
      previous = today;
    });
  }
  return editions;
}
