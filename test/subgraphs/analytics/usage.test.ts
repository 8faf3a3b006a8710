import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraph, type Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { EVIL_J0RDAN_ISRC } from '../../../prisma/analytics/seed.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { monthOf } from '../../../subgraphs/analytics/src/usage/entityUsage.ts';
import { BACKEND, requireEnv } from '../../helpers/backend.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createTestSubgraph, entitiesQuery, execute, TEST_ENV } from '../../helpers/subgraph.ts';
import { splitStatements } from './usageStatements.ts';

// Entities are counted per account and calendar month (UTC), like the reference bills them.
let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph);
});
afterAll(() => analytics?.close());

const isrc = (n: number) => `QZAAA26${String(n).padStart(5, '0')}`;
const TOTAL = entitiesQuery('Track', 'isrc spotifyStreamTotal { total } shazams { date }');
let accounts = 0;
/** A fresh account with `limit` entities a month. */
const account = (limit: number) => testCaller(`usage-${++accounts}-${Date.now()}`, undefined, limit);

async function read(caller: ReturnType<typeof account>, isrcs: string[], query = TOTAL) {
  return execute(analytics, query, { representations: isrcs.map((i) => ({ __typename: 'Track', isrc: i })) }, caller);
}

async function usage(caller: ReturnType<typeof account>, month?: string) {
  const { data, errors } = await execute(analytics, 'query ($m: String) { usage(month: $m) { month entities limit remaining } }', { m: month }, caller);
  expect(errors).toBeUndefined();
  return data?.usage;
}

