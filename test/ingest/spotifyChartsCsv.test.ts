import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChartFileError, parseChartFileName } from '../../subgraphs/analytics/src/ingest/spotifyChartFile.ts';
import { readSpotifyChart } from '../../subgraphs/analytics/src/ingest/spotifyChartsCsv.ts';
import { tempDir, writeCsv } from '../fixtures/backfill/csv.ts';
import { chartFixture, CHART_FIXTURES, HEADER } from './chartFixtures.ts';

describe('reads every recorded Spotify Charts export', () => {
  it.each([
    ['regional-global-daily-2024-01-01.csv', { country: 'GLOBAL', type: 'STREAMS', frequency: 'DAILY', date: '2024-01-01' }, 200, 31],
    ['regional-global-daily-2024-01-02.csv', { country: 'GLOBAL', type: 'STREAMS', frequency: 'DAILY', date: '2024-01-02' }, 200, 36],
    ['regional-global-weekly-2023-12-28.csv', { country: 'GLOBAL', type: 'STREAMS', frequency: 'WEEKLY', date: '2023-12-28' }, 200, 32],
    ['regional-us-weekly-2023-12-28.csv', { country: 'US', type: 'STREAMS', frequency: 'WEEKLY', date: '2023-12-28' }, 200, 18],
    ['viral-global-daily-2024-10-31.csv', { country: 'GLOBAL', type: 'VIRAL', frequency: 'DAILY', date: '2024-10-31' }, 100, 15],
  ])('%s: the chart from its name, every row an entry, -1 as no stated previous position', async (name, chart, rows, newEntries) => {
    const bytes = await readFile(chartFixture(name));
    // As downloaded: a UTF-8 BOM and CRLF line ends.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const read = await readSpotifyChart(chartFixture(name));
    expect(read.edition).toMatchObject({ platform: 'SPOTIFY', ...chart });
    expect(read.rows).toBe(rows);
    expect(read.skipped).toEqual([]);
    expect(read.edition.entries.map((e) => e.position)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    expect(read.edition.entries.filter((e) => e.statedPrevious === null)).toHaveLength(newEntries);
    expect(read.edition.entries.every((e) => /^[0-9A-Za-z]{22}$/.test(e.externalId!))).toBe(true);
    expect(read.ignoredColumns).toEqual(['source', 'peak_rank', chart.frequency === 'WEEKLY' ? 'weeks_on_chart' : 'days_on_chart']);
  });

  it('keeps the first header name without its BOM, the streams of a regional chart, and none for Viral', async () => {
    const daily = await readSpotifyChart(chartFixture(CHART_FIXTURES.daily1));
    expect(daily.edition.entries[0]).toEqual({
      position: 1, externalId: '0R6NfOiLzLj4O5VbYSJAjf', trackName: 'La Diabla', artistNames: 'Xavi', streams: 4_427_311n, statedPrevious: 4,
    });
    const viral = await readSpotifyChart(chartFixture(CHART_FIXTURES.viral));
    expect(viral.edition.entries[0]).toEqual({
      position: 1, externalId: '63y2aL2dT6zzw8FOSLaNrp', trackName: 'This Is Halloween', artistNames: 'The Citizens of Halloween', streams: null, statedPrevious: 3,
    });
  });

  it('reads doubled quotes, commas inside quotes and non-ASCII names', async () => {
    const viral = (await readSpotifyChart(chartFixture(CHART_FIXTURES.viral))).edition.entries;
    expect(viral[7]).toMatchObject({ position: 8, trackName: 'Raanjhan (From "Do Patti")', artistNames: 'Sachet-Parampara, Parampara Tandon, Kausar Munir' });
    expect(viral[10]).toMatchObject({ position: 11, trackName: 'オトノケ - Otonoke', artistNames: 'Creepy Nuts' });
    expect(viral[99]).toMatchObject({ position: 100, trackName: 'ГЛАМУР', artistNames: 'uniqe, nkeeei, ARTEM SHILOVETS, Wipo' });
    const daily = (await readSpotifyChart(chartFixture(CHART_FIXTURES.daily2))).edition.entries;
    expect(daily[150]).toMatchObject({ position: 151, trackName: '"Slut!" (Taylor\'s Version) (From The Vault)' });
    expect(daily.find((e) => e.trackName === 'La Víctima')).toBeDefined();
  });

  it('reads the same file with LF line ends, with or without its BOM, identically', async () => {
    const dir = await tempDir();
    const text = await readFile(chartFixture(CHART_FIXTURES.daily1), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const crlf = await readSpotifyChart(chartFixture(CHART_FIXTURES.daily1));
    for (const [folder, content] of [['lf-bom', text.replace(/\r\n/g, '\n')], ['lf', text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')]]) {
      await mkdir(join(dir, folder!));
      const path = join(dir, folder!, CHART_FIXTURES.daily1);
      await writeFile(path, content!);
      expect(await readFile(path, 'utf8')).not.toContain('\r');
      expect(await readSpotifyChart(path)).toEqual(crlf);
    }
  });
});

describe('reads the chart from the file name only', () => {
  it.each([
    ['regional-global-daily-2024-01-01.csv', { country: 'GLOBAL', type: 'STREAMS', frequency: 'DAILY', date: '2024-01-01' }],
    ['/some/folder/regional-gb-weekly-2024-01-04.csv', { country: 'GB', type: 'STREAMS', frequency: 'WEEKLY', date: '2024-01-04' }],
    ['viral-br-daily-2024-02-29.csv', { country: 'BR', type: 'VIRAL', frequency: 'DAILY', date: '2024-02-29' }],
    ['REGIONAL-US-DAILY-2024-01-01.CSV', { country: 'US', type: 'STREAMS', frequency: 'DAILY', date: '2024-01-01' }],
  ])('%s', (path, chart) => {
    expect(parseChartFileName(path)).toEqual({ platform: 'SPOTIFY', ...chart });
  });

  it.each([
    ['charts.csv', 'is not a Spotify Charts file name'],
    ['regional-global-daily-2024-01-01 (1).csv', 'is not a Spotify Charts file name'],
    ['regional-global-monthly-2024-01-01.csv', 'is not a Spotify Charts file name'],
    ['regional-global-daily-20240101.csv', 'is not a Spotify Charts file name'],
    ['regional-xx-daily-2024-01-01.csv', 'country must be an ISO 3166-1 alpha-2 country code or GLOBAL'],
    ['regional-usa-daily-2024-01-01.csv', 'country must be an ISO 3166-1 alpha-2 country code or GLOBAL'],
    ['regional-us-daily-2023-02-29.csv', 'date must be a date as YYYY-MM-DD, got "2023-02-29"'],
    ['regional-global-weekly-2024-01-01.csv', 'weekly Spotify charts are dated Thursdays, and 2024-01-01 is a Monday'],
    ['viral-global-weekly-2023-12-29.csv', 'weekly Spotify charts are dated Thursdays, and 2023-12-29 is a Friday'],
  ])('refuses %s', (name, message) => {
    expect(() => parseChartFileName(name)).toThrow(ChartFileError);
    expect(() => parseChartFileName(name)).toThrow(message);
  });
});

describe('bad rows are skipped and listed by line; a bad header refuses the file', () => {
  const good = (rank: number, id = `${'a'.repeat(21)}${rank % 10}`) => `${rank},"spotify:track:${id}","Artist","Title ${rank}","Label",1,-1,1,"1000"`;

  it('lists each bad row with the line it starts on and imports the rest', async () => {
    const dir = await tempDir();
    const path = await writeCsv(dir, 'regional-fr-daily-2024-01-01.csv', [
      HEADER,
      good(1),
      `0,"spotify:track:${'b'.repeat(22)}","A","T","L",1,-1,1,"5"`,
      `3,"spotify:album:${'c'.repeat(22)}","A","T","L",1,-1,1,"5"`,
      `4,"spotify:track:${'d'.repeat(22)}","A","T","L",1,-1,1,"1,234"`,
      good(1, 'e'.repeat(22)),
      `6,"spotify:track:${'f'.repeat(22)}","A","T","L",1,-1,1`,
      `"7","spotify:track:${'g'.repeat(22)}","Artist","A title with a line\nbreak","L",1,0,1,""`,
      `x,"spotify:track:short","A","${'n'.repeat(501)}","L",1,-1,1,"5"`,
      good(2),
    ], true);
    const read = await readSpotifyChart(path);
    expect(read.rows).toBe(9);
    expect(read.edition.entries.map((e) => e.position)).toEqual([1, 2]);
    expect(read.skipped).toEqual([
      { line: 3, reason: 'rank "0" is not a positive whole number' },
      { line: 4, reason: `uri "spotify:album:${'c'.repeat(22)}" is not spotify:track: and a 22-character id` },
      { line: 5, reason: 'streams "1,234" is not a whole number' },
      { line: 6, reason: 'rank 1 is also on line 2' },
      { line: 7, reason: 'has 8 fields, the header has 9' },
      { line: 8, reason: 'previous_rank "0" is not -1 or a positive whole number; streams is blank' },
      // The row above spans lines 8 and 9.
      { line: 10, reason: 'rank "x" is not a positive whole number; uri "spotify:track:short" is not spotify:track: and a 22-character id; track_name is longer than 500 characters' },
    ]);
  });

  it.each([
    ['no streams column in a regional chart', 'rank,uri,artist_names,track_name,source,peak_rank,previous_rank,days_on_chart', 'the header lacks "streams"'],
    ['no uri', 'rank,artist_names,track_name,previous_rank,streams', 'the header lacks "uri"'],
    ['a repeated column', 'rank,uri,artist_names,track_name,previous_rank,streams,Rank', 'the header has the column "rank" twice'],
    ['an empty file', '', 'the file is empty'],
  ])('refuses a file with %s', async (_name, header, message) => {
    const dir = await tempDir();
    const path = await writeCsv(dir, 'regional-fr-daily-2024-01-01.csv', header ? [header, good(1)] : []);
    await expect(readSpotifyChart(path)).rejects.toThrow(new ChartFileError(`regional-fr-daily-2024-01-01.csv: ${message}`).message);
  });

  it('reads a Viral export with a streams column, a blank cell meaning none', async () => {
    const dir = await tempDir();
    const path = await writeCsv(dir, 'viral-fr-daily-2024-01-01.csv', ['rank,uri,artist_names,track_name,previous_rank,streams', `1,"spotify:track:${'a'.repeat(22)}","A","T",-1,""`, `2,"spotify:track:${'b'.repeat(22)}","A","T",1,"12"`]);
    expect((await readSpotifyChart(path)).edition.entries.map((e) => e.streams)).toEqual([null, 12n]);
  });

  it('refuses malformed CSV', async () => {
    const dir = await tempDir();
    const path = await writeCsv(dir, 'regional-fr-daily-2024-01-01.csv', [HEADER, good(1), `2,"spotify:track:${'a'.repeat(22)},"A","T","L",1,-1,1,"5"`]);
    await expect(readSpotifyChart(path)).rejects.toThrow(/regional-fr-daily-2024-01-01.csv: Malformed CSV/);
  });
});
