import { afterEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../lib/cache/Cache.ts';
import { createCache } from '../../lib/cache/createCache.ts';
import { MemoryCache } from '../../lib/cache/MemoryCache.ts';
import { RedisCache } from '../../lib/cache/RedisCache.ts';
import { BACKEND, requireEnv } from '../helpers/backend.ts';

const open: Cache[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((cache) => cache.close()));
});

/** The cache this project runs on: Redis in the services project, memory otherwise. */
async function projectCache(): Promise<Cache> {
  const env = BACKEND === 'services' ? { REDIS_URL: requireEnv('REDIS_URL') } : {};
  const cache = await createCache(env, `test:cache:${Math.random().toString(36).slice(2)}:`);
  open.push(cache);
  return cache;
}

describe(`cache (${BACKEND})`, () => {
  it('uses Redis exactly when REDIS_URL is set', async () => {
    const cache = await projectCache();
    expect(cache.kind).toBe(BACKEND === 'services' ? 'redis' : 'memory');
    expect(await cache.healthy()).toBe(true);
  });

  it('stores, reads back copies, reads many in key order, and deletes', async () => {
    const cache = await projectCache();
    const value = { title: 'One More Time', streams: [1, 2] };
    await cache.set('a', value, 60);
    const read = await cache.get<typeof value>('a');
    expect(read).toEqual(value);
    expect(read).not.toBe(value);
    await cache.setMany([['b', 2], ['c', null]], 60);
    expect(await cache.getMany(['c', 'missing', 'a', 'b'])).toEqual([null, undefined, value, 2]);
    await cache.delete('a', 'b');
    expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
  });

  it('expires entries after their TTL', async () => {
    const cache = await projectCache();
    await cache.set('short', 'x', 1);
    expect(await cache.get('short')).toBe('x');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await cache.get('short')).toBeUndefined();
  });
});

describe('MemoryCache', () => {
  it('evicts the least recently used entry past maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.get('a');
    await cache.set('c', 3, 60);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
  });
});

describe('RedisCache when Redis is unreachable', () => {
  it('misses and drops writes without throwing, and logs the outage once', async () => {
    const logs: string[] = [];
    // Port 1 on loopback refuses connections at once.
    const cache = await RedisCache.connect({ url: 'redis://127.0.0.1:1', log: (line) => logs.push(line) });
    open.push(cache);
    await cache.set('k', 'v', 60);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getMany(['k', 'l'])).toEqual([undefined, undefined]);
    expect(await cache.healthy()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logs.filter((line) => line.includes('unavailable'))).toHaveLength(1);
  });
});
