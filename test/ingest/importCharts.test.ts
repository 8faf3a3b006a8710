import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../subgraphs/analytics/src/context.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { importChartFile, importChartFiles, listChartFiles, totalChartImport } from '../../subgraphs/analytics/src/ingest/importCharts.ts';
import { resolveChartTracks, unresolvedChartTracks } from '../../subgraphs/analytics/src/ingest/store.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { tempDir, writeCsv } from '../fixtures/backfill/csv.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../helpers/subgraph.ts';
import { chartFixture, CHART_FIXTURES, CHARTS_DIR, fakeIsrc, HEADER } from './chartFixtures.ts';

let analytics: Subgraph<AnalyticsPrisma, Context>;
beforeAll(async () => {
  analytics = await createTestSubgraph(analyticsSubgraph, { seed: false });
});
afterAll(() => analytics?.close());

/** Every stored entry of one edition, by position. */
async function storedEdition(country: string, frequency: 'DAILY' | 'WEEKLY', date: string) {
  return analytics.prisma.chartEntry.findMany({
    where: { chart: { platform: 'SPOTIFY', country, type: 'STREAMS', frequency }, date: new Date(`${date}T00:00:00Z`) },
    orderBy: { position: 'asc' },
    select: { position: true, externalId: true, isrc: true, streams: true, statedPrevious: true, trackName: true },
  });
}

/**
 * Makes the database fail on the entry at `position` of any edition written,
 * in the middle of the statement that writes the file's rows.
 */
async function failWritesAt(position: number): Promise<() => Promise<void>> {
  await analytics.db.sql.exec(`
    CREATE FUNCTION fail_chart_entry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.position = ${position} THEN RAISE EXCEPTION 'disk full at position %', NEW.position; END IF; RETURN NEW; END $$;
    CREATE TRIGGER fail_chart_entry BEFORE INSERT OR UPDATE ON "ChartEntry" FOR EACH ROW EXECUTE FUNCTION fail_chart_entry();`);
  return () => analytics.db.sql.exec('DROP TRIGGER fail_chart_entry ON "ChartEntry"; DROP FUNCTION fail_chart_entry();');
}

