import { describe, expect, it } from 'vitest';
import { isrcProblem } from '../../lib/isrc/isrc.ts';
import { buildSyntheticCatalog, syntheticIsrc } from '../../scripts/syntheticCatalog.ts';

describe('synthetic catalog', () => {
  it('is deterministic: the same count gives the same data', () => {
    expect(buildSyntheticCatalog(50)).toEqual(buildSyntheticCatalog(50));
  });

  it('uses valid, clearly synthetic, unique ISRCs', () => {
    const isrcs = buildSyntheticCatalog(1_000).map((t) => t.isrc);
    expect(new Set(isrcs).size).toBe(1_000);
    for (const isrc of isrcs) {
      expect(isrc).toMatch(/^ZZSYN/);
      expect(isrcProblem(isrc)).toBeNull();
    }
    expect(syntheticIsrc(123_456)).toBe('ZZSYN0123456');
  });

  it('marks titles as synthetic and keeps stream totals rising', () => {
    const [first] = buildSyntheticCatalog(1);
    expect(first!.title).toBe('Synthetic Track #1');
    expect(first!.streams).toHaveLength(30);
    expect([...first!.streams].sort((a, b) => a - b)).toEqual(first!.streams);
  });
});
