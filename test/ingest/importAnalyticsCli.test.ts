import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/freePort.ts';
import { tempDir } from '../fixtures/backfill/csv.ts';
import { ingestCli } from './ingestCli.ts';

const cli = ingestCli('scripts/importAnalytics.ts');
afterAll(() => cli.cleanup());
const EXAMPLE = 'examples/analytics/analytics.jsonl';

describe('npm run import:analytics', () => {
  it('exits 2 on usage errors, before opening the database', async () => {
    const none = await cli.run([]);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('import:analytics: no file given')]);
    expect(none.stderr).toContain('usage: npm run import:analytics -- <file.jsonl>');
    expect((await cli.run([EXAMPLE, EXAMPLE])).stderr).toContain('expected one file, got 2');
    expect((await cli.run(['examples/analytics'])).stderr).toContain('"examples/analytics" is not a file');
    expect((await cli.run([EXAMPLE, '--frobnicate'])).stderr).toContain("Unknown option '--frobnicate'");
  }, 60_000);

  it('imports the example file, then finds it unchanged', async () => {
    const first = await cli.run([EXAMPLE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/import:analytics: examples\/analytics\/analytics\.jsonl: 10 records in [\d.]+ s \(\d+ records\/s\), written in one transaction/);
    expect(first.stdout).toContain('  Spotify stream totals: inserted 2, updated 0, unchanged 0');
    expect(first.stdout).toContain('  chart editions 4: entries inserted 5, updated 0, unchanged 0, removed 0');
    expect(first.stdout).toContain('  records skipped 0');
    expect(first.stdout).toContain('ISRCs: not resolved (no API key); 1 chart track id waits for its ISRC.');
    const again = await cli.run([EXAMPLE, '--no-resolve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  Shazam totals: inserted 0, updated 0, unchanged 1');
    expect(again.stdout).toContain('  playlist snapshots 3: placements inserted 0, updated 0, unchanged 4, removed 0; follower points written 0');
    expect(again.stdout).toContain('ISRCs: not resolved (--no-resolve)');
  }, 120_000);

  it('lists skipped records by line and exits 0', async () => {
    const path = join(await tempDir(), 'bad.jsonl');
    await writeFile(path, ['{"kind":"shazams","isrc":"GBDUW0000053","date":"2024-02-30","total":1}', '{"kind":"shazams","isrc":"GBDUW0000053","date":"2024-02-28","total":1}', ''].join('\n'));
    const { code, stdout } = await cli.run([path, '--no-resolve']);
    expect(code).toBe(0);
    expect(stdout).toContain('  records skipped 1\nSkipped records (1):\n  line 1: date must be a date as YYYY-MM-DD, got "2024-02-30"');
  }, 120_000);

  it('exits 3 when the gateway is down, the file written all the same', async () => {
    const { code, stdout } = await cli.run([EXAMPLE, '--key', 'sk_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '--gateway', `http://127.0.0.1:${await freePort()}/graphql`]);
    expect(code).toBe(3);
    expect(stdout).toContain('chart editions 4: entries inserted 0, updated 0, unchanged 5');
    expect(stdout).toContain('ISRC resolution failed: NETWORK_ERROR');
  }, 120_000);

  it('exits 1 and writes nothing when the database fails', async () => {
    const path = join(await tempDir(), 'fails.jsonl');
    await writeFile(path, [
      '{"kind":"spotifyStreams","isrc":"GBDUW0000053","date":"2024-03-01","total":7}',
      '{"kind":"chart","platform":"DEEZER","country":"GLOBAL","date":"2024-03-01","entries":[{"position":1,"isrc":"GBDUW0000053"}]}',
    ].join('\n'));
    await cli.sql(`CREATE FUNCTION no_charts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER no_charts BEFORE INSERT ON "ChartEntry" FOR EACH ROW EXECUTE FUNCTION no_charts();`);
    const failed = await cli.run([path, '--no-resolve']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('import:analytics: failed, nothing was written (rolled back)');
    expect(failed.stderr).toContain('disk full');
    await cli.sql('DROP TRIGGER no_charts ON "ChartEntry"; DROP FUNCTION no_charts();');
    const retried = await cli.run([path, '--no-resolve']);
    // Nothing of the failed run was kept: the retry inserts the total again.
    expect(retried.stdout).toContain('  Spotify stream totals: inserted 1, updated 0, unchanged 0');
  }, 120_000);
});
