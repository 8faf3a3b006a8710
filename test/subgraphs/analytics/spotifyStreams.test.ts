import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../../lib/cache/Cache.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEMO_SPOTIFY_STREAMS, EVIL_J0RDAN_ISRC, seedDemo } from '../../../prisma/analytics/seed.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { loadStreamSeries, seriesCacheKey } from '../../../subgraphs/analytics/src/streamSeries.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticStreams } from '../../../scripts/writeSyntheticCatalog.ts';
import { createSubgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { MemoryCache } from '../../../lib/cache/MemoryCache.ts';
import { BACKEND, isolatedDatabase } from '../../helpers/backend.ts';
import { createTestSubgraph, entitiesQuery, execute, TEST_ENV } from '../../helpers/subgraph.ts';
import { splitStatements } from './usageStatements.ts';

let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph);
  // Our own series, with 2025-01-03 missing: 1, 2, _, 4, 5.
  await analytics.prisma.spotifyStreamCount.createMany({
    data: [
      ['2025-01-01', 1_000n],
      ['2025-01-02', 1_250n],
      ['2025-01-04', 2_000n],
      ['2025-01-05', 2_600n],
    ].map(([date, total]) => ({ isrc: GAPPED, date: new Date(`${date}T00:00:00Z`), total: total as bigint })),
  });
});
afterAll(() => analytics?.close());

const GAPPED = 'GBAYE9700074';
const STREAMS = entitiesQuery('Track', 'isrc spotifyStreams(from: $from, to: $to) { date total daily }').replace(
  '($representations: [_Any!]!)',
  '($representations: [_Any!]!, $from: Date, $to: Date)',
);

/** The `spotifyStreams` of one ISRC, as the gateway would ask for it. */
async function streamsOf(isrc: string, range: { from?: string; to?: string } = {}) {
  const result = await execute(analytics, STREAMS, { representations: [{ __typename: 'Track', isrc }], ...range });
  return { ...result, track: result.data?._entities?.[0] as { isrc: string; spotifyStreams: { date: string; total: number; daily: number | null }[] } | undefined };
}

describe('the reference document', () => {
  it('reproduces the "Spotify stream count" example exactly, newest first', async () => {
    const { track, errors } = await streamsOf(EVIL_J0RDAN_ISRC, { from: '2025-03-04', to: '2025-03-08' });
    expect(errors).toBeUndefined();
    expect(track?.spotifyStreams).toEqual([
      { date: '2025-03-08', total: 497226101, daily: 4773682 },
      { date: '2025-03-07', total: 492452419, daily: 4824812 },
      { date: '2025-03-06', total: 487627607, daily: 9313385 },
      { date: '2025-03-05', total: 478314222, daily: 0 },
      { date: '2025-03-04', total: 478314222, daily: 4739320 },
    ]);
  });

  it('has the demo series seeded, and seeding again changes nothing', async () => {
    await seedDemo(analytics.prisma);
    const rows = await analytics.prisma.spotifyStreamCount.findMany({ where: { isrc: EVIL_J0RDAN_ISRC }, orderBy: { date: 'asc' } });
    expect(rows.map((row) => [row.date.toISOString().slice(0, 10), row.total])).toEqual(DEMO_SPOTIFY_STREAMS.map((p) => [p.date, p.total]));
  });
});

describe('daily counts', () => {
  it('is 0 when Spotify repeated the total (2025-03-05)', async () => {
    const { track } = await streamsOf(EVIL_J0RDAN_ISRC, { from: '2025-03-05', to: '2025-03-05' });
    expect(track?.spotifyStreams).toEqual([{ date: '2025-03-05', total: 478314222, daily: 0 }]);
  });

  it('is null where the previous day is missing, and for the oldest day recorded', async () => {
    const { track, errors } = await streamsOf(GAPPED);
    expect(errors).toBeUndefined();
    expect(track?.spotifyStreams).toEqual([
      { date: '2025-01-05', total: 2600, daily: 600 },
      { date: '2025-01-04', total: 2000, daily: null },
      { date: '2025-01-02', total: 1250, daily: 250 },
      { date: '2025-01-01', total: 1000, daily: null },
    ]);
  });

  it('uses the day before `from` when it is recorded', async () => {
    const { track } = await streamsOf(GAPPED, { from: '2025-01-02' });
    expect(track?.spotifyStreams.at(-1)).toEqual({ date: '2025-01-02', total: 1250, daily: 250 });
  });

  it('is null on `from` when the day before is missing (not the last recorded day)', async () => {
    const { track } = await streamsOf(GAPPED, { from: '2025-01-04' });
    expect(track?.spotifyStreams.at(-1)).toEqual({ date: '2025-01-04', total: 2000, daily: null });
  });
});

