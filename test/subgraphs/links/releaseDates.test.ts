import { describe, expect, it } from 'vitest';
import { readReleaseDate } from '../../../subgraphs/links/src/catalog/releaseDates.ts';

const day = (text: string) => {
  const reading = readReleaseDate(text);
  return reading.kind === 'day' ? reading.date.toISOString().slice(0, 10) : reading.kind;
};

describe('readReleaseDate', () => {
  it.each([
    ['2024-04-26', '2024-04-26'],
    ['2024-4-6', '2024-04-06'],
    ['2024/04/26', '2024-04-26'],
    ['2024-04-26T07:00:00Z', '2024-04-26'],
    ['4/26/2024', '2024-04-26'],
    // Slashes read month first unless the first number cannot be a month.
    ['3/4/2024', '2024-03-04'],
    ['26/4/2024', '2024-04-26'],
    ['26.04.2024', '2024-04-26'],
    ['3.4.2024', '2024-04-03'],
    ['26-04-2024', '2024-04-26'],
  ])('%s is %s', (text, expected) => expect(day(text)).toBe(expected));

  it.each([
    ['2024', { kind: 'partial', precision: 'year' }],
    ['2024-04', { kind: 'partial', precision: 'month' }],
  ])('%s is recognised but not a day', (text, expected) => expect(readReleaseDate(text)).toEqual(expected));

  it.each(['2023-02-30', '13/13/2024', '2024-13', '24-04-26', '4/26/24', 'April 2024', '0000-01-01', ''])('%j is not a date', (text) => {
    expect(readReleaseDate(text).kind).toBe('invalid');
  });
});