describe('counting', () => {
  it('counts each ISRC once a month, however many fields and requests read it', async () => {
    const caller = account(100);
    await read(caller, [EVIL_J0RDAN_ISRC, isrc(1)]);
    await read(caller, [EVIL_J0RDAN_ISRC, isrc(1), 'usum7-241-4866'], entitiesQuery('Track', 'charts { position } playlists { totalCount } chartPeaks { position } spotifyStreams { date }'));
    expect(await usage(caller)).toEqual({ month: monthOf(new Date()).slice(0, 7), entities: 2, limit: 100, remaining: 98 });
  });

  it('does not count ISRCs that are not ones, nor reading nothing but the key', async () => {
    const caller = account(100);
    const { errors } = await read(caller, ['NOT-AN-ISRC', ''], entitiesQuery('Track', 'isrc shazams { date }'));
    expect(errors).toBeUndefined();
    await read(caller, [isrc(2)], entitiesQuery('Track', 'isrc'));
    expect((await usage(caller)).entities).toBe(0);
  });

  it('counts a chart read from the top and a playlist as one entity each', async () => {
    const caller = account(100);
    await execute(analytics, '{ chart(platform: DEEZER, country: "GLOBAL") { date } a: playlist(platform: DEEZER, externalId: "1362512715") { name } b: playlist(platform: DEEZER, externalId: "https://www.deezer.com/playlist/1362512715") { name } }', {}, caller);
    expect((await usage(caller)).entities).toBe(2);
  });

  it("counts a playlist whose own data is read through a recording's placements, once", async () => {
    const caller = account(100);
    const placements = entitiesQuery('Track', 'playlists(platform: DEEZER) { nodes { playlist { name followers } } }');
    await read(caller, [EVIL_J0RDAN_ISRC], placements);
    // Name and followers come with the placement: only the recording is counted.
    expect((await usage(caller)).entities).toBe(1);
    await read(caller, [EVIL_J0RDAN_ISRC], entitiesQuery('Track', 'playlists(platform: DEEZER) { nodes { playlist { followersHistory { date } tracks { totalCount } } } }'));
    await execute(analytics, '{ playlist(platform: DEEZER, externalId: "1362512715") { name } }', {}, caller);
    // Its two Deezer playlists' histories and tracks: two more, and reading one from the top again adds nothing.
    expect((await usage(caller)).entities).toBe(3);
  });

  it('does not count a playlist or chart nobody has stored', async () => {
    const caller = account(100);
    await execute(analytics, '{ chart(platform: DEEZER, country: "FR") { date } playlist(platform: DEEZER, externalId: "1") { name } }', {}, caller);
    expect((await usage(caller)).entities).toBe(0);
  });

  it('keeps months apart, and answers any month asked', async () => {
    const caller = account(10);
    await analytics.prisma.usageMonth.create({ data: { accountId: caller.accountId, month: new Date('2025-01-01T00:00:00Z'), entities: 7 } });
    await read(caller, [isrc(3)]);
    expect(await usage(caller, '2025-01')).toEqual({ month: '2025-01', entities: 7, limit: 10, remaining: 3 });
    expect((await usage(caller)).entities).toBe(1);
    expect(await usage(caller, '2024-12')).toEqual({ month: '2024-12', entities: 0, limit: 10, remaining: 10 });
  });

  it('needs an API key', async () => {
    const { errors } = await read(null as never, [EVIL_J0RDAN_ISRC]);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const none = await execute(analytics, '{ usage { entities } }', {}, null);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the quota', () => {
  it('refuses a new ISRC past the limit, naming it, while counted ones keep answering', async () => {
    const caller = account(3);
    const first = await read(caller, [isrc(10), isrc(11), isrc(12), isrc(13), isrc(11)]);
    const refused = first.errors?.filter((e) => e.extensions?.code === 'QUOTA_EXCEEDED') ?? [];
    expect(refused.length).toBeGreaterThan(0);
    // Admitted in the order given: the fourth distinct ISRC is the one refused, on every field of it.
    for (const error of refused) {
      expect(error.path?.[1]).toBe(3);
      expect(error.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', isrc: isrc(13), limit: 3 });
      expect(error.message).toContain(isrc(13));
    }
    expect(first.data?._entities[0]).toEqual({ isrc: isrc(10), spotifyStreamTotal: null, shazams: [] });
    expect(first.data?._entities[4]).toEqual({ isrc: isrc(11), spotifyStreamTotal: null, shazams: [] });
    expect(first.data?._entities[3]).toEqual({ isrc: isrc(13), spotifyStreamTotal: null, shazams: null });
    const again = await read(caller, [isrc(12), isrc(10)]);
    expect(again.errors).toBeUndefined();
    expect(await usage(caller)).toMatchObject({ entities: 3, limit: 3, remaining: 0 });
  });

  it('refuses a chart and a playlist past the limit too', async () => {
    const caller = account(0);
    const { data, errors } = await execute(analytics, '{ chart(platform: DEEZER, country: "GLOBAL") { date } }', {}, caller);
    expect(data?.chart).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', entity: expect.stringMatching(/^chart:/) });
  });

  it('counts 100 ISRCs with one statement, and ISRCs counted before with none', async () => {
    const caller = account(1000);
    const isrcs = Array.from({ length: 100 }, (_, i) => isrc(100 + i));
    const first = await read(caller, isrcs);
    expect(first.errors).toBeUndefined();
    expect(splitStatements(first.sql).usage).toHaveLength(1);
    const second = await read(caller, isrcs);
    expect(splitStatements(second.sql).usage).toHaveLength(0);
    expect((await usage(caller)).entities).toBe(100);
  });
});

describe('under concurrency', () => {
  // Two subgraph processes' worth of state (each its own known-entities cache) on one database.
  let twin: Subgraph<AnalyticsPrisma, Context>;
  beforeAll(async () => {
    // An embedded database belongs to one process: the twin needs the server.
    if (BACKEND === 'services') twin = await createSubgraph(analyticsSubgraph, { url: requireEnv('DATABASE_URL'), schema: analytics.db.schema, poolSize: 4, seed: false, env: TEST_ENV });
  });
  afterAll(() => twin?.close());

  it.runIf(BACKEND === 'services')('admits exactly the limit across parallel requests on two processes', async () => {
    const caller = account(50);
    // 40 requests of 10 ISRCs drawn from 120, overlapping, half through each process.
    const requests = Array.from({ length: 40 }, (_, r) => Array.from({ length: 10 }, (_, i) => isrc(1000 + ((r * 7 + i * 13) % 120))));
    const results = await Promise.all(requests.map((isrcs, r) => execute(r % 2 ? twin : analytics, TOTAL, { representations: isrcs.map((i) => ({ __typename: 'Track', isrc: i })) }, caller)));
    const admitted = new Set<string>();
    const refused = new Set<string>();
    results.forEach((result, r) =>
      requests[r]!.forEach((i, position) => (result.errors?.some((e) => e.path?.[1] === position) ? refused : admitted).add(i)),
    );
    const rows = await analytics.prisma.entityUsage.findMany({ where: { accountId: caller.accountId } });
    expect(rows).toHaveLength(50);
    expect(admitted).toEqual(new Set(rows.map((row) => row.entity.slice(5))));
    expect([...refused].filter((i) => admitted.has(i))).toEqual([]);
    expect((await usage(caller)).entities).toBe(50);
  });

  it('admits exactly the limit across parallel requests in one process', async () => {
    const caller = account(25);
    const requests = Array.from({ length: 20 }, (_, r) => Array.from({ length: 5 }, (_, i) => isrc(2000 + ((r * 3 + i * 11) % 60))));
    await Promise.all(requests.map((isrcs) => read(caller, isrcs)));
    expect(await analytics.prisma.entityUsage.count({ where: { accountId: caller.accountId } })).toBe(25);
    expect((await usage(caller)).entities).toBe(25);
  });
});
