import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../../subgraphs/links/src/providers/retryTiming.ts';

describe('reads Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('1')).toBe(1000);
    expect(parseRetryAfter(' 120 ')).toBe(120_000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('-5')).toBeNull();
  });
});

describe('backs off exponentially with jitter', () => {
  it('doubles per retry between half and all of the exponential delay', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 10_000 };
    expect(backoffDelay(0, { ...options, random: () => 0 })).toBe(50);
    expect(backoffDelay(0, { ...options, random: () => 0.999 })).toBe(100);
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(400);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0.999 })).toBeLessThanOrEqual(2000);
  });
});
