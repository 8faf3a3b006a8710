import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/freePort.ts';
import { readSpotifyChart } from '../../subgraphs/analytics/src/ingest/spotifyChartsCsv.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { tempDir, writeCsv } from '../fixtures/backfill/csv.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { chartFixture, CHART_FIXTURES, CHARTS_DIR, fakeIsrc, HEADER } from './chartFixtures.ts';
import { ingestCli } from './ingestCli.ts';

const cli = ingestCli('scripts/importCharts.ts');
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
  // Links knows the top 50 of 1 Jan by their Spotify ids.
  const { edition } = await readSpotifyChart(chartFixture(CHART_FIXTURES.daily1));
  const known = edition.entries.slice(0, 50).map((entry, i) => ({ id: entry.externalId!, isrc: fakeIsrc(i) }));
  await stack.linksPrisma.track.createMany({ data: known.map(({ isrc }) => ({ id: trackIdForIsrc(isrc), isrc, title: `Chart track ${isrc}` })) });
  await stack.linksPrisma.platformLink.createMany({ data: known.map(({ id, isrc }) => ({ trackId: trackIdForIsrc(isrc), platform: 'SPOTIFY' as const, externalId: id })) });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await cli.cleanup();
});

describe('npm run import:charts', () => {
  it('exits 2 on usage errors, before opening the database', async () => {
    const none = await cli.run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('import:charts: no file or folder given');
    expect(none.stderr).toContain('usage: npm run import:charts -- <files or folders…>');
    expect((await cli.run(['nowhere/regional-global-daily-2024-01-01.csv'])).stderr).toContain('"nowhere/regional-global-daily-2024-01-01.csv" does not exist');
    const badUrl = await cli.run([CHARTS_DIR, '--gateway', 'localhost:4000']);
    expect([badUrl.code, badUrl.stderr]).toEqual([2, expect.stringContaining('--gateway must be an http(s) URL, got "localhost:4000"')]);
    const badKey = await cli.run([CHARTS_DIR], { TRACKGRAPH_API_KEY: 'secret' });
    expect([badKey.code, badKey.stderr]).toEqual([2, expect.stringContaining('--key (or TRACKGRAPH_API_KEY) must be an API key')]);
  }, 60_000);

  it('imports a folder with a line per file, stores the entries unresolved without a key, and says how to resolve them', async () => {
    const { code, stdout, stderr } = await cli.run([CHARTS_DIR]);
    expect(code).toBe(0);
    expect(stderr).toContain('import:charts: [1/5] regional-global-daily-2024-01-01.csv: SPOTIFY GLOBAL STREAMS DAILY 2024-01-01, 200 rows: inserted 200, updated 0, unchanged 0, removed 0, skipped 0');
    expect(stderr).toContain('import:charts: [5/5] viral-global-daily-2024-10-31.csv: SPOTIFY GLOBAL VIRAL DAILY 2024-10-31, 100 rows: inserted 100');
    expect(stdout).toMatch(/import:charts: 5 files, 900 rows in [\d.]+ s \(\d+ rows\/s\): 5 editions imported, 0 files refused, 0 rolled back/);
    expect(stdout).toContain('  entries inserted 900, updated 0, unchanged 0, removed 0; rows skipped 0');
    expect(stdout).toContain('ISRCs: not resolved (no API key); 469 chart track ids wait for theirs. To resolve them, run `npm run import:charts` again with --key sk_…');
  }, 120_000);

  it('exits 3 when the gateway is down, the files imported all the same', async () => {
    const { code, stdout } = await cli.run([chartFixture(CHART_FIXTURES.daily1), '--key', stack.adminKey, '--gateway', `http://127.0.0.1:${await freePort()}/graphql`]);
    expect(code).toBe(3);
    expect(stdout).toContain('entries inserted 0, updated 0, unchanged 200, removed 0');
    expect(stdout).toMatch(/ISRC resolution failed: NETWORK_ERROR: .* did not answer .*\. The imported data is kept; the 469 unresolved ids are asked again on the next run/);
  }, 120_000);

  it('re-imports without a change and resolves what links knows through the gateway, 100 ids per request', async () => {
    const { code, stdout, stderr } = await cli.run([CHARTS_DIR, '--gateway', stack.gateway.url], { TRACKGRAPH_API_KEY: stack.adminKey });
    expect(code).toBe(0);
    expect(stdout).toContain('entries inserted 0, updated 0, unchanged 900, removed 0; rows skipped 0');
    expect(stdout).toMatch(new RegExp(`ISRCs: 50 track ids resolved \\(\\d+ entries updated\\), 419 unresolved, in 5 requests to ${stack.gateway.url.replace(/[.]/g, '\\.')}`));
    expect(stderr).toContain('import:charts: ISRCs 469/469 track ids asked');
  }, 120_000);

  it('exits 1 when a file is refused, importing the others and listing skipped rows by line', async () => {
    const dir = await tempDir();
    await writeCsv(dir, 'regional-global-weekly-2024-01-01.csv', [HEADER]);
    await writeCsv(dir, 'regional-fr-daily-2024-01-01.csv', [HEADER, `1,"spotify:track:${'a'.repeat(22)}","A","T","L",1,-1,1,"5"`, '2,"spotify:track:nope","A","T","L",1,-1,1,"5"']);
    await copyFile(chartFixture(CHART_FIXTURES.viral), join(dir, CHART_FIXTURES.viral));
    const { code, stdout } = await cli.run([dir, '--no-resolve']);
    expect(code).toBe(1);
    expect(stdout).toContain('3 files, 102 rows');
    expect(stdout).toContain('2 editions imported, 1 files refused, 0 rolled back');
    expect(stdout).toContain('Skipped rows (1):\n  regional-fr-daily-2024-01-01.csv line 3: uri "spotify:track:nope" is not spotify:track: and a 22-character id');
    expect(stdout).toContain('Files not imported (1):\n  regional-global-weekly-2024-01-01.csv: refused: "regional-global-weekly-2024-01-01.csv": weekly Spotify charts are dated Thursdays, and 2024-01-01 is a Monday.');
    expect(stdout).toContain('ISRCs: not resolved (--no-resolve); 420 chart track ids wait for theirs.');
  }, 120_000);
});
