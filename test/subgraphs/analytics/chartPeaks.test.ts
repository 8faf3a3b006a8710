import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { resolveChartTracks, storeChartEdition, type ChartEditionInput } from '../../../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';

// "ChartPeak" is kept by triggers on "ChartEntry"; after any sequence of writes it must equal the peaks recomputed from the history.
let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph, { seed: false });
});
afterAll(() => analytics?.close());

type Peak = { isrc: string; chartId: number; position: number; date: string };
const sorted = (peaks: Peak[]) => peaks.map((p) => `${p.isrc}|${p.chartId}|${p.position}|${p.date}`).sort();

async function stored(): Promise<string[]> {
  const rows = await analytics.prisma.$queryRaw<Peak[]>`SELECT isrc, "chartId", position, date::text AS date FROM "ChartPeak"`;
  return sorted(rows);
}

/** The oracle: best position per recording and chart, first date reached, straight from the history. */
async function fromHistory(): Promise<string[]> {
  const rows = await analytics.prisma.$queryRaw<Peak[]>`
    SELECT DISTINCT ON (isrc, "chartId") isrc, "chartId", position, date::text AS date
    FROM "ChartEntry" WHERE isrc IS NOT NULL ORDER BY isrc, "chartId", position, date`;
  return sorted(rows);
}

const isrc = (n: number) => `GBPKS26${String(n).padStart(5, '0')}`;
const chart = (country: string, date: string, entries: ChartEditionInput['entries']): ChartEditionInput => ({ platform: 'DEEZER', country, type: 'TOP', frequency: 'DAILY', date, entries });

describe('chart peaks kept by the database', () => {
  it('takes the best position and the first date it was reached; a rewrite that loses the peak falls back to the next best', async () => {
    await storeChartEdition(analytics.prisma, chart('FR', '2026-02-01', [{ position: 1, isrc: isrc(1) }, { position: 2, isrc: isrc(2) }]));
    await storeChartEdition(analytics.prisma, chart('FR', '2026-02-02', [{ position: 1, isrc: isrc(2) }, { position: 2, isrc: isrc(1) }]));
    await storeChartEdition(analytics.prisma, chart('FR', '2026-02-03', [{ position: 1, isrc: isrc(2) }]));
    const peakOf = async (n: number) => (await analytics.prisma.chartPeak.findMany({ where: { isrc: isrc(n) } })).map((p) => [p.position, p.date.toISOString().slice(0, 10)]);
    expect(await peakOf(1)).toEqual([[1, '2026-02-01']]);
    expect(await peakOf(2)).toEqual([[1, '2026-02-02']]); // reached first on the 2nd, held on the 3rd

    // The 2nd edition is corrected: isrc(2) was never 1st that day; its peak moves to the 3rd.
    await storeChartEdition(analytics.prisma, chart('FR', '2026-02-02', [{ position: 3, isrc: isrc(2) }]));
    expect(await peakOf(2)).toEqual([[1, '2026-02-03']]);
    // The 1st edition loses isrc(1), which is then in no stored edition: no peak at all.
    await storeChartEdition(analytics.prisma, chart('FR', '2026-02-01', [{ position: 2, isrc: isrc(2) }]));
    expect(await peakOf(1)).toEqual([]);
    expect(await stored()).toEqual(await fromHistory());
  });

  it('gives a peak to entries whose ISRC is resolved later, and to nothing without one', async () => {
    const spotify = (date: string, entries: ChartEditionInput['entries']): ChartEditionInput => ({ platform: 'SPOTIFY', country: 'FR', type: 'STREAMS', frequency: 'DAILY', date, entries });
    await storeChartEdition(analytics.prisma, spotify('2026-02-01', [{ position: 4, externalId: 'p'.repeat(22) }]));
    await storeChartEdition(analytics.prisma, spotify('2026-02-02', [{ position: 3, externalId: 'p'.repeat(22) }]));
    expect(await analytics.prisma.chartPeak.count({ where: { isrc: isrc(9) } })).toBe(0);
    await resolveChartTracks(analytics.prisma, 'SPOTIFY', new Map([['p'.repeat(22), isrc(9)]]));
    const [peak] = await analytics.prisma.chartPeak.findMany({ where: { isrc: isrc(9) } });
    expect([peak?.position, peak?.date.toISOString().slice(0, 10)]).toEqual([3, '2026-02-02']);
    expect(await stored()).toEqual(await fromHistory());
  });

  it('equals the peaks recomputed from the history after 300 random writes, rewrites and removals', async () => {
    // mulberry32: a seeded generator, so a failure replays.
    let seed = 20261201;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const countries = ['DE', 'IT', 'ES'];
    for (let step = 0; step < 300; step++) {
      const size = random(6); // 0 removes the whole edition's rows but one
      const positions = [...new Set(Array.from({ length: size + 1 }, () => 1 + random(8)))];
      const entries = positions.map((position) => ({ position, isrc: random(5) === 0 ? undefined : isrc(100 + random(12)), externalId: String(random(40)) }));
      await storeChartEdition(analytics.prisma, chart(countries[random(3)]!, `2026-03-${String(1 + random(9)).padStart(2, '0')}`, entries));
      if (step % 50 === 49) expect(await stored()).toEqual(await fromHistory());
    }
    expect((await stored()).length).toBeGreaterThan(20);
  });

  it('drops the peaks of a chart that is deleted', async () => {
    const { id } = await analytics.prisma.chart.findFirstOrThrow({ where: { country: 'IT' } });
    await analytics.prisma.chart.delete({ where: { id } });
    expect(await analytics.prisma.chartPeak.count({ where: { chartId: id } })).toBe(0);
    expect(await stored()).toEqual(await fromHistory());
  });
});
