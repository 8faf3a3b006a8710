import { afterAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../lib/logger.ts';
import { RateLimiter } from '../../../gateway/src/protection/RateLimiter.ts';
import { BACKEND, requireEnv } from '../../helpers/backend.ts';
import { RedisProxy } from '../../helpers/redisProxy.ts';

const LIMITS = { requestsPerMinute: 5, costPerMinute: 100 };
const subject = () => `test:${Math.random().toString(36).slice(2)}`;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('rate limits in memory', () => {
  it('admits the limit of requests in a window, then refuses with the time to wait', async () => {
    const limiter = await RateLimiter.create(undefined);
    const who = subject();
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await limiter.consume(who, LIMITS, 1));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions[4]).toMatchObject({ requestLimit: 5, requestsRemaining: 0, costRemaining: 95, store: 'memory' });
    expect(decisions[5]).toMatchObject({ exceeded: 'requests' });
    expect(decisions[5]!.resetSeconds).toBeGreaterThan(55);
    expect(decisions[5]!.resetSeconds).toBeLessThanOrEqual(60);
    // Another subject has its own window.
    expect((await limiter.consume(subject(), LIMITS, 1)).allowed).toBe(true);
  });

  it('refuses an operation that would go over the cost budget, and charges it nothing', async () => {
    const limiter = await RateLimiter.create(undefined);
    const who = subject();
    expect((await limiter.consume(who, LIMITS, 60)).allowed).toBe(true);
    const over = await limiter.consume(who, LIMITS, 60);
    expect(over).toMatchObject({ allowed: false, exceeded: 'cost', costRemaining: 40 });
    expect((await limiter.consume(who, LIMITS, 40)).allowed).toBe(true);
  });
});

describe.skipIf(BACKEND !== 'services')('rate limits shared through Redis', () => {
  it('two limiters (two gateway processes) on one Redis together admit exactly the limit, under concurrency', async () => {
    const [a, b] = await Promise.all([RateLimiter.create(requireEnv('REDIS_URL')), RateLimiter.create(requireEnv('REDIS_URL'))]);
    closers.push(() => a.close(), () => b.close());
    const who = subject();
    const limits = { requestsPerMinute: 50, costPerMinute: 1_000_000 };
    const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).consume(who, limits, 1)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(50);
    expect(decisions.every((d) => d.store === 'redis')).toBe(true);
    const costs = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).consume(subject(), { requestsPerMinute: 1_000, costPerMinute: 1_000 }, 1)));
    expect(costs.every((d) => d.allowed)).toBe(true);
  });

  it('keeps limiting in memory while Redis is away, says so once, and shares again when it is back', async () => {
    const proxy = await RedisProxy.start(requireEnv('REDIS_URL'));
    closers.push(() => proxy.cut());
    const warn = vi.spyOn(logger, 'warn');
    const info = vi.spyOn(logger, 'info');
    const limiter = await RateLimiter.create(proxy.url);
    closers.push(() => limiter.close());
    const who = subject();
    expect((await limiter.consume(who, LIMITS, 1)).store).toBe('redis');

    await proxy.cut();
    const during = [];
    for (let i = 0; i < 8; i++) during.push(await limiter.consume(who, LIMITS, 1));
    expect(during.every((d) => d.store === 'memory')).toBe(true);
    // Still limited: the local window admits the plan's limit, no more.
    expect(during.filter((d) => d.allowed)).toHaveLength(5);
    const outageLines = warn.mock.calls.filter(([, message]) => String(message).startsWith('rate limits: Redis unavailable'));
    expect(outageLines).toHaveLength(1);

    await proxy.restore();
    await vi.waitFor(async () => expect((await limiter.consume(subject(), LIMITS, 1)).store).toBe('redis'), { timeout: 10_000, interval: 100 });
    expect(info.mock.calls.some(([message]) => String(message).startsWith('rate limits: Redis is back'))).toBe(true);
    warn.mockRestore();
    info.mockRestore();
  }, 30_000);
});
