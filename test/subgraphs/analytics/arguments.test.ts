import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { EVIL_J0RDAN_ISRC } from '../../../prisma/analytics/seed.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

// Every argument of the analytics fields is checked: BAD_USER_INPUT naming the argument, nothing read.
let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph);
});
afterAll(() => analytics?.close());

async function trackField(selection: string, variables: Record<string, unknown> = {}) {
  const declared = [selection.includes('$v') && ', $v: String', selection.includes('$d') && ', $d: Date'].filter(Boolean).join('');
  const query = entitiesQuery('Track', selection).replace('($representations: [_Any!]!)', `($representations: [_Any!]!${declared})`);
  return execute(analytics, query, { representations: [{ __typename: 'Track', isrc: EVIL_J0RDAN_ISRC }], ...variables });
}

function expectBadInput(result: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, argument: string, mention?: string) {
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  if (mention) expect(result.errors?.[0]?.message).toContain(mention);
}

describe('countries', () => {
  it.each(['XX', 'USA', 'u', '', 'G1', 'GLOBALE', 'ÜS'])('refuses %j', async (country) => {
    expectBadInput(await trackField('charts(country: $v) { position }', { v: country }), 'country');
  });

  it.each([
    ['us', 'US'],
    ['GLOBAL', 'GLOBAL'],
    ['global', 'GLOBAL'],
    [' gb ', 'GB'],
  ])('accepts %j as %s', async (country) => {
    const { errors } = await trackField('charts(country: $v) { position }', { v: country });
    expect(errors).toBeUndefined();
  });

  it('refuses GLOBAL where only a country makes sense (Apple Music placements)', async () => {
    expectBadInput(await trackField('playlists(country: $v) { totalCount }', { v: 'GLOBAL' }), 'country');
  });

  it('names the argument of Query.chart and Query.charts too', async () => {
    expectBadInput(await execute(analytics, '{ chart(platform: SPOTIFY, country: "ZZ") { date } }'), 'country', 'ZZ');
    expectBadInput(await execute(analytics, '{ charts(country: "Germany") { country } }'), 'country');
  });
});

describe('platform and chart combinations', () => {
  it.each([
    ['charts(platform: SPOTIFY, type: SHAZAMS) { position }', 'type'],
    ['charts(platform: DEEZER, frequency: WEEKLY) { position }', 'frequency'],
    ['charts(platform: APPLE_MUSIC, type: VIRAL) { position }', 'type'],
    ['chartPeaks(platform: SPOTIFY, genre: "Pop") { position }', 'genre'],
    ['chartHistory(platform: DEEZER, city: "Paris") { points { date } }', 'city'],
    ['charts(platform: SHAZAM, frequency: WEEKLY) { position }', 'frequency'],
  ])('%s → %s', async (selection, argument) => {
    expectBadInput(await trackField(selection), argument);
  });

  it('refuses a chart no platform has, from the top', async () => {
    expectBadInput(await execute(analytics, '{ chart(platform: DEEZER, country: "FR", type: STREAMS) { date } }'), 'type');
    expectBadInput(await execute(analytics, '{ chart(platform: SPOTIFY, country: "FR", city: "Paris") { date } }'), 'city');
  });

  it('refuses genre or city names past 100 characters, and blank ones', async () => {
    expectBadInput(await trackField('charts(platform: SHAZAM, city: $v) { position }', { v: 'x'.repeat(101) }), 'city');
    expectBadInput(await trackField('charts(platform: SHAZAM, genre: $v) { position }', { v: '  ' }), 'genre');
  });
});

describe('dates', () => {
  it('refuses `from` after `to`, naming `from`', async () => {
    for (const field of ['spotifyStreams', 'shazams']) {
      expectBadInput(await trackField(`${field}(from: "2025-03-08", to: "2025-03-01") { date }`), 'from', 'after');
    }
    expectBadInput(await trackField('chartHistory(from: "2025-03-08", to: "2025-03-01") { points { date } }'), 'from');
  });

  it('refuses an impossible date in a variable as BAD_USER_INPUT naming the variable', async () => {
    const { errors } = await trackField('shazams(from: $d) { date }', { d: '2025-02-30' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$d' });
    expect(errors?.[0]?.message).toContain('2025-02-30');
  });

  it('refuses an impossible date literal as BAD_USER_INPUT naming the argument', async () => {
    const { errors } = await trackField('shazams(to: "2025-13-01") { date }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    const chart = await execute(analytics, '{ chart(platform: SPOTIFY, country: "US", date: "yesterday") { date } }');
    expect(chart.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
  });

  it('refuses followersHistory ranges the wrong way round', async () => {
    const { errors } = await execute(analytics, '{ playlist(platform: SPOTIFY, externalId: "3oBf7jbb5tokVOYQVGIUAg") { followersHistory(from: "2025-01-02", to: "2025-01-01") { date } } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from' });
  });

  it('answers null, not an error, for a chart without an edition on the date', async () => {
    const { data, errors } = await execute(analytics, '{ chart(platform: SPOTIFY, country: "US", type: STREAMS, frequency: DAILY, date: "2020-01-01") { date } }');
    expect(errors).toBeUndefined();
    expect(data?.chart).toBeNull();
  });

  it('asks which Spotify chart is meant when the type is left out', async () => {
    expectBadInput(await execute(analytics, '{ chart(platform: SPOTIFY, country: "US") { date } }'), 'type', 'STREAMS or VIRAL');
  });

  it('answers null for a chart nobody has stored', async () => {
    const { data, errors } = await execute(analytics, '{ chart(platform: SPOTIFY, country: "FR", type: VIRAL, frequency: DAILY) { date } }');
    expect(errors).toBeUndefined();
    expect(data?.chart).toBeNull();
  });
});

describe('pages and ids', () => {
  it.each([0, -1, 201, 100000])('refuses first: %i', async (first) => {
    expectBadInput(await trackField(`playlists(first: ${first}) { totalCount }`), 'first');
    expectBadInput(await execute(analytics, `{ chart(platform: DEEZER, country: "GLOBAL") { entries(first: ${first}) { totalCount } } }`), 'first');
  });

  it.each(['not-a-cursor', 'eyJ4IjoxfQ', 'MTox', `${'A'.repeat(5000)}`])('refuses a forged cursor %#', async (after) => {
    expectBadInput(await trackField('playlists(after: $v) { totalCount }', { v: after }), 'after');
    expectBadInput(await execute(analytics, 'query ($a: String) { chart(platform: DEEZER, country: "GLOBAL") { entries(after: $a) { totalCount } } }', { a: after }), 'after');
  });

  it.each([
    ['SPOTIFY', 'not/an/id'],
    ['SPOTIFY', 'https://open.spotify.com/album/3oBf7jbb5tokVOYQVGIUAg'],
    ['DEEZER', 'abc'],
    ['APPLE_MUSIC', '12345'],
    ['DEEZER', '9'.repeat(500)],
  ])('refuses the %s playlist id %j, naming externalId', async (platform, externalId) => {
    expectBadInput(await execute(analytics, `query ($id: String!) { playlist(platform: ${platform}, externalId: $id) { name } }`, { id: externalId }), 'externalId');
  });

  it('refuses a usage month that is not YYYY-MM', async () => {
    for (const month of ['2025-13', '2025-1', 'March', '2025-03-01']) {
      expectBadInput(await execute(analytics, 'query ($m: String) { usage(month: $m) { entities } }', { m: month }), 'month');
    }
  });
});
