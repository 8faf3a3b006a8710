import { fileURLToPath } from 'node:url';

/** The recorded Spotify Charts exports (test/fixtures/analytics/README.md). */
export const CHARTS_DIR = fileURLToPath(new URL('../fixtures/analytics/spotify-charts/', import.meta.url));

/** The five recorded exports by what they are. */
export const CHART_FIXTURES = {
  daily1: 'regional-global-daily-2024-01-01.csv',
  daily2: 'regional-global-daily-2024-01-02.csv',
  weeklyGlobal: 'regional-global-weekly-2023-12-28.csv',
  weeklyUs: 'regional-us-weekly-2023-12-28.csv',
  viral: 'viral-global-daily-2024-10-31.csv',
} as const;

/** Path of a recorded export. */
export const chartFixture = (name: string) => `${CHARTS_DIR}${name}`;

/** The header of a daily regional export. */
export const HEADER = 'rank,uri,artist_names,track_name,source,peak_rank,previous_rank,days_on_chart,streams';

/** A well-formed ISRC for the n-th made-up recording (US is an allocated agency code). */
export const fakeIsrc = (n: number) => `USTST24${String(n).padStart(5, '0')}`;
