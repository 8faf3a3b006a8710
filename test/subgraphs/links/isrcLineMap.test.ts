import { describe, expect, it } from 'vitest';
import { IsrcLineMap } from '../../../subgraphs/links/src/catalog/IsrcLineMap.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A deterministic pseudo-random ISRC-shaped key (any of the 36^12 values). */
function randomIsrc(next: () => number): string {
  let isrc = '';
  for (let i = 0; i < 12; i++) isrc += ALPHABET[Math.floor(next() * 36)];
  return isrc;
}

describe('IsrcLineMap', () => {
  it('agrees with a Map over 200,000 keys, neighbours, extremes and overwrites included', () => {
    let seed = 42;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const map = new IsrcLineMap();
    const reference = new Map<string, number>();
    const keys = ['000000000000', 'ZZZZZZZZZZZZ', 'ZZZZZZ000000', '000000ZZZZZZ'];
    // Neighbours differ in the last character only (…0000001, …0000002): catalogs number their recordings.
    for (let i = 0; i < 50_000; i++) keys.push(`USRC1${String(i).padStart(7, '0')}`);
    for (let i = 0; i < 150_000; i++) keys.push(randomIsrc(next));
    keys.forEach((key, i) => {
      map.set(key, i + 1);
      reference.set(key, i + 1);
    });
    // A later line wins, as a later row does.
    for (let i = 0; i < 1_000; i++) {
      map.set(keys[i * 7]!, 3_000_000 + i);
      reference.set(keys[i * 7]!, 3_000_000 + i);
    }
    expect(map.size).toBe(reference.size);
    for (const [key, line] of reference) expect(map.get(key)).toBe(line);
    expect(map.get('USRC10050000')).toBeUndefined();
    expect(map.get('ZZZZZZZZZZZY')).toBeUndefined();
  });

  it('refuses what is not a normalized ISRC and lines it cannot hold', () => {
    const map = new IsrcLineMap();
    expect(() => map.set('usrc17607839', 1)).toThrow(RangeError);
    expect(() => map.set('USRC1760783', 1)).toThrow(RangeError);
    expect(() => map.get('US-RC1-76-07839')).toThrow(RangeError);
    expect(() => map.set('USRC17607839', 0)).toThrow(RangeError);
    expect(() => map.set('USRC17607839', 2 ** 32)).toThrow(RangeError);
    expect(map.size).toBe(0);
  });
});
