import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../lib/cache/Cache.ts';
import { WriteGenerations } from '../../lib/cache/entities/WriteGenerations.ts';
import { logger } from '../../lib/logger.ts';
import { createSubgraph, type Subgraph } from '../../lib/subgraph/createSubgraph.ts';
import { analyticsSubgraph } from '../../subgraphs/analytics/src/module.ts';
import { BACKEND, isolatedDatabase } from '../helpers/backend.ts';
import { entitiesQuery, execute, TEST_ENV } from '../helpers/subgraph.ts';

/** A cache that fails the way a bug or a broken dependency would, with internals in its message. */
const brokenCache: Cache = {
  kind: 'memory',
  get: async () => undefined,
  getMany: async () => {
    throw new Error('connection to 10.0.0.7:6379 failed in /srv/app/node_modules/secret.js');
  },
  set: async () => undefined,
  setMany: async () => undefined,
  delete: async () => undefined,
  healthy: async () => true,
  close: async () => undefined,
};

let analytics: Subgraph<any, any>;
let generations: WriteGenerations | undefined;
beforeAll(async () => {
  const database = isolatedDatabase('masking');
  // On Postgres the series cache (where the failure is) is read only where writes are heard: through Redis.
  generations = BACKEND === 'services' ? await WriteGenerations.create({ REDIS_URL: process.env.REDIS_URL, ENTITY_CACHE_NAMESPACE: `test:${database.schema}` }) : undefined;
  analytics = await createSubgraph(analyticsSubgraph, { ...database, seed: true, cache: brokenCache, generations, env: TEST_ENV });
});
afterAll(async () => {
  if (analytics?.db.kind === 'postgres') await analytics.db.sql.exec(`DROP SCHEMA IF EXISTS "${analytics.db.schema}" CASCADE`);
  await analytics?.close();
  await generations?.close();
});

describe('an unexpected error inside a resolver', () => {
  it('reaches the client as INTERNAL_SERVER_ERROR with no detail, and is logged with its stack', async () => {
    const logged = vi.spyOn(logger, 'error');
    const { data, errors } = await execute(analytics, entitiesQuery('Track', 'isrc spotifyStreams { total }'), { representations: [{ __typename: 'Track', isrc: 'USUM72414866' }] });
    expect(data?._entities).toEqual([{ isrc: 'USUM72414866', spotifyStreams: null }]);
    expect(errors).toEqual([{ message: 'Internal server error', path: ['_entities', 0, 'spotifyStreams'], extensions: { code: 'INTERNAL_SERVER_ERROR' }, locations: expect.any(Array) }]);
    expect(JSON.stringify(errors)).not.toMatch(/10\.0\.0\.7|secret|\/srv/);
    const [entry] = logged.mock.calls.at(-1) as [{ err: Error }, string];
    expect(entry.err.message).toMatch(/10\.0\.0\.7/);
    expect(entry.err.stack).toMatch(/at /);
    logged.mockRestore();
  });
});