describe('importing Spotify Charts files', () => {
  it('imports the five exports, then finds them all unchanged on a second run', async () => {
    const files = await listChartFiles([CHARTS_DIR, chartFixture(CHART_FIXTURES.daily1)]);
    // The folder's files once each, sorted, however they were named.
    expect(files.map((f) => f.split('/').pop())).toEqual(Object.values(CHART_FIXTURES).sort());
    const first = totalChartImport(await importChartFiles(analytics.prisma, files));
    expect(first).toEqual({ files: 5, imported: 5, refused: 0, failed: 0, rows: 900, skipped: 0, entries: { inserted: 900, updated: 0, unchanged: 0, deleted: 0 } });
    const second = totalChartImport(await importChartFiles(analytics.prisma, files));
    expect(second.entries).toEqual({ inserted: 0, updated: 0, unchanged: 900, deleted: 0 });
    const charts = await analytics.prisma.chart.findMany({ orderBy: [{ country: 'asc' }, { type: 'asc' }, { frequency: 'asc' }] });
    expect(charts.map((c) => [c.country, c.type, c.frequency, c.latestDate?.toISOString().slice(0, 10)])).toEqual([
      ['GLOBAL', 'STREAMS', 'DAILY', '2024-01-02'],
      ['GLOBAL', 'STREAMS', 'WEEKLY', '2023-12-28'],
      ['GLOBAL', 'VIRAL', 'DAILY', '2024-10-31'],
      ['US', 'STREAMS', 'WEEKLY', '2023-12-28'],
    ]);
  });

  it('stores what the file says: streams, names, -1 as no stated previous position', async () => {
    const stored = await storedEdition('GLOBAL', 'DAILY', '2024-01-01');
    expect(stored).toHaveLength(200);
    expect(stored[0]).toEqual({ position: 1, externalId: '0R6NfOiLzLj4O5VbYSJAjf', isrc: null, streams: 4_427_311n, statedPrevious: 4, trackName: 'La Diabla' });
    expect(stored.filter((e) => e.statedPrevious === null)).toHaveLength(31);
  });

  it('refuses a file with a bad name or no usable row, and imports the others', async () => {
    const dir = await tempDir();
    const badName = await writeCsv(dir, 'top-songs.csv', [HEADER]);
    const noRows = await writeCsv(dir, 'regional-de-daily-2024-01-01.csv', [HEADER, '0,"spotify:track:x","A","T","L",1,-1,1,"5"']);
    const good = join(dir, 'regional-de-daily-2024-01-02.csv');
    await copyFile(chartFixture(CHART_FIXTURES.daily2), good);
    const outcomes = await importChartFiles(analytics.prisma, [badName, noRows, good]);
    expect(outcomes.map((o) => [o.status, o.error])).toEqual([
      ['refused', expect.stringContaining('"top-songs.csv" is not a Spotify Charts file name')],
      ['refused', 'no usable rows, nothing written'],
      ['imported', undefined],
    ]);
    expect(outcomes[1]!.skipped).toEqual([{ line: 2, reason: 'rank "0" is not a positive whole number; uri "spotify:track:x" is not spotify:track: and a 22-character id' }]);
    expect(await storedEdition('DE', 'DAILY', '2024-01-01')).toEqual([]);
    expect(await storedEdition('DE', 'DAILY', '2024-01-02')).toHaveLength(200);
  });

  it('makes the stored edition exactly the file again, keeping ISRCs already resolved for the same track', async () => {
    const dir = await tempDir();
    const path = join(dir, 'regional-it-daily-2024-01-01.csv');
    const text = await readFile(chartFixture(CHART_FIXTURES.daily1), 'utf8');
    await writeFile(path, text);
    await importChartFile(analytics.prisma, path);
    const [first, second] = await storedEdition('IT', 'DAILY', '2024-01-01');
    await resolveChartTracks(analytics.prisma, 'SPOTIFY', new Map([[first!.externalId!, fakeIsrc(1)], [second!.externalId!, fakeIsrc(2)]]));
    // The export again, the last 10 rows gone and the first row's streams corrected.
    const lines = text.split('\r\n');
    await writeFile(path, [lines[0], lines[1]!.replace('"4427311"', '"4427312"'), ...lines.slice(2, 191), ''].join('\r\n'));
    const again = await importChartFile(analytics.prisma, path);
    expect(again.counts).toEqual({ inserted: 0, updated: 1, unchanged: 189, deleted: 10 });
    const stored = await storedEdition('IT', 'DAILY', '2024-01-01');
    expect(stored).toHaveLength(190);
    expect(stored.slice(0, 2).map((e) => [e.isrc, e.streams])).toEqual([[fakeIsrc(1), 4_427_312n], [fakeIsrc(2), 3_963_766n]]);
  });
});

describe('one transaction per file', () => {
  it('a write failing at row 150 leaves nothing of a new file and the previous version of a re-imported one', async () => {
    const dir = await tempDir();
    const fresh = join(dir, 'regional-es-daily-2024-01-01.csv');
    const changed = join(dir, 'regional-nl-daily-2024-01-01.csv');
    const text = await readFile(chartFixture(CHART_FIXTURES.daily1), 'utf8');
    await writeFile(fresh, text);
    await writeFile(changed, text);
    await importChartFile(analytics.prisma, changed);
    const before = await storedEdition('NL', 'DAILY', '2024-01-01');
    // Every row's streams change, so the rewrite updates all 200 rows; it fails at the 150th.
    await writeFile(changed, text.replace(/,"(\d+)"\r\n/g, (_m, n: string) => `,"${Number(n) + 1}"\r\n`));

    const stop = await failWritesAt(150);
    try {
      const outcomes = await importChartFiles(analytics.prisma, [fresh, changed]);
      expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
      expect(outcomes[0]!.error).toMatch(/^rolled back: .*disk full at position 150/s);
    } finally {
      await stop();
    }
    expect(await analytics.prisma.chart.count({ where: { country: 'ES' } })).toBe(0);
    expect(await storedEdition('NL', 'DAILY', '2024-01-01')).toEqual(before);
    // Without the fault the same files go in whole.
    const retried = await importChartFiles(analytics.prisma, [fresh, changed]);
    expect(retried.map((o) => [o.status, o.counts.inserted, o.counts.updated])).toEqual([['imported', 200, 0], ['imported', 0, 200]]);
  });
});

