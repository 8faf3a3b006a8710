import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { loadCurrentPositions, loadHistory, loadPeaks } from '../../../subgraphs/analytics/src/charts/chartQueries.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { storeDailyTotals, storePlaylistSnapshot, writeChartEdition } from '../../../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { loadPlacementPages } from '../../../subgraphs/analytics/src/playlists/placements.ts';
import { loadLatestTotals } from '../../../subgraphs/analytics/src/totals.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';
import { splitStatements } from './usageStatements.ts';

// Every Track field answers 100 recordings in the statements it needs for 1.
let analytics: Subgraph<AnalyticsPrisma, Context>;
const isrc = (n: number) => `QZBAT26${String(n).padStart(5, '0')}`;
const HUNDRED = Array.from({ length: 100 }, (_, i) => isrc(i + 1));

beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph);
  // Two days of a 100-entry chart, Spotify and Shazam totals and a playlist holding them all: every field has rows for every recording.
  await analytics.prisma.$transaction(async (tx) => {
    for (const [date, shift] of [['2026-11-01', 0], ['2026-11-02', 1]] as const) {
      await writeChartEdition(tx, { platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY', date, entries: HUNDRED.map((i, n) => ({ position: ((n + shift) % 100) + 1, isrc: i })) });
    }
    await storeDailyTotals(tx, 'shazams', HUNDRED.flatMap((i, n) => [{ isrc: i, date: '2026-11-01', total: BigInt(n) }, { isrc: i, date: '2026-11-02', total: BigInt(2 * n) }]));
    await storeDailyTotals(tx, 'spotifyStreams', HUNDRED.flatMap((i, n) => [{ isrc: i, date: '2026-11-01', total: BigInt(10 * n) }, { isrc: i, date: '2026-11-02', total: BigInt(30 * n) }]));
  });
  await storePlaylistSnapshot(analytics.prisma, { platform: 'DEEZER', externalId: '777', date: '2026-11-02', name: 'All of them', followers: 5, placements: HUNDRED.map((i, n) => ({ isrc: i, position: n + 1 })) });
});
afterAll(() => analytics?.close());

const FIELDS: Record<string, string> = {
  spotifyStreams: 'spotifyStreams(from: "2026-10-01") { date }',
  shazams: 'shazams { date total daily }',
  spotifyStreamTotal: 'spotifyStreamTotal { total }',
  shazamTotal: 'shazamTotal { date total }',
  playlists: 'playlists(first: 5) { totalCount nodes { position playlist { name followers } } }',
  charts: 'charts { chart { country } position previousPosition }',
  chartPeaks: 'chartPeaks { position date }',
  chartHistory: 'chartHistory(from: "2026-11-01") { points { date position } }',
};

let account = 0;
/** Runs `selection` for `isrcs` as a fresh account (so usage costs its one statement each time) and returns the data statements. */
async function dataStatements(selection: string, isrcs: string[]) {
  const { data, errors, sql } = await execute(analytics, entitiesQuery('Track', `isrc ${selection}`), { representations: isrcs.map((i) => ({ __typename: 'Track', isrc: i })) }, {
    accountId: `batching-${++account}`, keyId: 'k', scopes: ['read'], contract: 'internal', plan: 'internal', entitiesPerMonth: 1_000,
  } as never);
  expect(errors).toBeUndefined();
  const { data: reads, usage } = splitStatements(sql);
  return { result: data, reads, usage };
}

