import { describe, expect, it } from 'vitest';
import { analyticsConfig } from '../../../subgraphs/analytics/src/config.ts';
import { dailyCounts, dayBefore, firstDayToRead, parseDateRange } from '../../../subgraphs/analytics/src/streams.ts';

const point = (date: string, total: number) => ({ date, total: BigInt(total) });

describe('dailyCounts', () => {
  it('subtracts the previous calendar day, newest first, whatever the input order', () => {
    const rows = dailyCounts([point('2025-03-05', 130), point('2025-03-03', 100), point('2025-03-04', 110)], null);
    expect(rows).toEqual([
      { date: '2025-03-05', total: 130n, daily: 20n },
      { date: '2025-03-04', total: 110n, daily: 10n },
      { date: '2025-03-03', total: 100n, daily: null },
    ]);
  });

  it('gives 0 when a total repeats, and the two-day increase on the day after', () => {
    const rows = dailyCounts([point('2025-03-04', 100), point('2025-03-05', 100), point('2025-03-06', 150)], null);
    expect(rows.map((row) => row.daily)).toEqual([50n, 0n, null]);
  });

  it('gives null after a missing day, never a difference across the gap', () => {
    const rows = dailyCounts([point('2025-03-01', 100), point('2025-03-03', 130), point('2025-03-04', 135)], null);
    expect(rows.map((row) => [row.date, row.daily])).toEqual([
      ['2025-03-04', 5n],
      ['2025-03-03', null],
      ['2025-03-01', null],
    ]);
  });

  it('uses a day before `from` for the daily count only, and leaves it out of the rows', () => {
    const rows = dailyCounts([point('2025-03-03', 100), point('2025-03-04', 110)], '2025-03-04');
    expect(rows).toEqual([{ date: '2025-03-04', total: 110n, daily: 10n }]);
  });

  it('crosses month and leap-day boundaries by calendar day', () => {
    const rows = dailyCounts([point('2024-02-28', 1), point('2024-02-29', 3), point('2024-03-01', 6)], '2024-02-29');
    expect(rows.map((row) => row.daily)).toEqual([3n, 2n]);
  });

  it('keeps totals past 2^53 exact (BigInt arithmetic)', () => {
    const [row] = dailyCounts([{ date: '2025-01-01', total: 2n ** 60n }, { date: '2025-01-02', total: 2n ** 60n + 1n }], null);
    expect(row?.daily).toBe(1n);
  });

  it('is empty for no points', () => {
    expect(dailyCounts([], '2025-01-01')).toEqual([]);
  });
});

describe('dates and ranges', () => {
  it('dayBefore crosses months and years', () => {
    expect(dayBefore('2025-03-01')).toBe('2025-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
  });

  it('reads one day before `from`, and everything when `from` is absent', () => {
    expect(firstDayToRead({ from: '2025-03-04', to: null })).toBe('2025-03-03');
    expect(firstDayToRead({ from: null, to: '2025-03-04' })).toBeNull();
  });

  it('accepts from = to and open bounds', () => {
    expect(parseDateRange({ from: '2025-03-04', to: '2025-03-04' })).toEqual({ from: '2025-03-04', to: '2025-03-04' });
    expect(parseDateRange({})).toEqual({ from: null, to: null });
  });

  it('rejects `from` after `to`, naming `from`', () => {
    expect(() => parseDateRange({ from: '2025-03-05', to: '2025-03-04' })).toThrow(
      expect.objectContaining({ message: '`from` (2025-03-05) must not be after `to` (2025-03-04).', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'from' }) }),
    );
  });
});

describe('analyticsConfig', () => {
  it('defaults the cache TTL to 300 seconds', () => {
    expect(analyticsConfig({})).toEqual({ cacheTtlSeconds: 300 });
  });

  it('reads ANALYTICS_CACHE_TTL_SECONDS', () => {
    expect(analyticsConfig({ ANALYTICS_CACHE_TTL_SECONDS: '60' })).toEqual({ cacheTtlSeconds: 60 });
  });

  it.each(['abc', '1.5', '0', '-5'])('rejects %j, naming the variable', (value) => {
    expect(() => analyticsConfig({ ANALYTICS_CACHE_TTL_SECONDS: value })).toThrow(/ANALYTICS_CACHE_TTL_SECONDS/);
  });
});