describe('the imported charts, read through the analytics subgraph', () => {
  const POSITIONS = `charts(platform: SPOTIFY, type: STREAMS) { chart { country frequency } date position previousPosition streams }
    chartPeaks(platform: SPOTIFY, country: "GLOBAL", type: STREAMS, frequency: DAILY) { position date }`;

  beforeAll(async () => {
    // ISRCs as links would give them: one per Spotify id.
    const ids = await unresolvedChartTracks(analytics.prisma, 'SPOTIFY');
    await resolveChartTracks(analytics.prisma, 'SPOTIFY', new Map(ids.map((id, i) => [id, fakeIsrc(i + 1000)])));
  });

  async function isrcOf(externalId: string): Promise<string> {
    const entry = await analytics.prisma.chartEntry.findFirst({ where: { externalId } });
    return entry!.isrc!.trim();
  }

  it('gives the previous position from the day before, the weekly charts, and the peak from the stored history', async () => {
    // "greedy" (Tate McRae): 2nd on 1 Jan, 1st on 2 Jan.
    const greedy = await isrcOf('3rUGC1vUpkDG9CZFHMur1t');
    const { data, errors } = await execute(analytics, entitiesQuery('Track', POSITIONS), { representations: [{ __typename: 'Track', isrc: greedy }] });
    expect(errors).toBeUndefined();
    const track = data!._entities[0];
    const global = track.charts.filter((p: { chart: { country: string } }) => p.chart.country === 'GLOBAL');
    expect(global).toContainEqual({ chart: { country: 'GLOBAL', frequency: 'DAILY' }, date: '2024-01-02', position: 1, previousPosition: 2, streams: 4_701_827 });
    // Peaks come from the stored editions (1 Jan: 2nd, 2 Jan: 1st), not from the file's peak_rank.
    expect(track.chartPeaks).toEqual([{ position: 1, date: '2024-01-02' }]);
  });

  it('gives the weekly positions, global and US, and null previous positions for new entries', async () => {
    const mariah = await isrcOf('0bYg9bo50gSsH3LtXe2SQn');
    const { data } = await execute(analytics, entitiesQuery('Track', POSITIONS), { representations: [{ __typename: 'Track', isrc: mariah }] });
    const weekly = data!._entities[0].charts.filter((p: { chart: { frequency: string } }) => p.chart.frequency === 'WEEKLY');
    expect(weekly).toEqual([
      { chart: { country: 'GLOBAL', frequency: 'WEEKLY' }, date: '2023-12-28', position: 1, previousPosition: 1, streams: 75_826_005 },
      { chart: { country: 'US', frequency: 'WEEKLY' }, date: '2023-12-28', position: 3, previousPosition: 3, streams: 15_547_474 },
    ]);
    // A track new on 2 Jan (previous_rank -1, not in the stored 1 Jan edition).
    const edition = await storedEdition('GLOBAL', 'DAILY', '2024-01-02');
    const newcomer = edition.find((e) => e.statedPrevious === null)!;
    const { data: newData } = await execute(analytics, entitiesQuery('Track', POSITIONS), { representations: [{ __typename: 'Track', isrc: newcomer.isrc!.trim() }] });
    expect(newData!._entities[0].charts).toContainEqual(expect.objectContaining({ date: '2024-01-02', position: newcomer.position, previousPosition: null }));
  });
});
