import { afterEach, describe, expect, it } from 'vitest';
import type { FakeProviderServer } from '../links/providers/fakes/FakeProviderServer.ts';
import { DEEZER_QUOTA_ERROR } from '../links/providers/fakes/fakeDeezer.ts';
import { execute } from '../helpers/subgraph.ts';
import { collect, today, useCollectorSubgraph } from './collectHarness.ts';
import { fakeIsrc, readDeezerFixture, startFakeDeezerCatalog, TOP_FRANCE, TOP_WORLDWIDE, type FakeDeezerCatalogOptions } from './fakeDeezerCatalog.ts';

const analytics = useCollectorSubgraph();
let deezer: FakeProviderServer;
afterEach(() => deezer?.close());

/** The recorded chart (`GET /chart/0/tracks`), which the fake also plays as "Top Worldwide". */
const RECORDED = readDeezerFixture<{ data: { id: number; title: string; position: number; artist: { name: string } }[] }>('com.deezer.api_chart_0_tracks.json').data;

async function deezerCharts(args: string[], options: FakeDeezerCatalogOptions = {}) {
  deezer = await startFakeDeezerCatalog(options);
  return collect(analytics(), ['deezer-charts', ...args], { DEEZER_API_URL: deezer.url });
}

/** The stored editions, entries by position. */
async function editions() {
  const charts = await analytics().prisma.chart.findMany({ include: { entries: { orderBy: { position: 'asc' } } }, orderBy: { country: 'asc' } });
  return charts.map(({ entries, latestDate, ...chart }) => ({ ...chart, latestDate: latestDate?.toISOString().slice(0, 10), entries }));
}

const trackRequests = () => deezer.requests.filter((request) => request.path.startsWith('/track/')).length;

