import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { EVIL_J0RDAN_ISRC } from '../../../prisma/analytics/seed.ts';
import type { Context } from '../../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../../subgraphs/analytics/src/db.ts';
import { analyticsSubgraph } from '../../../subgraphs/analytics/src/module.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

// The analytics reference's examples, all about "EVIL J0RDAN", as the demo data seeds them.
let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph);
});
afterAll(() => analytics?.close());

async function track(selection: string, variables: Record<string, unknown> = {}) {
  const { data, errors } = await execute(analytics, entitiesQuery('Track', selection), { representations: [{ __typename: 'Track', isrc: EVIL_J0RDAN_ISRC }], ...variables });
  expect(errors).toBeUndefined();
  return data?._entities[0];
}

const CHART = 'chart { platform country type frequency genre city }';

describe('Shazams', () => {
  it('answers the "Shazams count" example, newest first, the first day without a daily', async () => {
    const { shazams, shazamTotal } = await track('shazams { date total daily } shazamTotal { date total }');
    expect(shazams).toEqual([
      { date: '2025-03-16', total: 2133207, daily: 15616 },
      { date: '2025-03-15', total: 2117591, daily: 16755 },
      { date: '2025-03-14', total: 2100836, daily: null },
    ]);
    expect(shazamTotal).toEqual({ date: '2025-03-16', total: 2133207 });
  });

  it('gives the newest Spotify total with its date', async () => {
    expect((await track('spotifyStreamTotal { date total }')).spotifyStreamTotal).toEqual({ date: '2025-03-08', total: 497226101 });
  });
});

describe('current charts', () => {
  it('answers the Spotify example: US daily 21 (was 20), global weekly 6 (was 6), with streams', async () => {
    const { charts } = await track(`charts(platform: SPOTIFY) { ${CHART} date position previousPosition streams }`);
    expect(charts).toEqual([
      { chart: { platform: 'SPOTIFY', country: 'GLOBAL', type: 'STREAMS', frequency: 'WEEKLY', genre: null, city: null }, date: '2025-03-06', position: 6, previousPosition: 6, streams: 34165800 },
      { chart: { platform: 'SPOTIFY', country: 'US', type: 'STREAMS', frequency: 'DAILY', genre: null, city: null }, date: '2025-03-09', position: 21, previousPosition: 20, streams: 805836 },
    ]);
  });

  it('answers the Shazam example, with genre and city charts told apart', async () => {
    const { charts } = await track(`charts(platform: SHAZAM) { ${CHART} date position previousPosition }`);
    expect(charts).toEqual(
      expect.arrayContaining([
        { chart: { platform: 'SHAZAM', country: 'PT', type: 'SHAZAMS', frequency: 'DAILY', genre: null, city: 'Lisbon' }, date: '2025-03-17', position: 4, previousPosition: 4 },
        { chart: { platform: 'SHAZAM', country: 'PT', type: 'SHAZAMS', frequency: 'DAILY', genre: null, city: null }, date: '2025-03-17', position: 5, previousPosition: 5 },
        { chart: { platform: 'SHAZAM', country: 'GLOBAL', type: 'SHAZAMS', frequency: 'DAILY', genre: 'Latin', city: null }, date: '2025-03-17', position: 5, previousPosition: 2 },
      ]),
    );
    // AR's and BR's only editions are their charts' newest, so they are current too; best position first.
    expect(charts).toHaveLength(5);
    expect(charts.map((c: { position: number }) => c.position)).toEqual([...charts.map((c: { position: number }) => c.position)].sort((a, b) => a - b));
  });

  it('filters by country, type and genre', async () => {
    const { us, apple, city } = await track(`
      us: charts(country: "us") { ${CHART} position }
      apple: charts(platform: APPLE_MUSIC, genre: "Dance") { ${CHART} position previousPosition }
      city: charts(platform: SHAZAM, city: "Lisbon") { position }`);
    expect(us.map((c: { chart: { platform: string } }) => c.chart.platform).sort()).toEqual(['APPLE_MUSIC', 'SPOTIFY']);
    expect(apple).toEqual([{ chart: { platform: 'APPLE_MUSIC', country: 'EC', type: 'TOP', frequency: 'DAILY', genre: 'Dance', city: null }, position: 12, previousPosition: 56 }]);
    expect(city).toEqual([{ position: 4 }]);
  });
});

