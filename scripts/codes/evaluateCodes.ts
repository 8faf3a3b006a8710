import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { iswcProblem, normalizeIswc } from '../../lib/codes/iswc.ts';
import { normalizeUpc, upcProblem } from '../../lib/codes/upc.ts';
import {
  addedDigits, adjacentTranspositions, droppedDigits, iswcLayouts, misplacedIswcSeparators,
  regroupedBarcodes, substitutions, upcLayouts, wrongPrefixes,
} from './perturbations.ts';

/** Where the real codes are: CSV files with a `value` column, as found in public data (see SOURCES.md there). */
export const CODES_FIXTURES = new URL('../../test/fixtures/codes/', import.meta.url);

/** One row of the evaluation: how the validator did on one class of inputs. */
export interface ClassResult {
  code: 'UPC/EAN' | 'ISWC';
  /** What the inputs are: real codes, one of their spellings, or one kind of error. */
  name: string;
  /** Whether the validator should accept (valid spellings) or reject (errors) them. */
  expect: 'accept' | 'reject';
  cases: number;
  /** Inputs handled as expected: accepted with the right canonical form, or rejected. */
  correct: number;
}

interface CodeKind {
  code: ClassResult['code'];
  normalize: (raw: string) => string;
  problem: (value: string) => string | null;
  /** The digits a perturbation works on, and how to write perturbed digits back as a code. */
  digitsOf: (canonical: string) => string;
  spell: (digits: string) => string;
}

const UPC: CodeKind = { code: 'UPC/EAN', normalize: normalizeUpc, problem: upcProblem, digitsOf: (c) => c, spell: (d) => d };
const ISWC: CodeKind = {
  code: 'ISWC', normalize: normalizeIswc, problem: iswcProblem,
  digitsOf: (c) => c.replace(/\D/g, ''),
  spell: (d) => `T-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`,
};

/** The real codes of one fixture file, as found. */
export function loadRealCodes(file: string): string[] {
  const rows = parse(readFileSync(new URL(file, CODES_FIXTURES)), { columns: true, skip_empty_lines: true }) as { value: string }[];
  return rows.map((row) => row.value);
}

/** The canonical form of `raw` when it is valid, else null. */
function accepted(kind: CodeKind, raw: string): string | null {
  const value = kind.normalize(raw);
  return kind.problem(value) === null ? value : null;
}

function acceptClass(kind: CodeKind, name: string, pairs: [raw: string, canonical: string][]): ClassResult {
  const correct = pairs.filter(([raw, canonical]) => accepted(kind, raw) === canonical).length;
  return { code: kind.code, name, expect: 'accept', cases: pairs.length, correct };
}

/** Errors only: a perturbation that still spells the original code (a UPC-A given a leading 0) is left out. */
function rejectClass(kind: CodeKind, name: string, pairs: [raw: string, canonical: string][]): ClassResult {
  const errors = pairs.filter(([raw, canonical]) => kind.normalize(raw) !== canonical);
  const correct = errors.filter(([raw]) => accepted(kind, raw) === null).length;
  return { code: kind.code, name, expect: 'reject', cases: errors.length, correct };
}

/** Applies a digit-level perturbation to every real code. */
function perturbDigits(kind: CodeKind, canonicals: string[], perturb: (digits: string) => string[]): [string, string][] {
  return canonicals.flatMap((canonical) => perturb(kind.digitsOf(canonical)).map((digits): [string, string] => [kind.spell(digits), canonical]));
}

function evaluateKind(kind: CodeKind, real: string[], extra: (canonicals: string[]) => ClassResult[]): ClassResult[] {
  const canonicals = real.map((raw) => kind.normalize(raw));
  return [
    acceptClass(kind, 'real codes, as found', real.map((raw, i) => [raw, canonicals[i]!])),
    ...extra(canonicals),
    rejectClass(kind, 'single-digit substitution', perturbDigits(kind, canonicals, substitutions)),
    rejectClass(kind, 'adjacent transposition', perturbDigits(kind, canonicals, adjacentTranspositions)),
    rejectClass(kind, 'dropped digit', perturbDigits(kind, canonicals, droppedDigits)),
    rejectClass(kind, 'added digit', perturbDigits(kind, canonicals, addedDigits)),
  ];
}

/** Look-alike letters typed for digits (O for 0, I for 1, S for 5, B for 8), one position at a time. */
function letterForDigit(digits: string): string[] {
  const lookAlike: Record<string, string> = { 0: 'O', 1: 'I', 5: 'S', 8: 'B' };
  return [...digits].flatMap((d, i) => (lookAlike[d] ? [digits.slice(0, i) + lookAlike[d] + digits.slice(i + 1)] : []));
}

/**
 * Runs the validators over the real codes in the fixtures and over every
 * perturbation of them, one row per class.
 */
export function evaluateCodes(): ClassResult[] {
  const upc = evaluateKind(UPC, loadRealCodes('upc-real.csv'), (canonicals) => [
    acceptClass(UPC, 'same code, other spellings (EAN-13, GTIN-14 padding, label, spaces)', canonicals.flatMap((c) => upcLayouts(c).map((raw): [string, string] => [raw, c]))),
    acceptClass(UPC, 'separators anywhere (not part of a barcode)', canonicals.flatMap((c) => regroupedBarcodes(c).map((raw): [string, string] => [raw, c]))),
  ]);
  const iswc = evaluateKind(ISWC, loadRealCodes('iswc-real.csv'), (canonicals) => [
    acceptClass(ISWC, 'same code, other spellings (compact, spaced, lower case)', canonicals.flatMap((c) => iswcLayouts(c).map((raw): [string, string] => [raw, c]))),
  ]);
  const upcCanonicals = loadRealCodes('upc-real.csv').map(normalizeUpc);
  const iswcCanonicals = loadRealCodes('iswc-real.csv').map(normalizeIswc);
  return [
    ...upc,
    rejectClass(UPC, 'letter for a digit (O, I, S, B)', upcCanonicals.flatMap((c) => letterForDigit(c).map((raw): [string, string] => [raw, c]))),
    ...iswc,
    rejectClass(ISWC, 'wrong prefix (not T)', iswcCanonicals.flatMap((c) => wrongPrefixes(c).map((raw): [string, string] => [raw, c]))),
    rejectClass(ISWC, 'separator inside a group', iswcCanonicals.flatMap((c) => misplacedIswcSeparators(c).map((raw): [string, string] => [raw, c]))),
  ];
}

/** The rows as a fixed-width table, rate = correct / cases. */
export function formatEvaluation(rows: ClassResult[]): string {
  const header = ['code', 'class', 'expect', 'cases', 'correct', 'rate'];
  const lines = rows.map((r) => [r.code, r.name, r.expect, String(r.cases), String(r.correct), `${((100 * r.correct) / r.cases).toFixed(2)}%`]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}
