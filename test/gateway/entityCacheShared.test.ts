import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type RunningGateway } from '../../gateway/src/serveGateway.ts';
import { ROOT } from '../../lib/config.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { BACKEND, isolatedDatabase, requireEnv } from '../helpers/backend.ts';
import { uniqueIsrc } from '../helpers/fakePlatformsEnv.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

/**
 * On Redis the entity cache is one for every gateway process, and a write made
 * by another process (the catalog import script) retires it before the script
 * says it is done. Postgres and Redis only: the embedded databases admit one process.
 */
describe.runIf(BACKEND === 'services')('entity cache shared on Redis', () => {
  let stack: TestStack;
  let second: RunningGateway;
  let secondKey: string;
  let dir: string;
  const linkRequests = { count: 0 };
  const namespace = `test-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    const env = { ...TEST_ENV, REDIS_URL: requireEnv('REDIS_URL'), SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('base64'), ENTITY_CACHE_NAMESPACE: namespace };
    stack = await startTestStack({ env });
    stack.subgraphs.links.http.on('request', () => linkRequests.count++);
    second = await serveGateway({ env, port: 0, subgraphUrls: stack.gateway.gateway.subgraphUrls, database: isolatedDatabase('gateway_second'), seed: true });
    secondKey = second.gateway.adminKey!;
    dir = mkdtempSync(join(tmpdir(), 'entity-cache-'));
  }, 300_000);
  afterAll(async () => {
    await second?.close();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = `query ($id: ID!) { track(id: $id) { title links { source } } }`;

  it('a track one gateway read is answered by the other without asking links', async () => {
    const variables = { id: trackIdForIsrc('GBDUW0000053') };
    const first = await post(stack.gateway.url, query, variables, { key: stack.adminKey });
    expect(first.body.errors).toBeUndefined();
    const before = linkRequests.count;
    const other = await post(second.url, query, variables, { key: secondKey });
    expect(other.body).toEqual(first.body);
    expect(linkRequests.count).toBe(before);
  });

  it('npm run import:catalog in its own process: both gateways read the import as soon as the script has exited', async () => {
    const isrc = uniqueIsrc();
    const variables = { id: trackIdForIsrc(isrc) };
    expect((await post(stack.gateway.url, query, variables, { key: stack.adminKey })).body.data.track).toBeNull();
    expect((await post(second.url, query, variables, { key: secondKey })).body.data.track).toBeNull();
    const file = join(dir, 'catalog.csv');
    writeFileSync(file, `isrc,title,artist,spotify_id\n${isrc},Written Elsewhere,Other Process,4uLU6hMCjMI75M1A2tKUQC\n`);
    const schema = stack.subgraphs.links.subgraph.db.schema;
    const url = new URL(requireEnv('DATABASE_URL'));
    url.searchParams.set('schema', schema);
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/importCatalog.ts', file], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'error', DATABASE_URL: url.toString(), REDIS_URL: requireEnv('REDIS_URL'), ENTITY_CACHE_NAMESPACE: namespace, SEED_DEMO: 'false' },
    });
    const expected = { title: 'Written Elsewhere', links: [{ source: 'SPOTIFY' }] };
    expect((await post(stack.gateway.url, query, variables, { key: stack.adminKey })).body.data.track).toEqual(expected);
    expect((await post(second.url, query, variables, { key: secondKey })).body.data.track).toEqual(expected);
  }, 120_000);
});
