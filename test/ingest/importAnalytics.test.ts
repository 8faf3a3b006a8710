import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { importAnalytics, type AnalyticsImportProgress } from '../../subgraphs/analytics/src/ingest/importAnalytics.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { tempDir } from '../fixtures/backfill/csv.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../helpers/subgraph.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/analytics/analytics.jsonl', import.meta.url));
const EVIL_J0RDAN = 'USUM72414866';

let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph, { seed: false });
});
afterAll(() => analytics?.close());

/** Writes JSON Lines (objects or raw lines) with CRLF line ends, as Windows tools write them. */
async function jsonl(lines: (object | string)[], bom = false): Promise<string> {
  const path = join(await tempDir(), 'import.jsonl');
  await writeFile(path, `${bom ? '\uFEFF' : ''}${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\r\n')}\r\n`);
  return path;
}

const TRACK = `spotifyStreams { date total daily } shazamTotal { date total }
  playlists { totalCount nodes { position addedAt countries { country position addedAt } playlist { platform externalId name followers artworkUrl } } }
  charts { chart { platform country type frequency genre city } date position previousPosition streams }`;

describe('the example file', () => {
  it('imports cleanly, every record kind, and a second import changes nothing', async () => {
    const first = await importAnalytics(analytics.prisma, EXAMPLE);
    expect(first).toMatchObject({
      records: 10,
      spotifyStreams: { inserted: 2, updated: 0, unchanged: 0 },
      shazams: { inserted: 1, updated: 0, unchanged: 0 },
      playlists: { snapshots: 3, followerPoints: 2, placements: { inserted: 4, updated: 0, unchanged: 0, deleted: 0 } },
      charts: { editions: 4, entries: { inserted: 5, updated: 0, unchanged: 0, deleted: 0 } },
      skipped: { count: 0, rows: [] },
    });
    const again = await importAnalytics(analytics.prisma, EXAMPLE);
    expect(again).toMatchObject({
      spotifyStreams: { inserted: 0, updated: 0, unchanged: 2 },
      shazams: { inserted: 0, updated: 0, unchanged: 1 },
      playlists: { snapshots: 3, followerPoints: 0, placements: { inserted: 0, updated: 0, unchanged: 4, deleted: 0 } },
      charts: { editions: 4, entries: { inserted: 0, updated: 0, unchanged: 5, deleted: 0 } },
    });
  });

  it('is what the analytics subgraph answers for the track', async () => {
    const { data, errors } = await execute(analytics, entitiesQuery('Track', TRACK), { representations: [{ __typename: 'Track', isrc: EVIL_J0RDAN }] });
    expect(errors).toBeUndefined();
    const track = data!._entities[0];
    expect(track.spotifyStreams).toEqual([
      { date: '2025-03-10', total: 506_512_335, daily: 4_642_258 },
      { date: '2025-03-09', total: 501_870_077, daily: null },
    ]);
    expect(track.shazamTotal).toEqual({ date: '2025-03-17', total: 2_148_112 });
    expect(track.playlists.totalCount).toBe(2);
    expect(track.playlists.nodes).toContainEqual({
      position: 12, addedAt: '2025-03-14', countries: [],
      playlist: { platform: 'SPOTIFY', externalId: '37i9dQZF1DXcBWIGoYBM5M', name: "Today's Top Hits", followers: 34_512_087, artworkUrl: 'https://i.scdn.co/image/ab67706f000000029249b35f23fb596b6f006a15' },
    });
    const apple = track.playlists.nodes.find((n: { playlist: { platform: string } }) => n.playlist.platform === 'APPLE_MUSIC');
    expect(apple.countries).toEqual(expect.arrayContaining([{ country: 'US', position: 7, addedAt: '2025-03-14' }, { country: 'GB', position: 3, addedAt: null }]));
    expect(track.charts).toEqual(expect.arrayContaining([
      { chart: { platform: 'APPLE_MUSIC', country: 'US', type: 'TOP', frequency: 'DAILY', genre: 'All genres', city: null }, date: '2025-03-18', position: 1, previousPosition: 66, streams: null },
      { chart: { platform: 'DEEZER', country: 'FR', type: 'TOP', frequency: 'DAILY', genre: null, city: null }, date: '2025-03-18', position: 1, previousPosition: null, streams: null },
      { chart: { platform: 'SHAZAM', country: 'PT', type: 'SHAZAMS', frequency: 'DAILY', genre: null, city: 'Lisbon' }, date: '2025-03-18', position: 4, previousPosition: 4, streams: null },
    ]));
    // The Spotify entry names its track by id only: it waits for its ISRC.
    expect(track.charts).toHaveLength(3);
    const spotify = await analytics.prisma.chartEntry.findFirst({ where: { chart: { platform: 'SPOTIFY' } } });
    expect(spotify).toMatchObject({ externalId: '6iycYUk3oB0NPMdaDUrN1w', isrc: null, streams: 33_010_245n, statedPrevious: 6 });
  });

  it('keeps the Deezer followers-only point without placements', async () => {
    const deezer = await analytics.prisma.playlist.findFirst({ where: { platform: 'DEEZER' }, include: { placements: true, followerHistory: true } });
    expect(deezer).toMatchObject({ externalId: '3155776842', followers: 1_200_345, placements: [], followerHistory: [{ followers: 1_200_345, date: new Date('2025-03-16T00:00:00Z') }] });
  });
});

