import { describe, expect, it } from 'vitest';
import { iswcCheckDigit, iswcProblem, normalizeIswc, parseIswc } from '../../../lib/codes/iswc.ts';

describe('normalizeIswc', () => {
  it.each([
    ['T-034.524.680-1', 'T-034.524.680-1'],
    ['T0345246801', 'T-034.524.680-1'],
    ['T-034524680-1', 'T-034.524.680-1'],
    ['T 034.524.680 1', 'T-034.524.680-1'],
    ['t-034.524.680-1', 'T-034.524.680-1'],
    ['T- 101.914.232-4', 'T-101.914.232-4'], // as MusicBrainz's own tests write it
    ['ISWC: T-034.524.680-1', 'T-034.524.680-1'],
    ['T-034-524-680-1', 'T-034.524.680-1'],
  ])('%j → %s', (raw, expected) => expect(normalizeIswc(raw)).toBe(expected));

  it('leaves a value in no accepted layout as sent (cleaned), for iswcProblem to explain', () => {
    expect(normalizeIswc(' t-03.4524.680-1 ')).toBe('T-03.4524.680-1');
  });
});

describe('iswcCheckDigit', () => {
  it('follows ISO 15707: sum from 1, weights 1..9, complement mod 10', () => {
    expect(iswcCheckDigit('034524680')).toBe(1); // the standard's worked example: S = 179
    expect(iswcCheckDigit('000000001')).toBe(0); // Dancing Queen, the first ISWC
  });
});

describe('iswcProblem', () => {
  it('accepts real ISWCs', () => {
    for (const iswc of ['T-034.524.680-1', 'T-000.000.001-0', 'T-070.178.113-6', 'T-909.748.367-5']) expect(iswcProblem(iswc)).toBeNull();
  });
  it.each([
    // The reference's example "T9998887775" fails its check digit: it is made up.
    ['T9998887775', /check digit must be 7, got 5/],
    ['T-123.456.789-0', /check digit must be 4, got 0/],
    ['X-034.524.680-1', /start with the letter T.*got "X"/],
    ['T-034.524.68-1', /10 digits after the T.*got 9/],
    ['T-034.524.6800-1', /got 11/],
    ['T-034.5Z4.680-1', /only digits.*got "Z"/],
    ['T-03.4524.680-1', /separators may only/],
    ['T-000.000.000-9', /placeholder/],
  ])('rejects %j', (raw, reason) => expect(iswcProblem(normalizeIswc(raw))).toMatch(reason));
});

describe('parseIswc', () => {
  it('returns the canonical form', () => expect(parseIswc('t0345246801')).toBe('T-034.524.680-1'));
  it('throws BAD_USER_INPUT naming the argument and the value as sent', () => {
    const extensions = { code: 'BAD_USER_INPUT', argument: 'filter.iswc', value: 'T-034.524.680-2' };
    expect(() => parseIswc('T-034.524.680-2', 'filter.iswc')).toThrow(expect.objectContaining({ message: expect.stringMatching(/Invalid ISWC "T-034.524.680-2" in `filter.iswc`: check digit must be 1, got 2/), extensions: expect.objectContaining(extensions) }));
  });
});
