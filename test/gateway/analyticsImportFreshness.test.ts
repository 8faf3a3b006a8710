import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import type { AnalyticsPrisma } from '../../subgraphs/analytics/src/db.ts';
import { importAnalytics } from '../../subgraphs/analytics/src/ingest/importAnalytics.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';
import { uniqueIsrc } from '../helpers/fakePlatformsEnv.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

/**
 * Issue 14: a track's streams, read through the gateway (and so held by the
 * gateway's entity cache and the analytics subgraph's series cache), show an
 * analytics import as soon as the import has returned. Embedded: the import
 * runs in this process, as it must on PGlite. Services: `npm run
 * import:analytics` runs in its own process against the same Postgres schema
 * and Redis.
 */
let stack: TestStack;
let dir: string;
let namespace: string;

beforeAll(async () => {
  namespace = `test-${Math.random().toString(36).slice(2)}`;
  stack = await startTestStack({ env: { ...TEST_ENV, ENTITY_CACHE_NAMESPACE: namespace } });
  dir = mkdtempSync(join(tmpdir(), 'analytics-import-'));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Imports `records` the way the deployment does: in this process on PGlite, through the script on the services. */
async function runImport(records: object[]): Promise<void> {
  const file = join(dir, `import-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const analytics = stack.subgraphs.analytics.subgraph;
  if (BACKEND === 'embedded') {
    await importAnalytics(analytics.prisma as unknown as AnalyticsPrisma, file);
    return;
  }
  const url = new URL(requireEnv('DATABASE_URL'));
  url.searchParams.set('schema', analytics.db.schema);
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/importAnalytics.ts', file, '--no-resolve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'error', DATABASE_URL: url.toString(), REDIS_URL: requireEnv('REDIS_URL'), ENTITY_CACHE_NAMESPACE: namespace, SEED_DEMO: 'false' },
  });
}

const QUERY = `query ($id: ID!) {
  track(id: $id) {
    title
    spotifyStreams { date total daily }
    recent: spotifyStreams(from: "2026-11-02") { date total daily }
    spotifyStreamTotal { date total }
    shazams { date total }
  }
}`;

describe('an analytics import is read at once through the gateway', () => {
  it('new daily totals replace what the caches held', async () => {
    const isrc = uniqueIsrc();
    const variables = { id: trackIdForIsrc(isrc) };
    await stack.linksPrisma.track.create({ data: { id: trackIdForIsrc(isrc), isrc, title: 'Fresh Figures' } });
    await runImport([
      { kind: 'spotifyStreams', isrc, date: '2026-11-01', total: 1_000 },
      { kind: 'spotifyStreams', isrc, date: '2026-11-02', total: 1_500 },
      { kind: 'shazams', isrc, date: '2026-11-02', total: 40 },
    ]);
    const ask = async () => {
      const { body } = await post(stack.gateway.url, QUERY, variables, { key: stack.adminKey });
      expect(body.errors).toBeUndefined();
      return body.data.track;
    };
    const before = await ask();
    expect(before.spotifyStreams).toEqual([{ date: '2026-11-02', total: 1_500, daily: 500 }, { date: '2026-11-01', total: 1_000, daily: null }]);
    // Asked again: now every cache holds it.
    expect(await ask()).toEqual(before);

    await runImport([
      { kind: 'spotifyStreams', isrc, date: '2026-11-03', total: 2_100 },
      { kind: 'shazams', isrc, date: '2026-11-03', total: 55 },
    ]);
    const after = await ask();
    expect(after.spotifyStreams).toEqual([
      { date: '2026-11-03', total: 2_100, daily: 600 },
      { date: '2026-11-02', total: 1_500, daily: 500 },
      { date: '2026-11-01', total: 1_000, daily: null },
    ]);
    expect(after.recent).toEqual([{ date: '2026-11-03', total: 2_100, daily: 600 }, { date: '2026-11-02', total: 1_500, daily: 500 }]);
    expect(after.spotifyStreamTotal).toEqual({ date: '2026-11-03', total: 2_100 });
    expect(after.shazams).toEqual([{ date: '2026-11-03', total: 55 }, { date: '2026-11-02', total: 40 }]);
  }, 120_000);
});
