import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { createSubgraph } from '../../lib/subgraph/createSubgraph.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import type { FakeProviderServer } from '../links/providers/fakes/FakeProviderServer.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { FAST_PLATFORMS, today } from './collectHarness.ts';
import { fakeIsrc, startFakeDeezerCatalog } from './fakeDeezerCatalog.ts';

/** Where the child processes keep the analytics data: a temporary DATA_DIR, or a schema of its own on Postgres. */
const dataDir = mkdtempSync(join(tmpdir(), 'trackgraph-collect-'));
const schema = `t_collect_cli_${randomBytes(4).toString('hex')}`;
const databaseEnv: Record<string, string> = BACKEND === 'embedded'
  ? { DATA_DIR: dataDir }
  : { ANALYTICS_DATABASE_URL: `${requireEnv('DATABASE_URL')}${requireEnv('DATABASE_URL').includes('?') ? '&' : '?'}schema=${schema}` };

let deezer: FakeProviderServer;
let failing: FakeProviderServer;
beforeAll(async () => {
  deezer = await startFakeDeezerCatalog();
  failing = await startFakeDeezerCatalog({ intercept: () => ({ status: 503, body: { error: 'unavailable' } }) });
});
afterAll(async () => {
  await deezer?.close();
  await failing?.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (BACKEND === 'services') {
    const client = new pg.Client({ connectionString: requireEnv('DATABASE_URL') });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});

/** `npm run collect -- …args` as the script line runs it, with only the environment given (plus PATH and HOME). */
function collectCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/collect.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...databaseEnv, ...FAST_PLATFORMS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Opens the database the child processes wrote, as `npm start` would. */
async function openAnalytics() {
  const options = BACKEND === 'embedded' ? { dataDir } : { url: requireEnv('DATABASE_URL'), schema };
  return createSubgraph(analyticsSubgraph, { ...options, seed: false, env: {} });
}

describe('npm run collect', () => {
  it('collects the Deezer chart into the database npm start uses, prints the summary and exits 0; --dry-run keeps nothing', async () => {
    const run = await collectCli(['deezer-charts'], { DEEZER_API_URL: deezer.url });
    expect(run.stderr).toContain(`collect: deezer-charts into `);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  DEEZER TOP DAILY GLOBAL ${today()}: 10 entries; entries inserted 10, updated 0, unchanged 0, removed 0; ISRCs unresolved 0`);
    expect(run.stdout).toContain('collect: 1 edition and 0 snapshots written, 0 failed; inserted 10, updated 0, unchanged 0, removed 0; followers points 0; ISRCs unresolved 0');

    const dry = await collectCli(['deezer-playlists', '908622995', '--dry-run'], { DEEZER_API_URL: deezer.url });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('DEEZER playlist 908622995 "Bain moussant": 60 tracks listed; followers point written; placements inserted 60');
    expect(dry.stdout).toContain(`    1. ${fakeIsrc(510591562)} added 2018-06-29`);
    expect(dry.stdout).toContain('checked (dry run: nothing kept)');

    const analytics = await openAnalytics();
    try {
      const entries = await analytics.prisma.chartEntry.findMany({ orderBy: { position: 'asc' } });
      expect(entries).toHaveLength(10);
      expect(entries[0]).toMatchObject({ position: 1, externalId: '1549325122', isrc: fakeIsrc(1549325122) });
      expect(await analytics.prisma.playlist.count()).toBe(0);
    } finally {
      await analytics.close();
    }
  }, 90_000);

  it('exits 1 when the platform keeps failing, naming what was not written', async () => {
    const run = await collectCli(['deezer-playlists', '908622995'], { DEEZER_API_URL: failing.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/  FAILED DEEZER playlist 908622995: nothing written: DEEZER: unavailable, 503 from \/playlist\/908622995/);
    expect(run.stdout).toContain('0 snapshots written, 1 failed');
  }, 60_000);

  it('exits 2 with the usage on bad arguments, and on spotify-playlists without Spotify credentials', async () => {
    const unknown = await collectCli(['apple-charts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('collect: unknown collector "apple-charts"\nusage: npm run collect -- <what> [options]');
    const country = await collectCli(['deezer-charts', '--country', 'XX']);
    expect(country.code).toBe(2);
    expect(country.stderr).toContain('`--country` must be an ISO 3166-1 alpha-2 country code or GLOBAL');
    const spotify = await collectCli(['spotify-playlists', '1h9q8vXXDl2vHOmwdsuXms']);
    expect(spotify.code).toBe(2);
    expect(spotify.stderr).toContain('collect: spotify-playlists needs Spotify app credentials: SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET are not set');
  }, 60_000);
});