describe('peaks', () => {
  it('derives the Deezer example from the stored history: GLOBAL 1 on 2025-01-12 (not the current 2), BO 1 on 2025-01-10', async () => {
    const { chartPeaks } = await track(`chartPeaks(platform: DEEZER) { ${CHART} position date }`);
    expect(chartPeaks).toEqual(
      expect.arrayContaining([
        { chart: { platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY', genre: null, city: null }, position: 1, date: '2025-01-12' },
        { chart: { platform: 'DEEZER', country: 'BO', type: 'TOP', frequency: 'DAILY', genre: null, city: null }, position: 1, date: '2025-01-10' },
      ]),
    );
    expect(chartPeaks).toHaveLength(3);
  });

  it('answers the Shazam peak example (AR shazams 1, BR discovery 1)', async () => {
    const { chartPeaks, br } = await track(`chartPeaks(platform: SHAZAM, country: "AR") { ${CHART} position date } br: chartPeaks(type: DISCOVERY) { chart { country type } position date }`);
    expect(chartPeaks).toEqual([{ chart: { platform: 'SHAZAM', country: 'AR', type: 'SHAZAMS', frequency: 'DAILY', genre: null, city: null }, position: 1, date: '2025-01-14' }]);
    expect(br).toEqual([{ chart: { country: 'BR', type: 'DISCOVERY' }, position: 1, date: '2025-02-11' }]);
  });

  it('plots the history of a chart oldest first', async () => {
    const { chartHistory } = await track(`chartHistory(platform: DEEZER, country: "GLOBAL") { ${CHART} points { date position } }`);
    expect(chartHistory).toEqual([
      { chart: { platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY', genre: null, city: null }, points: [{ date: '2025-01-12', position: 1 }, { date: '2025-03-17', position: 2 }] },
    ]);
  });
});

describe('playlists', () => {
  const PLACEMENT = 'position addedAt countries { country position addedAt } playlist { platform externalId name artworkUrl followers url }';

  it('lists the current placements, Apple Music with its countries', async () => {
    const { playlists } = await track(`playlists { totalCount nodes { ${PLACEMENT} } }`);
    expect(playlists.totalCount).toBe(5);
    const apple = playlists.nodes.find((n: { playlist: { platform: string } }) => n.playlist.platform === 'APPLE_MUSIC');
    expect(apple).toEqual({
      position: 14,
      addedAt: '2025-02-07',
      countries: [
        { country: 'DZ', position: 14, addedAt: '2025-02-07' },
        { country: 'US', position: 15, addedAt: '2025-02-07' },
      ],
      playlist: {
        platform: 'APPLE_MUSIC',
        externalId: 'pl.63fbca98535342e48aa6220698180f11',
        name: 'LATINO MIX 2025 🥵🏄 SUMMER LATINO PLAYLIST / REGGAETON HITS ÉTÉ 2025',
        artworkUrl: 'https://is1-ssl.mzstatic.com/image/thumb/hgajkYdqzECeBChUbL02tQ/500x500bb.jpg',
        followers: null,
        url: 'https://music.apple.com/playlist/pl.63fbca98535342e48aa6220698180f11',
      },
    });
    const spotify = playlists.nodes.find((n: { playlist: { externalId: string } }) => n.playlist.externalId === '3oBf7jbb5tokVOYQVGIUAg');
    expect(spotify).toMatchObject({ position: 1, addedAt: '2025-01-14', countries: [], playlist: { followers: 99257, url: 'https://open.spotify.com/playlist/3oBf7jbb5tokVOYQVGIUAg' } });
  });

  it('takes Apple Music’s order in the asked country', async () => {
    const { playlists } = await track(`playlists(platform: APPLE_MUSIC, country: "us") { nodes { position addedAt } }`);
    expect(playlists.nodes).toEqual([{ position: 15, addedAt: '2025-02-07' }]);
  });

  it('reads a playlist from the top, with the followers example', async () => {
    const { data, errors } = await execute(
      analytics,
      `{ playlist(platform: SPOTIFY, externalId: "https://open.spotify.com/playlist/3oBf7jbb5tokVOYQVGIUAg?si=x") {
          name followers followersHistory { date followers } early: followersHistory(to: "2017-03-29") { date followers }
          tracks { totalCount nodes { position track { isrc } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.playlist).toEqual({
      name: 'Latino Hits 2025 – latin reggaeton hits',
      followers: 99257,
      followersHistory: [
        { date: '2017-03-28', followers: 195056 },
        { date: '2017-03-29', followers: 195077 },
        { date: '2025-03-17', followers: 99257 },
      ],
      early: [
        { date: '2017-03-28', followers: 195056 },
        { date: '2017-03-29', followers: 195077 },
      ],
      tracks: { totalCount: 1, nodes: [{ position: 1, track: { isrc: EVIL_J0RDAN_ISRC } }] },
    });
  });

  it('answers null for a playlist it does not know', async () => {
    const { data, errors } = await execute(analytics, '{ playlist(platform: DEEZER, externalId: "123") { name } }');
    expect(errors).toBeUndefined();
    expect(data?.playlist).toBeNull();
  });
});

describe('charts read from the top', () => {
  it('lists the known charts with their newest edition', async () => {
    const { data } = await execute(analytics, '{ charts(platform: DEEZER) { platform country type frequency genre city latestDate } }');
    expect(data?.charts).toEqual(
      expect.arrayContaining([{ platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY', genre: null, city: null, latestDate: '2025-03-17' }]),
    );
    expect(data?.charts).toHaveLength(3);
  });

  it('reads the newest edition by default and an older one by date; null on a date without an edition', async () => {
    const { data, errors } = await execute(
      analytics,
      `{ latest: chart(platform: DEEZER, country: "GLOBAL") { date entries { totalCount nodes { position previousPosition trackName track { isrc } } } }
         old: chart(platform: DEEZER, country: "GLOBAL", date: "2025-01-12") { date entries { nodes { position } } }
         none: chart(platform: DEEZER, country: "GLOBAL", date: "2025-01-13") { date } }`,
    );
    expect(errors).toBeUndefined();
    expect(data?.latest).toEqual({ date: '2025-03-17', entries: { totalCount: 1, nodes: [{ position: 2, previousPosition: 2, trackName: 'EVIL J0RDAN', track: { isrc: EVIL_J0RDAN_ISRC } }] } });
    expect(data?.old).toEqual({ date: '2025-01-12', entries: { nodes: [{ position: 1 }] } });
    expect(data?.none).toBeNull();
  });

  it('takes Apple Music’s main chart ("All genres") by default', async () => {
    const { data } = await execute(analytics, '{ chart(platform: APPLE_MUSIC, country: "US") { chart { genre } entries { nodes { position } } } }');
    expect(data?.chart).toEqual({ chart: { genre: 'All genres' }, entries: { nodes: [{ position: 66 }] } });
  });
});
