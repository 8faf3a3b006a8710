/**
 * `npm run eval:codes`: how well the UPC/EAN and ISWC validators (lib/codes)
 * separate real codes from typical errors. Real codes come from public data
 * (test/fixtures/codes, sources in SOURCES.md there); the errors are every
 * single-digit substitution, adjacent transposition, dropped or added digit,
 * wrong prefix and misplaced separator of them. Prints one row per class.
 */
import { evaluateCodes, formatEvaluation } from './codes/evaluateCodes.ts';

console.log(formatEvaluation(evaluateCodes()));
