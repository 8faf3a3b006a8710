import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isKnownAgencyPrefix, isrcProblem, normalizeIsrc, parseIsrc } from '../../lib/isrc/isrc.ts';
import { renderAgencyPrefixes } from '../../scripts/generateIsrcPrefixes.ts';

describe('normalizeIsrc', () => {
  it.each([
    ['gbduw0000053', 'GBDUW0000053'],
    ['GB-DUW-00-00053', 'GBDUW0000053'],
    ['  GB DUW 00 00053 ', 'GBDUW0000053'],
    ['ISRC GB-DUW-00-00053', 'GBDUW0000053'],
    ['ISRC:GBDUW0000053', 'GBDUW0000053'],
    ['gb.duw.00.00053', 'GBDUW0000053'],
  ])('%j → %s', (raw, expected) => expect(normalizeIsrc(raw)).toBe(expected));
});

describe('isrcProblem', () => {
  it('accepts allocated prefixes, including non-ISO ones', () => {
    for (const isrc of ['GBDUW0000053', 'USUM72414866', 'QMQGC2201053', 'QZES62100001', 'TCABC1234567']) expect(isrcProblem(isrc)).toBeNull();
  });
  it.each([
    ['GBDUW000005', /12 characters/],
    ['GBDUW00000AB', /7 digits/],
    ['1BDUW0000053', /2 letters/],
  ])('rejects %s', (isrc, reason) => expect(isrcProblem(isrc)).toMatch(reason));
  it('accepts a well-formed prefix newer than the bundled list, and flags it as unknown', () => {
    expect(isrcProblem('RDABC2400001')).toBeNull();
    expect(isKnownAgencyPrefix('RDABC2400001')).toBe(false);
    expect(isKnownAgencyPrefix('GBDUW0000053')).toBe(true);
  });
});

describe('parseIsrc', () => {
  it('throws BAD_USER_INPUT naming the argument and the value as sent', () => {
    try {
      parseIsrc('gb-xx', 'items[3]');
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'items[3]', value: 'gb-xx' });
    }
  });
});

describe('agency prefix table', () => {
  it('is current with the IFPI list checked in beside it', () => {
    const csv = readFileSync(new URL('../../lib/isrc/isrc-agency-prefixes-2024-12.csv', import.meta.url), 'utf8');
    const checkedIn = readFileSync(new URL('../../lib/isrc/agencyPrefixes.ts', import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderAgencyPrefixes(csv));
  });
});
