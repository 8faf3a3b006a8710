import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../../lib/config.ts';
import { BACKEND, requireEnv } from '../../helpers/backend.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/catalog/${name}`, import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-import-'));
// On the services backend the CLI writes to a schema of its own on the test server, dropped afterwards.
const schema = `t_import_cli_${randomBytes(4).toString('hex')}`;
const linksUrl = BACKEND === 'services' ? `${requireEnv('DATABASE_URL')}${requireEnv('DATABASE_URL').includes('?') ? '&' : '?'}schema=${schema}` : '';
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (!linksUrl) return;
  const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/** Runs the CLI as `npm run import:catalog` does, on a database of its own (embedded in DATA_DIR, or a fresh Postgres schema). */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LINKS_DATABASE_URL: linksUrl, REDIS_URL: '', SEED_DEMO: 'false' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/importCatalog.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run import:catalog', () => {
  it('exits 2 on usage errors, before opening the database', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no CSV file given');
    const missing = await run(join(dataDir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a file');
  });

  it('exits 2 on a header without the required columns, writing nothing', async () => {
    const { code, stderr } = await run(fixture('missing-columns.csv'));
    expect(code).toBe(2);
    expect(stderr).toContain('Missing required column "title"');
    expect(stderr).toContain('Nothing was written.');
  }, 120_000);

  it('exits 1 and rolls back on malformed CSV, then imports, then finds everything unchanged', async () => {
    const malformed = await run(fixture('malformed.csv'));
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('rolled back');

    const first = await run(fixture('bad-rows.csv'));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('7 rows');
    expect(first.stdout).toContain('inserted 4, updated 0, unchanged 0');
    expect(first.stdout).toContain('invalid 3, conflicts 0, duplicate ISRCs 0, warnings 3, mojibake 0');
    expect(first.stdout).toContain('Invalid rows, skipped (3):');
    expect(first.stdout).toContain('  line 6: release_date "1999" gives a year only, not a day; not stored');
    expect(first.stdout).toContain('  line 4: title is blank');

    const again = await run(fixture('bad-rows.csv'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('inserted 0, updated 0, unchanged 4');
  }, 120_000);

  it('reads a Spotify-style export, printing the mapping it chose', async () => {
    const { code, stdout, stderr } = await run(fixture('spotify-style.csv'));
    expect(code).toBe(0);
    expect(stderr).toContain('columns: Track → title, Album Name → album, Artist → artist, Release Date → releaseDate, ISRC → isrc');
    expect(stdout).toContain('inserted 2');
    expect(stdout).toContain('ignored columns: "All Time Rank"');
  }, 120_000);

  it('with --bulk, lifts the foreign keys for the import and says they were added back', async () => {
    const { code, stdout } = await run(fixture('catalog.csv'), '--bulk');
    expect(code).toBe(0);
    expect(stdout).toMatch(/bulk: foreign keys PlatformLink_trackId_fkey, TrackArtist_artistId_fkey, TrackArtist_trackId_fkey lifted, added back and checked in \d+\.\d s/);
  }, 120_000);

  it('exits 2 on a bad --batch-size', async () => {
    const { code, stderr } = await run(fixture('spotify-style.csv'), '--batch-size', '0');
    expect(code).toBe(2);
    expect(stderr).toContain('--batch-size must be a whole number from 1 to 50000, got "0"');
  });
});
