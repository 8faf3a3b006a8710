import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { resolveChartTracks, storeChartEdition, storeDailyTotals, storePlaylistSnapshot, unresolvedChartTracks, writeChartEdition, type ChartEditionInput } from '../../../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph } from '../../helpers/subgraph.ts';

// The writers every importer and collector goes through: idempotent, one transaction each.
let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph, { seed: false });
});
afterAll(() => analytics?.close());

const NONE = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
const edition = (date: string, entries: ChartEditionInput['entries']): ChartEditionInput => ({ platform: 'SPOTIFY', country: 'GB', type: 'STREAMS', frequency: 'DAILY', date, entries });
const entriesOf = (date: string) => analytics.prisma.chartEntry.findMany({ where: { date: new Date(`${date}T00:00:00Z`), chart: { country: 'GB' } }, orderBy: { position: 'asc' } });

describe('chart editions', () => {
  const first = [
    { position: 1, externalId: 'a'.repeat(22), trackName: 'A', artistNames: 'X', streams: 100n },
    { position: 2, externalId: 'b'.repeat(22), trackName: 'B', artistNames: 'Y', streams: 90n, statedPrevious: 1 },
  ];

  it('writes an edition, then changes nothing when written again', async () => {
    expect(await storeChartEdition(analytics.prisma, edition('2026-01-01', first))).toEqual({ ...NONE, inserted: 2 });
    expect(await storeChartEdition(analytics.prisma, edition('2026-01-01', first))).toEqual({ ...NONE, unchanged: 2 });
    const chart = await analytics.prisma.chart.findFirstOrThrow({ where: { country: 'GB' } });
    expect(chart.latestDate?.toISOString().slice(0, 10)).toBe('2026-01-01');
  });

  it('keeps an ISRC resolved later when the same track id comes again without one, and drops it when the id changes', async () => {
    expect(await unresolvedChartTracks(analytics.prisma, 'SPOTIFY')).toEqual(['a'.repeat(22), 'b'.repeat(22)]);
    expect(await resolveChartTracks(analytics.prisma, 'SPOTIFY', new Map([['a'.repeat(22), 'GBAAA2600001']]))).toBe(1);
    expect(await resolveChartTracks(analytics.prisma, 'DEEZER', new Map([['b'.repeat(22), 'GBAAA2600002']]))).toBe(0);
    expect(await storeChartEdition(analytics.prisma, edition('2026-01-01', first))).toEqual({ ...NONE, unchanged: 2 });
    expect((await entriesOf('2026-01-01'))[0]?.isrc).toBe('GBAAA2600001');
    const swapped = [{ ...first[0]!, externalId: 'c'.repeat(22) }, first[1]!];
    expect(await storeChartEdition(analytics.prisma, edition('2026-01-01', swapped))).toEqual({ ...NONE, updated: 1, unchanged: 1 });
    expect((await entriesOf('2026-01-01'))[0]?.isrc).toBeNull();
  });

  it('holds exactly the entries written: a shorter edition removes the rest', async () => {
    expect(await storeChartEdition(analytics.prisma, edition('2026-01-01', [first[1]!]))).toMatchObject({ deleted: 1 });
    expect((await entriesOf('2026-01-01')).map((e) => e.position)).toEqual([2]);
  });

  it('moves latestDate forward only', async () => {
    await storeChartEdition(analytics.prisma, edition('2026-01-03', first));
    await storeChartEdition(analytics.prisma, edition('2026-01-02', first));
    const chart = await analytics.prisma.chart.findFirstOrThrow({ where: { country: 'GB' } });
    expect(chart.latestDate?.toISOString().slice(0, 10)).toBe('2026-01-03');
  });

  it('writes nothing of an edition whose transaction fails', async () => {
    await expect(
      analytics.prisma.$transaction(async (tx) => {
        await writeChartEdition(tx, edition('2026-01-04', first));
        throw new Error('the file broke half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(await entriesOf('2026-01-04')).toEqual([]);
  });
});

describe('daily totals', () => {
  it('writes, replaces a changed total, leaves an equal one, and takes the last of duplicates', async () => {
    const rows = [{ isrc: 'GBAAA2600001', date: '2026-01-01', total: 5n }, { isrc: 'GBAAA2600001', date: '2026-01-02', total: 8n }];
    expect(await storeDailyTotals(analytics.prisma, 'shazams', rows)).toEqual({ ...NONE, inserted: 2 });
    expect(await storeDailyTotals(analytics.prisma, 'shazams', [...rows, { isrc: 'GBAAA2600001', date: '2026-01-02', total: 9n }])).toEqual({ ...NONE, unchanged: 1, updated: 1 });
    expect(await storeDailyTotals(analytics.prisma, 'spotifyStreams', [])).toEqual(NONE);
    const stored = await analytics.prisma.shazamCount.findMany({ orderBy: { date: 'asc' } });
    expect(stored.map((row) => row.total)).toEqual([5n, 9n]);
  });
});

describe('playlist snapshots', () => {
  const deezer = { platform: 'DEEZER' as const, externalId: '42', name: 'Chill', followers: 10 };

  it('writes the current state and one followers point a day; the same snapshot again changes nothing', async () => {
    const snapshot = { ...deezer, date: '2026-01-02', placements: [{ isrc: 'GBAAA2600001', position: 1, addedAt: '2026-01-01' }, { isrc: 'GBAAA2600002', position: 2 }] };
    expect(await storePlaylistSnapshot(analytics.prisma, snapshot)).toMatchObject({ current: true, followersPoint: true, placements: { ...NONE, inserted: 2 } });
    expect(await storePlaylistSnapshot(analytics.prisma, snapshot)).toMatchObject({ current: true, followersPoint: false, placements: { ...NONE, unchanged: 2 } });
  });

  it('takes an older snapshot as a followers point only', async () => {
    const result = await storePlaylistSnapshot(analytics.prisma, { ...deezer, date: '2026-01-01', followers: 7, name: 'Old name', placements: [] });
    expect(result).toMatchObject({ current: false, followersPoint: true, placements: NONE });
    const playlist = await analytics.prisma.playlist.findFirstOrThrow({ where: { externalId: '42' }, include: { placements: true, followerHistory: { orderBy: { date: 'asc' } } } });
    expect(playlist).toMatchObject({ name: 'Chill', followers: 10 });
    expect(playlist.placements).toHaveLength(2);
    expect(playlist.followerHistory.map((f) => f.followers)).toEqual([7, 10]);
  });

  it('replaces the placements of a newer snapshot, and an empty one empties the playlist', async () => {
    const moved = await storePlaylistSnapshot(analytics.prisma, { ...deezer, date: '2026-01-03', placements: [{ isrc: 'GBAAA2600002', position: 1 }] });
    expect(moved.placements).toEqual({ ...NONE, updated: 1, deleted: 1 });
    const emptied = await storePlaylistSnapshot(analytics.prisma, { ...deezer, date: '2026-01-04', placements: [] });
    expect(emptied.placements).toMatchObject({ deleted: 1 });
  });

  it('replaces Apple Music placements per country, leaving the countries a snapshot does not name', async () => {
    const apple = { platform: 'APPLE_MUSIC' as const, externalId: 'pl.0123456789abcdef0123456789abcdef', name: 'Apple' };
    await storePlaylistSnapshot(analytics.prisma, { ...apple, date: '2026-01-01', placements: [{ isrc: 'GBAAA2600001', position: 3, country: 'US' }, { isrc: 'GBAAA2600001', position: 5, country: 'FR' }] });
    const fr = await storePlaylistSnapshot(analytics.prisma, { ...apple, date: '2026-01-02', placements: [{ isrc: 'GBAAA2600002', position: 1, country: 'FR' }] });
    expect(fr.placements).toEqual({ ...NONE, inserted: 1, deleted: 1 });
    const rows = await analytics.prisma.playlistPlacement.findMany({ where: { playlist: { platform: 'APPLE_MUSIC' } }, orderBy: { country: 'asc' } });
    expect(rows.map((r) => [r.country, r.isrc, r.position])).toEqual([['FR', 'GBAAA2600002', 1], ['US', 'GBAAA2600001', 3]]);
  });
});
