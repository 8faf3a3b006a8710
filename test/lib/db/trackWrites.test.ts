import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteGenerations } from '../../../lib/cache/entities/WriteGenerations.ts';
import { changesData } from '../../../lib/db/trackWrites.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

describe('changesData', () => {
  const neutral = new Set(['EntityUsage', 'UsageMonth']);
  it.each([
    ['SELECT "isrc" FROM "analytics"."SpotifyStreamCount" WHERE "isrc" = $1', false],
    ['  select 1', false],
    ['BEGIN', false],
    ['WITH x AS (SELECT 1) SELECT * FROM x', false],
    ['INSERT INTO "analytics"."SpotifyStreamCount" ("isrc") VALUES ($1)', true],
    ['UPDATE "links"."Track" SET "title" = $1', true],
    ['DELETE FROM "PlatformLink" WHERE "id" = $1', true],
    ['WITH moved AS (DELETE FROM "a"."T" RETURNING *) SELECT * FROM moved', true],
    ['TRUNCATE "Track"', true],
    ['CREATE TABLE "x" (id int)', true],
    ['INSERT INTO "analytics"."EntityUsage" ("accountId") VALUES ($1) ON CONFLICT DO NOTHING', false],
    ['UPDATE "UsageMonth" SET "entities" = "entities" + 1', false],
    ['WITH u AS (UPDATE "UsageMonth" SET "entities" = 1 RETURNING *) INSERT INTO "Chart" SELECT 1', true],
  ])('%s → %s', (sql, expected) => {
    expect(changesData(sql, neutral)).toBe(expected);
  });
});

describe('writes through a subgraph\'s Prisma client replace its generation', () => {
  let analytics: Awaited<ReturnType<typeof createTestSubgraph<any, any>>>;
  beforeAll(async () => {
    analytics = await createTestSubgraph(analyticsSubgraph, { seed: true });
  });
  afterAll(async () => analytics?.close());

  const generation = () => WriteGenerations.local('analytics');

  it('a read leaves it; a write outside a transaction and a committed transaction replace it; a rollback does not', async () => {
    const prisma = analytics.prisma as any;
    let before = generation();
    await prisma.spotifyStreamCount.findMany({ take: 1 });
    expect(generation()).toBe(before);
    await prisma.spotifyStreamCount.create({ data: { isrc: 'QZTST2600001', date: new Date('2021-01-01T00:00:00Z'), total: 1n } });
    expect(generation()).not.toBe(before);
    before = generation();
    await prisma.$transaction(async (tx: any) => {
      await tx.spotifyStreamCount.create({ data: { isrc: 'QZTST2600001', date: new Date('2021-01-02T00:00:00Z'), total: 2n } });
      // Not yet committed: nothing may be announced.
      expect(generation()).toBe(before);
    });
    expect(generation()).not.toBe(before);
    before = generation();
    await expect(
      prisma.$transaction(async (tx: any) => {
        await tx.spotifyStreamCount.create({ data: { isrc: 'QZTST2600001', date: new Date('2021-01-03T00:00:00Z'), total: 3n } });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(generation()).toBe(before);
  });

  it('counting a caller\'s analytics usage (a neutral table) leaves it', async () => {
    const before = generation();
    const { errors } = await execute(analytics, entitiesQuery('Track', 'spotifyStreamTotal { total }'), { representations: [{ __typename: 'Track', isrc: 'QZTST2600001' }] });
    expect(errors).toBeUndefined();
    expect(generation()).toBe(before);
  });
});