describe('range bounds', () => {
  const dates = async (range: { from?: string; to?: string }) => (await streamsOf(EVIL_J0RDAN_ISRC, range)).track?.spotifyStreams.map((d) => d.date);

  it('includes both bounds', async () => {
    expect(await dates({ from: '2025-03-05', to: '2025-03-07' })).toEqual(['2025-03-07', '2025-03-06', '2025-03-05']);
  });

  it('is one day when from = to', async () => {
    expect(await dates({ from: '2025-03-06', to: '2025-03-06' })).toEqual(['2025-03-06']);
  });

  it('is open-ended without `from` or `to`', async () => {
    expect(await dates({ from: '2025-03-07' })).toEqual(['2025-03-08', '2025-03-07']);
    expect(await dates({ to: '2025-03-04' })).toEqual(['2025-03-04', '2025-03-03']);
    expect(await dates({})).toEqual(['2025-03-08', '2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04', '2025-03-03']);
  });

  it('is empty for a range without data, and for a track without any', async () => {
    expect(await dates({ from: '2024-01-01', to: '2024-12-31' })).toEqual([]);
    const { track, errors } = await streamsOf('USQX91300108');
    expect(errors).toBeUndefined();
    expect(track).toEqual({ isrc: 'USQX91300108', spotifyStreams: [] });
  });
});

