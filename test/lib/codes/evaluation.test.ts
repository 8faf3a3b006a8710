import { describe, expect, it } from 'vitest';
import { normalizeIswc } from '../../../lib/codes/iswc.ts';
import { normalizeUpc } from '../../../lib/codes/upc.ts';
import { evaluateCodes, loadRealCodes, type ClassResult } from '../../../scripts/codes/evaluateCodes.ts';

const rows = evaluateCodes();
const row = (code: ClassResult['code'], name: string) => rows.find((r) => r.code === code && r.name.startsWith(name))!;

describe('codes against real data (npm run eval:codes)', () => {
  it('accepts every real code, and every spelling of it, as its one canonical form', () => {
    for (const r of rows.filter((r) => r.expect === 'accept')) expect(r, r.name).toMatchObject({ correct: r.cases });
    expect(row('UPC/EAN', 'real codes').cases).toBe(43);
    expect(row('ISWC', 'real codes').cases).toBe(27);
  });

  it('measures each error class at exactly the rate the check-digit arithmetic predicts', () => {
    const table = Object.fromEntries(rows.map((r) => [`${r.code} ${r.name}`, `${r.correct}/${r.cases}`]));
    expect(table).toMatchObject({
      // GS1 weights 3 and 1 are both prime to 10: every single substitution changes the sum.
      'UPC/EAN single-digit substitution': '4860/4860',
      'UPC/EAN adjacent transposition': '350/420',
      // 12 and 13 digits are both valid lengths, so a dropped or added digit is caught by the check digit alone.
      'UPC/EAN dropped digit': '427/463',
      'UPC/EAN added digit': '5041/5247',
      'UPC/EAN letter for a digit (O, I, S, B)': '237/237',
      // ISWC weights 2, 4, 6, 8 miss a change of ±5 and weight 5 misses any even change: 8 of 90 per code.
      'ISWC single-digit substitution': '2214/2430',
      'ISWC adjacent transposition': '224/224',
      // An ISWC has exactly 10 digits, so length alone catches these.
      'ISWC dropped digit': '251/251',
      'ISWC added digit': '2700/2700',
      'ISWC wrong prefix (not T)': '729/729',
      'ISWC separator inside a group': '135/135',
    });
  });

  it('misses exactly the UPC transpositions of two digits 5 apart (3a + b = 3b + a mod 10)', () => {
    const digits = loadRealCodes('upc-real.csv').map(normalizeUpc);
    const pairs = digits.flatMap((d) => [...d].slice(1).map((b, i) => [Number(d[i]), Number(b)]));
    const changed = pairs.filter(([a, b]) => a !== b);
    const fiveApart = changed.filter(([a, b]) => Math.abs(a! - b!) === 5);
    const r = row('UPC/EAN', 'adjacent transposition');
    expect([r.cases, r.cases - r.correct]).toEqual([changed.length, fiveApart.length]);
  });

  it('misses an ISWC transposition only between the last work digit and a check digit 5 apart', () => {
    // Neighbouring work digits have weights i and i+1, so a swap changes the sum by their difference.
    const lastTwo = loadRealCodes('iswc-real.csv').map((raw) => normalizeIswc(raw).replace(/\D/g, '').slice(8));
    const missed = lastTwo.filter(([a, b]) => Math.abs(Number(a) - Number(b)) === 5).length;
    const r = row('ISWC', 'adjacent transposition');
    expect(r.cases - r.correct).toBe(missed);
  });
});
