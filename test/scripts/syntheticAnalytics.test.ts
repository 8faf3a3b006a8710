import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import { buildSyntheticHistory, CHART_SIZES, countStreamRows, HISTORY_DAYS, streamTotalRows, syntheticChartEditions } from '../../scripts/syntheticAnalytics.ts';
import { buildSyntheticCatalog, SYNTHETIC_LAST_DAY } from '../../scripts/syntheticCatalog.ts';
import { writeSyntheticHistory, type HistoryProgress } from '../../scripts/writeSyntheticAnalytics.ts';
import type { Context } from '../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { storeChartEdition, storeDailyTotals } from '../../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph, execute } from '../helpers/subgraph.ts';

const TRACKS = 400;
const DAYS = 20;
const catalog = buildSyntheticCatalog(TRACKS);
const history = buildSyntheticHistory(catalog, DAYS);

describe('the synthetic history (no database)', () => {
  it('is deterministic, and a smaller catalog gives a prefix of a larger one', () => {
    const again = buildSyntheticHistory(buildSyntheticCatalog(TRACKS), DAYS);
    expect(again.recorded).toEqual(history.recorded);
    const smaller = buildSyntheticHistory(catalog.slice(0, 100), DAYS);
    expect(smaller.recorded).toEqual(history.recorded.subarray(0, 100 * HISTORY_DAYS));
  });

  it('ends on the catalog\'s last day, with totals that never fall, some repeated and a few missing days over a year', () => {
    expect(history.dates).toHaveLength(DAYS);
    expect(history.dates.at(-1)).toBe(SYNTHETIC_LAST_DAY);
    const year = buildSyntheticHistory(catalog);
    let repeated = 0;
    let missing = 0;
    for (let i = 0; i < TRACKS; i++) {
      let last = -1;
      for (let d = 0; d < HISTORY_DAYS; d++) {
        const total = year.recorded[i * HISTORY_DAYS + d]!;
        if (Number.isNaN(total)) {
          if (last >= 0) missing++;
          // The catalog writes its last 30 days for every recording: no day of those may be missing.
          expect(d).toBeLessThan(HISTORY_DAYS - 30);
          continue;
        }
        expect(total).toBeGreaterThanOrEqual(last);
        if (total === last) repeated++;
        last = total;
      }
    }
    expect(repeated).toBeGreaterThan(TRACKS * HISTORY_DAYS * 0.005);
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(TRACKS * HISTORY_DAYS * 0.01);
  });

  it('ranks full charts from the same streams, naming synthetic recordings and the previous position', () => {
    const editions = syntheticChartEditions(history);
    expect(editions).toHaveLength(2 * DAYS);
    for (const edition of editions) {
      expect(edition.entries).toHaveLength(CHART_SIZES[edition.type as keyof typeof CHART_SIZES]);
      expect(edition.entries.map((e) => e.position)).toEqual(edition.entries.map((_, p) => p + 1));
      for (const entry of edition.entries) {
        expect(entry.isrc).toMatch(/^ZZSYN\d{7}$/);
        expect(entry.trackName).toMatch(/^Synthetic Track #/);
      }
    }
    const top = editions.filter((e) => e.type === 'STREAMS');
    const streams = top[5]!.entries.map((e) => e.streams!);
    expect([...streams].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(streams);
    // Realistic churn: most of the chart stays from one day to the next, but not all of it in place.
    const yesterday = new Map(top[4]!.entries.map((e) => [e.isrc, e.position]));
    const stayed = top[5]!.entries.filter((e) => yesterday.has(e.isrc));
    expect(stayed.length).toBeGreaterThan(180);
    expect(stayed.every((e) => e.statedPrevious === yesterday.get(e.isrc))).toBe(true);
    expect(stayed.some((e) => e.statedPrevious !== e.position)).toBe(true);
  });
});

describe('writing it', () => {
  let analytics: Subgraph<AnalyticsPrisma, Context>;
  let first: Awaited<ReturnType<typeof writeSyntheticHistory>>;
  const progress: HistoryProgress[] = [];
  const REAL_ISRC = 'USUM72414866';
  const realDate = history.dates[3]!;

  beforeAll(async () => {
    analytics = await createTestSubgraph(analyticsSubgraph);
    // What writeSyntheticCatalog writes first: its own 30 days, which the history replaces.
    const catalogRows = catalog.flatMap((t) => history.dates.map((date, k) => ({ isrc: t.isrc, date, total: BigInt(t.streams[30 - DAYS + k]!) })));
    await analytics.prisma.$transaction((tx) => storeDailyTotals(tx, 'spotifyStreams', catalogRows));
    // A real edition imported for one day of the window: never overwritten.
    await storeChartEdition(analytics.prisma, { platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'DAILY', date: realDate, entries: [{ position: 1, isrc: REAL_ISRC, trackName: 'EVIL J0RDAN' }] });
    first = await writeSyntheticHistory({ prisma: analytics.prisma, sql: analytics.db.sql }, history, (p) => progress.push(p));
  });
  afterAll(() => analytics?.close());

  it('writes every recorded total, replacing what the catalog wrote, and reports progress', async () => {
    const expected = countStreamRows(history);
    expect(first.streamRows).toBe(expected);
    expect(first.streams.written + first.streams.unchanged).toBe(expected);
    const [row] = await analytics.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "SpotifyStreamCount" WHERE isrc LIKE 'ZZSYN%'`;
    expect(Number(row!.n)).toBe(expected);
    const sample = streamTotalRows(history, 7, 8);
    const stored = await analytics.prisma.spotifyStreamCount.findMany({ where: { isrc: catalog[7]!.isrc }, orderBy: { date: 'asc' } });
    expect(stored.map((r) => [r.date.toISOString().slice(0, 10), r.total.toString()])).toEqual(sample.date.map((d, k) => [d, sample.total[k]]));
    expect(progress.at(-1)).toEqual({ phase: 'charts', done: 2 * DAYS, total: 2 * DAYS });
    expect(progress.find((p) => p.phase === 'streams' && p.done === p.total)).toBeTruthy();
  });

  it('stores totals that never fall for any recording', async () => {
    const [row] = await analytics.prisma.$queryRaw<{ falls: bigint }[]>`
      SELECT count(*) AS falls FROM (SELECT total < lag(total) OVER (PARTITION BY isrc ORDER BY date) AS fell FROM "SpotifyStreamCount" WHERE isrc LIKE 'ZZSYN%') t WHERE fell`;
    expect(Number(row!.falls)).toBe(0);
  });

  it('stores full editions, except the day a real edition holds', async () => {
    expect(first.editionsKeptReal).toBe(1);
    expect(first.chartEntries.inserted).toBe((DAYS - 1) * CHART_SIZES.STREAMS + DAYS * CHART_SIZES.VIRAL);
    const sizes = await analytics.prisma.$queryRaw<{ type: string; date: Date; n: bigint }[]>`
      SELECT c.type::text AS type, e.date, count(*) AS n FROM "ChartEntry" e JOIN "Chart" c ON c.id = e."chartId"
      WHERE c.platform = 'SPOTIFY' AND c.country = 'GLOBAL' AND c.frequency = 'DAILY' GROUP BY 1, 2`;
    expect(sizes).toHaveLength(2 * DAYS);
    for (const { type, date, n } of sizes) {
      const real = type === 'STREAMS' && date.toISOString().slice(0, 10) === realDate;
      expect(Number(n)).toBe(real ? 1 : CHART_SIZES[type as keyof typeof CHART_SIZES]);
    }
  });

  it('answers Query.chart with 200 synthetic entries, their previous positions and their streams', async () => {
    const { data, errors } = await execute(analytics, `{ chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: DAILY) {
      date entries(first: 200) { totalCount nodes { position previousPosition streams track { isrc spotifyStreams(from: "${history.dates[0]}") { total } } } } } }`);
    expect(errors).toBeUndefined();
    expect(data!.chart.date).toBe(SYNTHETIC_LAST_DAY);
    const nodes = data!.chart.entries.nodes as { position: number; previousPosition: number | null; streams: number; track: { isrc: string; spotifyStreams: unknown[] } }[];
    expect(nodes).toHaveLength(200);
    expect(nodes.filter((n) => n.previousPosition !== null).length).toBeGreaterThan(180);
    expect(nodes.every((n) => n.track.isrc.startsWith('ZZSYN') && n.track.spotifyStreams.length > 0 && n.streams > 0)).toBe(true);
  });

  it('changes nothing when run again', async () => {
    const again = await writeSyntheticHistory({ prisma: analytics.prisma, sql: analytics.db.sql }, history);
    expect(again.streams).toEqual({ written: 0, unchanged: first.streamRows });
    expect(again.chartEntries).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: first.chartEntries.inserted });
    expect(again.editionsKeptReal).toBe(1);
  });

  it('puts back a total changed or deleted since', async () => {
    const [a, b] = [catalog[11]!.isrc, catalog[222]!.isrc];
    const day = new Date(`${history.dates[5]}T00:00:00Z`);
    await analytics.prisma.spotifyStreamCount.update({ where: { isrc_date: { isrc: a, date: day } }, data: { total: 1n } });
    await analytics.prisma.spotifyStreamCount.delete({ where: { isrc_date: { isrc: b, date: day } } });
    const repaired = await writeSyntheticHistory({ prisma: analytics.prisma, sql: analytics.db.sql }, history);
    expect(repaired.streams).toEqual({ written: 2, unchanged: first.streamRows - 2 });
    expect(repaired.chartEntries.inserted + repaired.chartEntries.updated).toBe(0);
  });
});