describe('rejects bad input', () => {
  it('`from` after `to`, naming `from`', async () => {
    const { data, errors } = await streamsOf(EVIL_J0RDAN_ISRC, { from: '2025-03-08', to: '2025-03-04' });
    expect(data?._entities?.[0]).toEqual({ isrc: EVIL_J0RDAN_ISRC, spotifyStreams: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from', value: '2025-03-08' });
    expect(errors?.[0]?.message).toBe('`from` (2025-03-08) must not be after `to` (2025-03-04).');
  });

  it.each(['2025-02-30', '03/04/2025', '2025-3-4', ''])('the malformed date %j in a variable', async (from) => {
    const { data, errors } = await streamsOf(EVIL_J0RDAN_ISRC, { from });
    expect(data).toBeUndefined();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$from' });
    expect(errors?.[0]?.message).toContain('$from');
    expect(errors?.[0]?.message).toContain('must be a real calendar date as YYYY-MM-DD');
  });

  it('a malformed date literal is refused before execution as BAD_USER_INPUT naming the argument', async () => {
    const query = entitiesQuery('Track', 'spotifyStreams(to: "2025-02-30") { date }');
    const { data, errors } = await execute(analytics, query, { representations: [{ __typename: 'Track', isrc: EVIL_J0RDAN_ISRC }] });
    expect(data).toBeUndefined();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(errors?.[0]?.message).toContain('must be a real calendar date as YYYY-MM-DD');
  });
});

describe('_entities', () => {
  it('normalizes the ISRC of a representation', async () => {
    const { track, errors } = await streamsOf('us-um7-24-14866', { from: '2025-03-08' });
    expect(errors).toBeUndefined();
    expect(track).toEqual({ isrc: EVIL_J0RDAN_ISRC, spotifyStreams: [{ date: '2025-03-08', total: 497226101, daily: 4773682 }] });
  });

  it('answers an empty series for an invalid ISRC, without error or SQL', async () => {
    const { track, errors, sql } = await streamsOf('NOT-AN-ISRC');
    expect(errors).toBeUndefined();
    expect(track?.spotifyStreams).toEqual([]);
    expect(sql).toEqual([]);
  });

  it('costs one SQL statement for 100 known representations with their series, as for 1', async () => {
    // 100 recordings with 30 days of totals each, ending 2025-03-31.
    const hundred = buildSyntheticCatalog(100);
    await writeSyntheticStreams(hundred, analytics.prisma);
    const representations = (n: number) => hundred.slice(0, n).map(({ isrc }) => ({ __typename: 'Track', isrc }));
    // Different ranges, so the second operation finds nothing the first one cached.
    const one = await execute(analytics, STREAMS, { representations: representations(1), from: '2025-03-25' });
    const many = await execute(analytics, STREAMS, { representations: representations(100), from: '2025-03-26' });
    expect(many.errors).toBeUndefined();
    expect(many.data?._entities).toHaveLength(100);
    for (const [i, track] of many.data!._entities.entries()) {
      const streams = hundred[i]!.streams;
      expect(track.spotifyStreams).toHaveLength(6);
      expect(track.spotifyStreams[0]).toEqual({ date: '2025-03-31', total: streams[29], daily: streams[29]! - streams[28]! });
    }
    // One statement reads the series; counting the recordings against the quota costs the same for 100 as for 1.
    expect(splitStatements(one.sql).data).toHaveLength(1);
    expect(splitStatements(many.sql).data).toHaveLength(1);
    expect(splitStatements(one.sql).usage).toHaveLength(1);
    expect(splitStatements(many.sql).usage).toHaveLength(1);
  });

  it('costs one statement per distinct range in the operation', async () => {
    const query = entitiesQuery(
      'Track',
      'a: spotifyStreams(from: "2025-02-01") { date } b: spotifyStreams(to: "2025-01-02") { date } c: spotifyStreams(from: "2025-02-01") { date }',
    );
    const representations = [EVIL_J0RDAN_ISRC, GAPPED, 'USAAA2599999'].map((isrc) => ({ __typename: 'Track', isrc }));
    const { data, errors, sql } = await execute(analytics, query, { representations });
    expect(errors).toBeUndefined();
    expect(data?._entities[1].a).toHaveLength(0);
    expect(data?._entities[1].b).toHaveLength(2);
    expect(data?._entities[0].c).toEqual(data?._entities[0].a);
    expect(splitStatements(sql).data).toHaveLength(2);
  });
});

describe('loading in batches', () => {
  /** Records the `findMany` calls so the test sees which ISRCs went together. */
  function recordingPrisma() {
    const calls: { isrcs: string[]; date: unknown }[] = [];
    const prisma = {
      spotifyStreamCount: {
        findMany: (args: Parameters<AnalyticsPrisma['spotifyStreamCount']['findMany']>[0] & { where: { isrc: { in: string[] } } }) => {
          calls.push({ isrcs: args.where.isrc.in, date: args.where.date });
          return analytics.prisma.spotifyStreamCount.findMany(args);
        },
      },
    } as unknown as AnalyticsPrisma;
    return { prisma, calls };
  }

  /** No write happens while these run: one generation throughout. */
  const writeGeneration = async () => 'unchanged';
  /** A cache that never has anything, like Redis while it is down. */
  const emptyCache = { getMany: async (keys: readonly string[]) => keys.map(() => undefined), setMany: async () => undefined } as unknown as Cache;

  it('groups ISRCs by range, one query each, reading from the day before `from`', async () => {
    const { prisma, calls } = recordingPrisma();
    const keys = [
      { metric: 'spotifyStreams' as const, isrc: EVIL_J0RDAN_ISRC, from: '2025-03-04', to: '2025-03-08' },
      { metric: 'spotifyStreams' as const, isrc: GAPPED, from: null, to: null },
      { metric: 'spotifyStreams' as const, isrc: GAPPED, from: '2025-03-04', to: '2025-03-08' },
    ];
    const rows = await loadStreamSeries({ prisma, cache: emptyCache, cacheTtlSeconds: 300, writeGeneration }, keys);
    expect(calls).toEqual([
      { isrcs: [EVIL_J0RDAN_ISRC, GAPPED], date: { gte: new Date('2025-03-03T00:00:00Z'), lte: new Date('2025-03-08T00:00:00Z') } },
      { isrcs: [GAPPED], date: undefined },
    ]);
    expect(rows.map((series) => series.length)).toEqual([5, 4, 0]);
    expect(rows[0]?.[4]).toEqual({ date: '2025-03-04', total: 478314222n, daily: 4739320n });
  });

  it('works with a cache that has nothing, going to the database every time', async () => {
    const { prisma, calls } = recordingPrisma();
    const key = { metric: 'spotifyStreams' as const, isrc: EVIL_J0RDAN_ISRC, from: '2025-03-05', to: '2025-03-06' };
    const first = await loadStreamSeries({ prisma, cache: emptyCache, cacheTtlSeconds: 300, writeGeneration }, [key]);
    const second = await loadStreamSeries({ prisma, cache: emptyCache, cacheTtlSeconds: 300, writeGeneration }, [key]);
    expect(second).toEqual(first);
    expect(first[0]?.map((row) => row.daily)).toEqual([9313385n, 0n]);
    expect(calls).toHaveLength(2);
  });

  it('reads the cache once per batch and stores what it loaded with the configured TTL', async () => {
    const { prisma } = recordingPrisma();
    const reads: string[][] = [];
    const writes: { keys: string[]; ttl: number }[] = [];
    const cache = {
      getMany: async (keys: readonly string[]) => (reads.push([...keys]), keys.map(() => undefined)),
      setMany: async (entries: ReadonlyArray<readonly [string, unknown]>, ttl: number) => void writes.push({ keys: entries.map(([k]) => k), ttl }),
    } as unknown as Cache;
    const keys = [EVIL_J0RDAN_ISRC, GAPPED].map((isrc) => ({ metric: 'spotifyStreams' as const, isrc, from: '2025-03-08', to: null }));
    await loadStreamSeries({ prisma, cache, cacheTtlSeconds: 42, writeGeneration }, keys);
    expect(reads).toEqual([keys.map(seriesCacheKey)]);
    expect(writes).toEqual([{ keys: keys.map(seriesCacheKey), ttl: 42 }]);
  });
});

describe('the shared cache', () => {
  const range = { from: '2025-03-06', to: '2025-03-08' };

  it('answers a second request for the same series without SQL', async () => {
    const first = await streamsOf(EVIL_J0RDAN_ISRC, range);
    const second = await streamsOf(EVIL_J0RDAN_ISRC, range);
    expect(first.sql).toHaveLength(1);
    expect(second.sql).toEqual([]);
    expect(second.track).toEqual(first.track);
    expect(second.track?.spotifyStreams[2]).toEqual({ date: '2025-03-06', total: 487627607, daily: 9313385 });
  });

  it('goes back to the database once the entry is gone, with the same answer', async () => {
    const cached = await streamsOf(EVIL_J0RDAN_ISRC, range);
    await analytics.cache.delete(seriesCacheKey({ metric: 'spotifyStreams', isrc: EVIL_J0RDAN_ISRC, ...range }));
    const reloaded = await streamsOf(EVIL_J0RDAN_ISRC, range);
    expect(reloaded.sql).toHaveLength(1);
    expect(reloaded.track).toEqual(cached.track);
  });

  it('queries only the misses of a batch', async () => {
    const isrcs = [EVIL_J0RDAN_ISRC, 'USAAA2588888'];
    await streamsOf(isrcs[0]!, { from: '2025-03-07' });
    const calls: string[] = [];
    const stop = analytics.onQuery((statement) => calls.push(statement));
    const rows = await loadStreamSeries({ prisma: analytics.prisma, cache: analytics.cache, cacheTtlSeconds: 300, writeGeneration: analytics.deps.writeGeneration }, isrcs.map((isrc) => ({ metric: 'spotifyStreams' as const, isrc, from: '2025-03-07', to: null })));
    stop();
    expect(calls).toHaveLength(1);
    expect(rows.map((series) => series.length)).toEqual([2, 0]);
  });

  it('serves no series cached before a write to the analytics database (an import, a collector, ISRC resolution)', async () => {
    const isrc = 'GBAYE9700075';
    await analytics.prisma.spotifyStreamCount.create({ data: { isrc, date: new Date('2025-02-01T00:00:00Z'), total: 10n } });
    const before = await streamsOf(isrc);
    expect((await streamsOf(isrc)).sql).toEqual([]);
    await analytics.prisma.spotifyStreamCount.create({ data: { isrc, date: new Date('2025-02-02T00:00:00Z'), total: 25n } });
    const after = await streamsOf(isrc);
    expect(before.track?.spotifyStreams).toEqual([{ date: '2025-02-01', total: 10, daily: null }]);
    expect(after.sql).toHaveLength(1);
    expect(after.track?.spotifyStreams).toEqual([{ date: '2025-02-02', total: 25, daily: 15 }, { date: '2025-02-01', total: 10, daily: null }]);
    // Cached again under the new generation.
    expect((await streamsOf(isrc)).sql).toEqual([]);
  });

  it('keeps series of different ranges apart', async () => {
    const narrow = await streamsOf(GAPPED, { from: '2025-01-05', to: '2025-01-05' });
    const wide = await streamsOf(GAPPED, { from: '2025-01-01', to: '2025-01-05' });
    expect(narrow.track?.spotifyStreams).toHaveLength(1);
    expect(wide.track?.spotifyStreams).toHaveLength(4);
  });
});

// Postgres without Redis: an import script in another process writes where this process cannot hear it.
describe.runIf(BACKEND === 'services')('on a database server without REDIS_URL', () => {
  it('caches no series, so writes of other processes are read at once', async () => {
    const database = isolatedDatabase('analytics_unshared');
    const cache = new MemoryCache({ maxEntries: 100 });
    const subgraph = await createSubgraph(analyticsSubgraph, { ...database, seed: false, cache, env: TEST_ENV });
    try {
      expect(subgraph.deps.writeGeneration).toBeNull();
      await subgraph.prisma.spotifyStreamCount.create({ data: { isrc: GAPPED, date: new Date('2025-01-01T00:00:00Z'), total: 5n } });
      const seriesReads = async () => (await execute(subgraph, STREAMS, { representations: [{ __typename: 'Track', isrc: GAPPED }] })).sql.filter((sql) => sql.includes('SpotifyStreamCount'));
      expect(await seriesReads()).toHaveLength(1);
      expect(await seriesReads()).toHaveLength(1);
    } finally {
      await subgraph.db.sql.exec(`DROP SCHEMA IF EXISTS "${subgraph.db.schema}" CASCADE`);
      await subgraph.close();
      await cache.close();
    }
  });
});
