import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../lib/config.ts';
import { buildStart } from '../../scripts/build.ts';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';

// Directly under ROOT, as dist/ is (the bundle finds the repository's files one folder up); not dist/ itself, which a running npm start may be using.
const outdir = mkdtempSync(join(ROOT, '.build-test-'));
let api: ApiProcesses | undefined;
afterAll(async () => {
  await api?.cleanup();
  rmSync(outdir, { recursive: true, force: true });
});

describe(`the precompiled npm start (${BACKEND})`, () => {
  it('builds start.js with its record of sources, and the built start answers federated queries', async () => {
    const info = await buildStart(outdir);
    expect(existsSync(join(outdir, 'start.js'))).toBe(true);
    // Our sources are recorded (to tell a stale build), packages are not, and the lock file stands for them.
    const sources = Object.keys(info.sources);
    expect(sources).toEqual(expect.arrayContaining(['scripts/start.ts', 'lib/config.ts', 'subgraphs/links/src/module.ts', 'package-lock.json']));
    expect(sources.filter((path) => path.includes('node_modules'))).toEqual([]);

    api = await apiProcesses('built-start', { DISCOVERY_ENABLED: 'false' });
    const { url, adminKey, child } = await api.run(relative(ROOT, join(outdir, 'start.js')), {}, /gateway ready at (\S+)/);
    expect((await post(url, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    // A first start: the admin key is made (also when the demo data came from the template), the demo data answers across all subgraphs.
    expect(adminKey).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    const answer = await post(url, '{ track(isrc: "GBDUW0000053") { title links { source } libraryTracks { title } matches { totalCount } } }', {}, { key: adminKey });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.track).toMatchObject({ title: 'One More Time', libraryTracks: [{ title: 'One More Time' }], matches: { totalCount: 2 } });
    expect(answer.body.data.track.links).toHaveLength(6);
    expect(await api.stop(child)).toBe(0);
  }, 300_000);
});
