import { describe, expect, it } from 'vitest';
import { workerCounts } from '../../../lib/workers/workerCounts.ts';

const SERVERS = { DATABASE_URL: 'postgresql://db/x', REDIS_URL: 'redis://r' };

describe('workerCounts (GATEWAY_WORKERS, SUBGRAPH_WORKERS)', () => {
  it('auto: one gateway process per core with a server database and Redis, one otherwise', () => {
    expect(workerCounts(SERVERS, 4)).toMatchObject({ gateway: 4, subgraphs: 1 });
    expect(workerCounts({ ...SERVERS, GATEWAY_WORKERS: 'auto' }, 2)).toMatchObject({ gateway: 2 });
    expect(workerCounts({ GATEWAY_DATABASE_URL: 'postgresql://db/x', REDIS_URL: 'redis://r' }, 2)).toMatchObject({ gateway: 2 });
    expect(workerCounts(SERVERS, 1)).toMatchObject({ gateway: 1, reason: 'one core' });
    expect(workerCounts({}, 8)).toMatchObject({ gateway: 1, reason: expect.stringContaining('DATABASE_URL') });
    expect(workerCounts({ DATABASE_URL: 'postgresql://db/x' }, 8)).toMatchObject({ gateway: 1, reason: expect.stringContaining('REDIS_URL') });
  });

  it('takes an explicit count, 1 always', () => {
    expect(workerCounts({ ...SERVERS, GATEWAY_WORKERS: '3' }, 2)).toMatchObject({ gateway: 3 });
    expect(workerCounts({ GATEWAY_WORKERS: '1' }, 8)).toMatchObject({ gateway: 1 });
  });

  it('refuses more than one gateway process where state would be per process', () => {
    expect(() => workerCounts({ GATEWAY_WORKERS: '2' }, 2)).toThrow(/GATEWAY_WORKERS=2 needs DATABASE_URL or GATEWAY_DATABASE_URL .* and REDIS_URL/);
    expect(() => workerCounts({ DATABASE_URL: 'postgresql://db/x', GATEWAY_WORKERS: '2' }, 2)).toThrow(/needs REDIS_URL \(rate limits would be per process\)/);
    expect(() => workerCounts({ ...SERVERS, SUBGRAPH_WORKERS: '2' }, 2)).toThrow(/SUBGRAPH_WORKERS=2: .*replay protection is per process/);
  });

  it('names the variable and the bad value', () => {
    for (const bad of ['0', '-1', '1.5', 'many', '65']) expect(() => workerCounts({ GATEWAY_WORKERS: bad }, 2)).toThrow(`GATEWAY_WORKERS must be a whole number from 1 to 64, or auto; got "${bad}"`);
    expect(() => workerCounts({ SUBGRAPH_WORKERS: 'x' }, 2)).toThrow('SUBGRAPH_WORKERS must be');
  });
});
