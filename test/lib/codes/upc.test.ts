import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../../../lib/codes/gs1CheckDigit.ts';
import { normalizeUpc, parseUpc, upcProblem } from '../../../lib/codes/upc.ts';

describe('normalizeUpc', () => {
  it.each([
    ['602475093060', '602475093060'],
    ['0602475093060', '602475093060'], // the EAN-13 of a UPC-A
    ['00602475093060', '602475093060'], // zero-padded GTIN-14, as Spotify and TIDAL send it
    ['0 12345 67890 5', '012345678905'], // a UPC-A as printed under the bars
    ['5 099917 832816', '5099917832816'], // an EAN-13 as printed
    ['UPC: 036000291452', '036000291452'],
    ['EAN-13 5028479002221', '5028479002221'],
    ['4099885580871', '4099885580871'],
  ])('%j → %s', (raw, expected) => expect(normalizeUpc(raw)).toBe(expected));

  it('gives a UPC-A and its EAN-13 one canonical form, so a filter by either finds the same record', () => {
    expect(normalizeUpc('077774600125')).toBe(normalizeUpc('0077774600125'));
    expect(normalizeUpc('0077774600125')).toBe(normalizeUpc('00077774600125'));
  });
});

describe('gs1CheckDigit', () => {
  it('is the GS1 mod-10 digit of real barcodes', () => {
    expect(gs1CheckDigit('60247509306')).toBe(0);
    expect(gs1CheckDigit('509990294352')).toBe(7);
    expect(gs1CheckDigit('19736876715')).toBe(4); // the reference's second match
  });
});

describe('upcProblem', () => {
  it('accepts real UPC-A and EAN-13 codes, including the reference example', () => {
    for (const upc of ['123456789012', '197368767154', '602475093060', '4988006628977', '077774600125']) expect(upcProblem(upc)).toBeNull();
  });
  it.each([
    ['602475093061', /check digit must be 0, got 1/],
    ['1234567890123', /check digit must be 8, got 3/],
    ['60247509306', /12 digits \(UPC-A\) or 13 \(EAN-13\), got 11/],
    ['602475O93060', /only digits.*got "O"/],
    ['000000000000', /all zeros/],
    ['96385074', /8 digits.*EAN-8/],
    ['10012345678902', /indicator digit 1: that is a GTIN-14/],
    ['', /got 0/],
  ])('rejects %j', (upc, reason) => expect(upcProblem(normalizeUpc(upc))).toMatch(reason));
});

describe('parseUpc', () => {
  it('returns the canonical form', () => expect(parseUpc('0 602475 093060')).toBe('602475093060'));
  it('throws BAD_USER_INPUT naming the argument and the value as sent', () => {
    const extensions = { code: 'BAD_USER_INPUT', argument: 'filter.albumUpc', value: '6024-7509-3061' };
    expect(() => parseUpc('6024-7509-3061', 'filter.albumUpc')).toThrow(expect.objectContaining({ message: expect.stringMatching(/Invalid UPC\/EAN "6024-7509-3061" in `filter.albumUpc`: GS1 check digit must be 0, got 1/), extensions: expect.objectContaining(extensions) }));
  });
});