describe('charts from the Deezer Charts playlists (the default)', () => {
  it('writes GLOBAL from "Top Worldwide": a DEEZER TOP DAILY edition dated today, positions in playlist order, Deezer ids, titles, artists, ISRCs', async () => {
    const { results, summary } = await deezerCharts([]);
    expect(summary.exitCode).toBe(0);
    expect(results).toEqual([expect.objectContaining({ label: `DEEZER TOP DAILY GLOBAL ${today()}`, kind: 'edition', entries: 10, unresolved: 0 })]);
    expect(results[0]!.counts).toEqual({ inserted: 10, updated: 0, unchanged: 0, deleted: 0 });
    const [chart, ...others] = await editions();
    expect(others).toEqual([]);
    expect(chart).toMatchObject({ platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY', genre: '', city: '', latestDate: today() });
    expect(chart!.entries.map((entry) => [entry.position, entry.externalId, entry.trackName, entry.artistNames, entry.isrc])).toEqual(
      RECORDED.map((track, index) => [index + 1, String(track.id), track.title, track.artist.name, fakeIsrc(track.id)]),
    );
    expect(chart!.entries.every((entry) => entry.date.toISOString().slice(0, 10) === today())).toBe(true);
    // The account's list (two pages), the playlist's one page of tracks, one /track/{id} per entry.
    expect(deezer.requestCount('/user/637006841/playlists')).toBe(2);
    expect(deezer.requestCount(`/playlist/${TOP_WORLDWIDE}/tracks`)).toBe(1);
    expect(trackRequests()).toBe(10);
  });

  it('writes each market asked, reading the account list once and every page of each playlist', async () => {
    const { results } = await deezerCharts(['--country', 'GLOBAL', '--country', 'fr']);
    expect(results.map((result) => [result.label, result.entries, result.error])).toEqual([
      [`DEEZER TOP DAILY GLOBAL ${today()}`, 10, undefined],
      [`DEEZER TOP DAILY FR ${today()}`, 60, undefined],
    ]);
    expect(deezer.requestCount('/user/637006841/playlists')).toBe(2);
    expect(deezer.requests.filter((request) => request.path === `/playlist/${TOP_FRANCE}/tracks`).map((request) => request.query.get('index'))).toEqual([null, '25', '50']);
    const france = (await editions()).find((chart) => chart.country === 'FR')!;
    expect(france.entries.map((entry) => entry.position)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
  });

  it('fails a market the account has no chart of, and writes the others', async () => {
    const { results, summary } = await deezerCharts(['--country', 'DE', '--country', 'GLOBAL']);
    expect(results[0]).toMatchObject({ label: `DEEZER TOP DAILY DE ${today()}`, error: expect.stringContaining('no "Top" playlist for DE (it has: GLOBAL, FR)') });
    expect(results[1]!.error).toBeUndefined();
    expect(summary.exitCode).toBe(1);
    expect((await editions()).map((chart) => chart.country)).toEqual(['GLOBAL']);
  });
});

describe('the /chart/0 endpoint (--source chart)', () => {
  it('stores the recorded chart under the market named, positions as Deezer ranks them', async () => {
    const { results } = await deezerCharts(['--source', 'chart', '--country', 'FR']);
    expect(results[0]).toMatchObject({ label: `DEEZER TOP DAILY FR ${today()}`, entries: 10 });
    const [chart] = await editions();
    expect(chart!.country).toBe('FR');
    expect(chart!.entries.map((entry) => [entry.position, entry.externalId])).toEqual(RECORDED.map((track) => [track.position, String(track.id)]));
    expect(deezer.requests.find((request) => request.path === '/chart/0/tracks')?.query.get('limit')).toBe('100');
  });
});

describe('ISRCs', () => {
  it('keeps an entry Deezer has no track for, without ISRC, and counts it unresolved', async () => {
    const { results, summary } = await deezerCharts([], { unknownTracks: ['65723649'] });
    expect(results[0]!.unresolved).toBe(1);
    expect(summary.lines.at(-1)).toContain('ISRCs unresolved 1');
    const entry = (await editions())[0]!.entries.find((e) => e.externalId === '65723649');
    expect(entry).toMatchObject({ position: 9, trackName: 'Another Love', isrc: null });
  });

  it('asks Deezer only for tracks whose ISRC is not stored yet, and a second run changes nothing', async () => {
    await deezerCharts([]);
    await deezer.close();
    const { results } = await deezerCharts([]);
    expect(trackRequests()).toBe(0);
    expect(results[0]!.counts).toEqual({ inserted: 0, updated: 0, unchanged: 10, deleted: 0 });
  });
});

describe('rate limits and failures', () => {
  it('waits as long as a 429 asks (Retry-After), then succeeds', async () => {
    deezer = await startFakeDeezerCatalog();
    deezer.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const { results } = await collect(analytics(), ['deezer-charts'], { DEEZER_API_URL: deezer.url });
    expect(results[0]!.error).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(deezer.requestCount('/user/637006841/playlists')).toBe(3);
    expect((await editions())[0]!.entries).toHaveLength(10);
  });

  it('retries Deezer\'s quota error, which it sends as HTTP 200 with error code 4', async () => {
    deezer = await startFakeDeezerCatalog();
    deezer.failNext({ kind: 'json', body: DEEZER_QUOTA_ERROR }, 2);
    const { results } = await collect(analytics(), ['deezer-charts'], { DEEZER_API_URL: deezer.url });
    expect(results[0]!.error).toBeUndefined();
    expect(deezer.requestCount('/user/637006841/playlists')).toBe(4);
  });

  it('writes nothing of an edition whose ISRC lookups keep failing with 503, and keeps the editions written before', async () => {
    let answered = 0;
    // GLOBAL's 10 lookups succeed, then every /track/{id} of FR fails: FR dies half-fetched.
    const intercept = (request: { path: string }) => (request.path.startsWith('/track/') && ++answered > 20 ? { status: 503, body: { error: 'unavailable' } } : undefined);
    const { results, summary } = await deezerCharts(['--country', 'GLOBAL', '--country', 'FR'], { intercept });
    expect(results[0]!.error).toBeUndefined();
    expect(results[1]).toMatchObject({ label: `DEEZER TOP DAILY FR ${today()}`, error: expect.stringContaining('unavailable, 503') });
    expect(summary.exitCode).toBe(1);
    expect(summary.lines).toContain(`  FAILED DEEZER TOP DAILY FR ${today()}: nothing written: ${results[1]!.error}`);
    expect((await editions()).map((chart) => [chart.country, chart.entries.length])).toEqual([['GLOBAL', 10]]);
    expect(await analytics().prisma.chartEntry.count()).toBe(10);
  });
});

describe('--dry-run', () => {
  it('reports what a real run would write, entry by entry, and keeps nothing', async () => {
    const { results, summary } = await deezerCharts(['--dry-run']);
    expect(results[0]!.counts).toEqual({ inserted: 10, updated: 0, unchanged: 0, deleted: 0 });
    expect(results[0]!.preview?.[0]).toBe(`1. ${RECORDED[0]!.id} ${fakeIsrc(RECORDED[0]!.id)} LA FAMA — Rosalía`);
    expect(summary.lines.at(-1)).toMatch(/^collect: 1 edition and 0 snapshots checked \(dry run: nothing kept\), 0 failed; inserted 10/);
    expect(await analytics().prisma.chart.count()).toBe(0);
    expect(await analytics().prisma.chartEntry.count()).toBe(0);
  });
});

describe('through the analytics subgraph', () => {
  it('answers Query.chart(platform: DEEZER, country: "GLOBAL", type: TOP, frequency: DAILY) with the collected edition', async () => {
    await deezerCharts([]);
    const { data, errors } = await execute(analytics(), `{
      chart(platform: DEEZER, country: "GLOBAL", type: TOP, frequency: DAILY) {
        chart { platform country type frequency }
        date
        entries(first: 3) { totalCount nodes { position trackName artistNames externalId track { isrc } } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data?.chart).toEqual({
      chart: { platform: 'DEEZER', country: 'GLOBAL', type: 'TOP', frequency: 'DAILY' },
      date: today(),
      entries: {
        totalCount: 10,
        nodes: RECORDED.slice(0, 3).map((track, index) => ({
          position: index + 1, trackName: track.title, artistNames: track.artist.name, externalId: String(track.id), track: { isrc: fakeIsrc(track.id) },
        })),
      },
    });
  });
});