describe('bad records', () => {
  it('are skipped and listed with their line (BOM, CRLF and blank lines counted), the good ones written', async () => {
    const path = await jsonl([
      { kind: 'spotifyStreams', isrc: 'GBAYE9700074', date: '2024-05-01', total: 10 },
      '',
      '{"kind":"spotifyStreams","isrc":"GBAYE9700074","date":"2024-05-02",',
      { kind: 'spotifyStreams', isrc: 'GBAYE9700074', date: '2024-05-31', total: 12.5 },
      { kind: 'shazams', isrc: 'GBAYE9700074', date: '2024-05-02', total: 20 },
      { kind: 'spotifyStreams', isrc: 'gbaye9700074', date: '2024-05-01', total: 11 },
      { kind: 'chart', platform: 'DEEZER', country: 'FR', date: '2024-05-01', entries: [{ position: 1, isrc: 'GBAYE9700074' }] },
      { kind: 'chart', platform: 'DEEZER', country: 'fr', type: 'TOP', date: '2024-05-01', entries: [{ position: 2, isrc: 'GBAYE9700074' }] },
      { kind: 'playlist', platform: 'DEEZER', externalId: '1', date: '2024-05-01', followers: 5 },
      { kind: 'playlist', platform: 'DEEZER', externalId: 'https://www.deezer.com/playlist/1', date: '2024-05-01', followers: 6 },
      { kind: 'chart', platform: 'DEEZER', country: 'FR', date: '2024-05-02', entries: [{ position: 1, isrc: 'GBAYE9700074' }, { position: 1, isrc: 'GBAYE9700074' }] },
      '   ',
      '"just a string"',
    ], true);
    const summary = await importAnalytics(analytics.prisma, path);
    expect(summary.records).toBe(11);
    expect(summary.skipped).toEqual({
      count: 7,
      rows: [
        { line: 3, reason: expect.stringMatching(/^is not JSON: /) },
        { line: 4, reason: 'total must be a whole number of 0 or more, got 12.5' },
        { line: 6, reason: 'repeats the spotifyStreams total of GBAYE9700074 on 2024-05-01 from line 1' },
        { line: 8, reason: 'repeats the DEEZER FR TOP DAILY chart of 2024-05-01 from line 7' },
        { line: 10, reason: 'repeats the DEEZER playlist 1 on 2024-05-01 from line 9' },
        { line: 11, reason: 'entries[1].position 1 is also the position of entries[0]' },
        { line: 13, reason: 'is not a JSON object' },
      ],
    });
    expect(summary).toMatchObject({ spotifyStreams: { inserted: 1 }, shazams: { inserted: 1 }, charts: { editions: 1 }, playlists: { snapshots: 1 } });
    const stored = await analytics.prisma.spotifyStreamCount.findMany({ where: { isrc: 'GBAYE9700074' } });
    expect(stored.map((row) => row.total)).toEqual([10n]);
  });

  it('reports in chunks, writing totals in statements of chunkSize, and lists only maxReported problems', async () => {
    const days = Array.from({ length: 7 }, (_, i) => ({ kind: 'shazams', isrc: 'GBDUW0000053', date: `2024-06-0${i + 1}`, total: i }));
    const path = await jsonl([...days, 'x', 'y', 'z']);
    const progress: AnalyticsImportProgress[] = [];
    const statements: string[] = [];
    const stop = analytics.onQuery((sql) => statements.push(sql));
    const summary = await importAnalytics(analytics.prisma, path, { chunkSize: 3, maxReported: 2, onProgress: (p) => progress.push(p) });
    stop();
    expect(summary.shazams.inserted).toBe(7);
    expect(summary.skipped).toMatchObject({ count: 3, rows: [{ line: 8 }, { line: 9 }] });
    expect(statements.filter((sql) => sql.includes('"ShazamCount"'))).toHaveLength(3);
    expect(progress.map((p) => p.records)).toEqual([3, 6, 9, 10]);
    expect(progress.at(-1)!.bytesRead).toBe(progress.at(-1)!.totalBytes);
  });
});

describe('one transaction per file', () => {
  it('writes nothing of a file whose last write fails', async () => {
    const path = await jsonl([
      { kind: 'spotifyStreams', isrc: 'USRC17607839', date: '2024-07-01', total: 1 },
      { kind: 'playlist', platform: 'SPOTIFY', externalId: '5lH9NjOeJvctAO92ZrKQNB', date: '2024-07-01', name: 'Top 40', placements: [{ isrc: 'USRC17607839', position: 1 }] },
      { kind: 'chart', platform: 'DEEZER', country: 'BE', date: '2024-07-01', entries: [{ position: 1, isrc: 'USRC17607839' }, { position: 2, isrc: 'GBDUW0000053' }] },
    ]);
    await analytics.db.sql.exec(`
      CREATE FUNCTION fail_chart_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.position = 2 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER fail_chart_entry BEFORE INSERT ON "ChartEntry" FOR EACH ROW EXECUTE FUNCTION fail_chart_entry();`);
    try {
      await expect(importAnalytics(analytics.prisma, path)).rejects.toThrow(/disk full/);
    } finally {
      await analytics.db.sql.exec('DROP TRIGGER fail_chart_entry ON "ChartEntry"; DROP FUNCTION fail_chart_entry();');
    }
    expect(await analytics.prisma.spotifyStreamCount.count({ where: { isrc: 'USRC17607839' } })).toBe(0);
    expect(await analytics.prisma.playlist.count({ where: { externalId: '5lH9NjOeJvctAO92ZrKQNB' } })).toBe(0);
    expect(await analytics.prisma.chart.count({ where: { country: 'BE' } })).toBe(0);
    expect((await importAnalytics(analytics.prisma, path)).charts.entries.inserted).toBe(2);
  });
});
