import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChartEdition } from '../../subgraphs/analytics/src/ingest/store.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { countStatements, post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// The analytics subgraph composed with the others behind the real gateway:
// charts read from the top with every platform link in one query.
let stack: TestStack;
let partnerKey: string;
const EDITION = '2026-11-26';
const isrc = (n: number) => `QZTOP26${String(n).padStart(5, '0')}`;

beforeAll(async () => {
  // Entity cache off: these tests count what the subgraphs do for each query, and a repeated query would be a cache hit (test/gateway/entityCache.test.ts covers that).
  stack = await startTestStack({ env: { ...TEST_ENV, ENTITY_CACHE: 'off' } });
  partnerKey = await stack.createKey({ accountId: 'top200', contract: 'partner', plan: 'partner' });
  // 200 recordings the links catalog knows on three platforms, and a 200-entry chart of them with a year of history for the first.
  await stack.linksPrisma.track.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ id: trackIdForIsrc(isrc(i + 1)), isrc: isrc(i + 1), title: `Top ${i + 1}` })) });
  await stack.linksPrisma.platformLink.createMany({
    data: Array.from({ length: 200 }, (_, i) => [
      { trackId: trackIdForIsrc(isrc(i + 1)), platform: 'SPOTIFY' as const, externalId: `${String(i + 1).padStart(22, '0')}`.replace(/^0/, 'A') },
      { trackId: trackIdForIsrc(isrc(i + 1)), platform: 'APPLE_MUSIC' as const, externalId: String(1_700_000_000 + i) },
      { trackId: trackIdForIsrc(isrc(i + 1)), platform: 'DEEZER' as const, externalId: String(3_000_000_000 + i) },
    ]).flat(),
  });
  const analytics = stack.subgraphs.analytics.subgraph.prisma as unknown as AnalyticsPrisma;
  const chart = { platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'WEEKLY' } as const;
  await analytics.$transaction(async (tx) => {
    await writeChartEdition(tx, { ...chart, date: '2026-11-19', entries: [{ position: 1, isrc: isrc(2), trackName: 'Top 2', streams: 9_000_000n }, { position: 2, isrc: isrc(1), trackName: 'Top 1', streams: 8_000_000n }] });
    await writeChartEdition(tx, { ...chart, date: EDITION, entries: Array.from({ length: 200 }, (_, i) => ({ position: i + 1, isrc: isrc(i + 1), trackName: `Top ${i + 1}`, artistNames: 'Someone', streams: BigInt(10_000_000 - i * 1000), statedPrevious: null })) });
    // One entry the links catalog cannot name yet.
    await writeChartEdition(tx, { ...chart, country: 'US', date: EDITION, entries: [{ position: 1, externalId: '0000000000000000000000', trackName: 'Unknown' }] });
  });
  await analytics.spotifyStreamCount.createMany({ data: [{ isrc: isrc(1), date: new Date('2026-11-25T00:00:00Z'), total: 100n }, { isrc: isrc(1), date: new Date('2026-11-26T00:00:00Z'), total: 150n }] });
}, 120_000);
afterAll(() => stack?.close());

const TOP_200 = /* GraphQL */ `
  query Top200 {
    chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: WEEKLY) {
      chart { platform country type frequency latestDate }
      date
      entries(first: 200) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          position previousPosition streams
          track { isrc title links { source url } spotifyStreams(from: "2026-10-28", to: "2026-11-26") { date total daily } chartPeaks(platform: SPOTIFY) { position date } }
        }
      }
    }
  }
`;


