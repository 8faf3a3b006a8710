import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveGateway, type RunningGateway } from '../../gateway/src/serveGateway.ts';
import { BACKEND, isolatedDatabase, requireEnv } from '../helpers/backend.ts';
import { post } from '../helpers/stack.ts';

/**
 * Any number of gateways on one Redis: two sharing a key database accept each
 * other's keys and hear each other's revocations; one with a key store of its
 * own (in memory, as the benchmarks start it) beside them accepts its own admin
 * key, although DATABASE_URL is in its environment. Postgres and Redis only.
 */
describe.runIf(BACKEND === 'services')('gateways sharing one Redis', () => {
  const gateways: RunningGateway[] = [];
  let first: RunningGateway;
  let second: RunningGateway;
  let own: RunningGateway;

  beforeAll(async () => {
    // The environment a benchmark or server has: both URLs, one Redis namespace for all.
    const env = {
      DISCOVERY_ENABLED: 'false',
      DATABASE_URL: requireEnv('DATABASE_URL'),
      REDIS_URL: requireEnv('REDIS_URL'),
      SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('base64'),
      ENTITY_CACHE_NAMESPACE: `test-${randomBytes(6).toString('hex')}`,
      RATE_LIMIT_NAMESPACE: `test-${randomBytes(6).toString('hex')}`,
    };
    const keyDatabase = isolatedDatabase('gateway_shared_keys');
    const start = async (options: Parameters<typeof serveGateway>[0]) => {
      const gateway = await serveGateway({ env, port: 0, ...options });
      gateways.push(gateway);
      return gateway;
    };
    first = await start({ database: keyDatabase, seed: true });
    second = await start({ database: keyDatabase, seed: false });
    own = await start({ database: { inMemory: true }, seed: true });
  }, 120_000);
  afterAll(async () => {
    // The shared key schema goes with the test, so repeated runs leave nothing behind.
    const keys = first?.gateway.database.db;
    if (keys?.kind === 'postgres') await keys.sql.exec(`DROP SCHEMA IF EXISTS "${keys.schema}" CASCADE`);
    for (const gateway of gateways.reverse()) await gateway.close();
  });

  const ask = (gateway: RunningGateway, key: string) => post(gateway.url, '{ __typename }', {}, { key });

  it('a gateway with its own key store beside them stays on it and accepts its admin key', async () => {
    expect(own.gateway.database.db.kind).toBe('pglite');
    const response = await ask(own, own.gateway.adminKey!);
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ __typename: 'Query' });
    // Its keys are its own: the others' admin key is unknown to it.
    expect((await ask(own, first.gateway.adminKey!)).body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INVALID_KEY' });
  });

  it('a key created through one gateway is accepted by the other, and its revocation is heard there at once', async () => {
    const { key, record } = await first.gateway.services.keys.create({ accountId: 'shared-redis', label: 'shared' });
    for (const gateway of [first, second]) expect((await ask(gateway, key)).body.data).toEqual({ __typename: 'Query' });
    await first.gateway.services.keys.revoke(record.id);
    // Pub/sub delivery is asynchronous: give it a moment, far below the cache's 5 minutes.
    await expect.poll(async () => (await ask(second, key)).body.errors?.[0].extensions.reason, { timeout: 2_000 }).toBe('INVALID_KEY');
    expect((await ask(first, key)).body.errors?.[0].extensions.reason).toBe('INVALID_KEY');
  });
});