describe('100 recordings through _entities', () => {
  it.each(Object.entries(FIELDS))('%s: as many statements for 100 as for 1', async (_name, selection) => {
    const one = await dataStatements(selection, [isrc(1)]);
    const hundred = await dataStatements(selection, HUNDRED);
    expect(hundred.result?._entities).toHaveLength(100);
    // Every recording has something in every field, so a field loaded one by one would show.
    for (const entity of hundred.result!._entities) expect(Object.values(entity).every((value) => value !== null && (!Array.isArray(value) || value.length > 0))).toBe(true);
    expect(hundred.reads.length).toBe(one.reads.length);
    expect(hundred.reads.length).toBeLessThanOrEqual(2);
    expect(hundred.usage).toHaveLength(1);
  });

  it('every field at once: one statement each, and one to count the 100 recordings', async () => {
    const all = Object.values(FIELDS).join(' ');
    const one = await dataStatements(all, [isrc(1)]);
    const hundred = await dataStatements(all, HUNDRED);
    expect(hundred.reads.length).toBe(one.reads.length);
    expect(hundred.reads.length).toBeLessThanOrEqual(Object.keys(FIELDS).length + 2);
    expect(hundred.usage).toHaveLength(1);
  });

  it('answers each recording its own rows', async () => {
    const { result: data } = await dataStatements(FIELDS.charts + ' ' + FIELDS.shazams, [isrc(1), isrc(100), isrc(50)]);
    expect(data?._entities.map((t: { charts: { position: number; previousPosition: number }[] }) => t.charts[0])).toEqual([
      { chart: { country: 'GLOBAL' }, position: 2, previousPosition: 1 },
      { chart: { country: 'GLOBAL' }, position: 1, previousPosition: 100 },
      { chart: { country: 'GLOBAL' }, position: 51, previousPosition: 50 },
    ]);
    expect(data?._entities[2].shazams).toEqual([{ date: '2026-11-02', total: 98, daily: 49 }, { date: '2026-11-01', total: 49, daily: null }]);
  });
});

describe('which keys go together', () => {
  /** Records the values of every `$queryRaw` the loaders send, to see which ISRCs one statement carried. */
  // Array values, also inside nested Prisma.sql fragments.
  const arrays = (value: unknown): unknown[] => (Array.isArray(value) ? value : value && typeof value === 'object' && 'values' in value ? (value.values as unknown[]).flatMap(arrays) : []);
  function recording() {
    const batches: unknown[][] = [];
    const prisma = new Proxy(analytics.prisma, {
      get(target, property, receiver) {
        if (property !== '$queryRaw') return Reflect.get(target, property, receiver);
        return (strings: TemplateStringsArray, ...values: unknown[]) => (batches.push(values.flatMap(arrays)), target.$queryRaw(strings, ...values));
      },
    });
    return { prisma, batches };
  }

  it('chart loaders: one statement per distinct filter, carrying every ISRC of it once', async () => {
    const { prisma, batches } = recording();
    const deezer = { platform: 'DEEZER' as const };
    await loadCurrentPositions(prisma, [
      { isrc: isrc(1), filter: deezer },
      { isrc: isrc(2), filter: {} },
      { isrc: isrc(3), filter: deezer },
      { isrc: isrc(1), filter: deezer },
    ]);
    expect(batches).toEqual([[isrc(1), isrc(3)], [isrc(2)]]);
    batches.length = 0;
    await loadPeaks(prisma, HUNDRED.map((i) => ({ isrc: i, filter: {} })));
    expect(batches).toEqual([HUNDRED]);
    batches.length = 0;
    await loadHistory(prisma, [{ isrc: isrc(1), filter: {}, from: '2026-11-01' }, { isrc: isrc(2), filter: {}, from: '2026-11-02' }, { isrc: isrc(3), filter: {}, from: '2026-11-01' }]);
    expect(batches).toEqual([[isrc(1), isrc(3)], [isrc(2)]]);
  });

  it('totals and placements: every ISRC of the tick in one statement', async () => {
    const { prisma, batches } = recording();
    await loadLatestTotals(prisma, 'shazams', [isrc(5), isrc(6), isrc(7)]);
    expect(batches).toEqual([[isrc(5), isrc(6), isrc(7)]]);
    batches.length = 0;
    const pages = await loadPlacementPages(prisma, [isrc(8), isrc(9)].map((i) => ({ isrc: i, first: 10, after: null })));
    expect(batches[0]).toEqual([isrc(8), isrc(9)]);
    expect(pages.map((page) => page.totalCount)).toEqual([1, 1]);
  });
});