describe("this week's global top 200 with every platform link", () => {
  it('answers in one query: positions, links, streams and peaks', async () => {
    const { status, body } = await post(stack.gateway.url, TOP_200, {}, { key: partnerKey });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { chart, date, entries } = body.data.chart;
    expect(chart).toEqual({ platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'WEEKLY', latestDate: EDITION });
    expect(date).toBe(EDITION);
    expect(entries.totalCount).toBe(200);
    expect(entries.pageInfo.hasNextPage).toBe(false);
    expect(entries.nodes).toHaveLength(200);
    for (const [i, node] of entries.nodes.entries()) {
      expect(node.position).toBe(i + 1);
      expect(node.track.title).toBe(`Top ${i + 1}`);
      expect(node.track.links.map((l: { source: string }) => l.source)).toEqual(['SPOTIFY', 'APPLE_MUSIC', 'DEEZER']);
    }
    // The week before is stored: previous positions come from it, as do the peaks.
    expect(entries.nodes[0]).toMatchObject({ position: 1, previousPosition: 2, streams: 10_000_000, track: { spotifyStreams: [{ date: '2026-11-26', total: 150, daily: 50 }, { date: '2026-11-25', total: 100, daily: null }], chartPeaks: [{ position: 1, date: EDITION }] } });
    expect(entries.nodes[1]).toMatchObject({ position: 2, previousPosition: 1, track: { chartPeaks: [{ position: 1, date: '2026-11-19' }] } });
    expect(entries.nodes[2]).toMatchObject({ previousPosition: null, track: { spotifyStreams: [] } });
    expect(entries.nodes[0].track.links[0].url).toMatch(/^https:\/\/open\.spotify\.com\/track\//);
  });

  it('costs a constant number of statements per subgraph for 200 entries', async () => {
    const small = await countStatements(stack, () => post(stack.gateway.url, TOP_200.replace('first: 200', 'first: 5'), {}, { key: partnerKey }));
    const { result, statements } = await countStatements(stack, () => post(stack.gateway.url, TOP_200, {}, { key: partnerKey }));
    expect(result.body.errors).toBeUndefined();
    // The same statements for 200 entries as for 5 (entities already counted this month cost none).
    expect(statements).toEqual(small.statements);
    expect(statements.links).toBeLessThanOrEqual(2);
    expect(statements.analytics).toBeLessThanOrEqual(8);
  });

  it('fits the standard plan: the cost estimate sizes a daily series by its date range', async () => {
    const standardKey = await stack.createKey({ accountId: 'top200-standard', contract: 'partner', plan: 'standard' });
    const estimate = async (query: string) =>
      (await post(stack.gateway.url, 'query ($q: String!) { estimateCost(query: $q) { cost allowed plan } }', { q: query }, { key: standardKey })).body.data.estimateCost;
    const ranged = await estimate(TOP_200);
    const unranged = await estimate(TOP_200.replace('(from: "2026-10-28", to: "2026-11-26")', ''));
    const week = await estimate(TOP_200.replace('from: "2026-10-28"', 'from: "2026-11-20"'));
    expect(ranged).toMatchObject({ allowed: true, plan: 'standard' });
    // 30 days instead of the assumed 90 for each of 200 tracks; 7 days fewer still.
    expect(unranged.cost - ranged.cost).toBe(200 * (90 - 30));
    expect(ranged.cost - week.cost).toBe(200 * (30 - 7));
    const { status, body } = await post(stack.gateway.url, TOP_200, {}, { key: standardKey });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.extensions.cost).toEqual({ estimated: ranged.cost, limit: 20_000 });
  });

  it('pages through an edition with cursors, and refuses a forged one', async () => {
    const page = (after?: string) => post(stack.gateway.url, 'query ($a: String) { chart(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: WEEKLY) { entries(first: 150, after: $a) { pageInfo { hasNextPage endCursor } nodes { position } } } }', { a: after }, { key: partnerKey });
    const first = (await page()).body.data.chart.entries;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).body.data.chart.entries;
    expect(second.nodes.map((n: { position: number }) => n.position)).toEqual(Array.from({ length: 50 }, (_, i) => 151 + i));
    const forged = await page(Buffer.from('position:-1').toString('base64'));
    expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('names an entry whose ISRC is not known yet, with a null track', async () => {
    const { body } = await post(stack.gateway.url, '{ chart(platform: SPOTIFY, country: "US", type: STREAMS, frequency: WEEKLY) { entries { nodes { position trackName externalId track { title } } } } }', {}, { key: partnerKey });
    expect(body.errors).toBeUndefined();
    expect(body.data.chart.entries.nodes).toEqual([{ position: 1, trackName: 'Unknown', externalId: '0000000000000000000000', track: null }]);
  });
});

describe('through the front door', () => {
  it('asks for a key before showing analytics to an anonymous caller', async () => {
    const { status, body } = await post(stack.gateway.url, '{ chart(platform: DEEZER, country: "GLOBAL") { date } }');
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts usage per key’s account and refuses past the plan’s limit, through the gateway', async () => {
    const key = await stack.createKey({ accountId: 'usage-gw', contract: 'partner', plan: 'partner' });
    const read = (isrcs: string[]) => post(stack.gateway.url, 'query ($i: [String!]) { tracks(isrcs: $i) { isrc shazamTotal { total } } }', { i: isrcs }, { key });
    const first = await read([isrc(1), isrc(2)]);
    expect(first.body.errors).toBeUndefined();
    const { body } = await post(stack.gateway.url, '{ usage { entities limit remaining } }', {}, { key });
    expect(body.data.usage).toEqual({ entities: 2, limit: 10000, remaining: 9998 });
    // The month used up: ISRCs already counted answer, a new one is refused by name, and the rest of the track stands.
    const analytics = stack.subgraphs.analytics.subgraph.prisma as unknown as AnalyticsPrisma;
    await analytics.usageMonth.updateMany({ where: { accountId: 'usage-gw' }, data: { entities: 10000 } });
    const full = await read([isrc(1), isrc(3)]);
    expect(full.status).toBe(200);
    expect(full.body.data.tracks[0]).toEqual({ isrc: isrc(1), shazamTotal: null });
    expect(full.body.data.tracks[1]).toEqual({ isrc: isrc(3), shazamTotal: null });
    expect(full.body.errors).toEqual([expect.objectContaining({ path: ['tracks', 1, 'shazamTotal'], extensions: expect.objectContaining({ code: 'QUOTA_EXCEEDED', isrc: isrc(3), limit: 10000 }) })]);
  });

  it('turns a bad date literal into BAD_USER_INPUT naming the argument', async () => {
    const { body } = await post(stack.gateway.url, `{ track(isrc: "${isrc(1)}") { title spotifyStreams(from: "2026-02-30") { date } } }`, {}, { key: partnerKey });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from' });
  });

  it('turns a bad date variable into BAD_USER_INPUT naming the variable', async () => {
    const { body } = await post(stack.gateway.url, `query ($d: Date) { track(isrc: "${isrc(1)}") { title spotifyStreams(from: $d) { date } } }`, { d: '26-11-2026' }, { key: partnerKey });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$d' });
  });

  it('refuses a bad country before any subgraph reads, naming it', async () => {
    const { body } = await post(stack.gateway.url, '{ charts(country: "EU") { country } }', {}, { key: partnerKey });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'country' });
  });
});
