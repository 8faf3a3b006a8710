/**
 * Typo-tolerant comparison of normalized texts, word by word and as a whole:
 * the parts of a match score that say how sure the title and the names agree.
 */
import { editDistance } from './editDistance.ts';
import { transliterate } from './normalize.ts';
import { textSimilarity } from './trigram.ts';

/** What one typo costs: one typo in a title by the right artist still clears the threshold. */
const TYPO_COST = 0.08;

const digitsOf = (text: string) => (text.match(/\p{N}+/gu) ?? []).join(' ');
const letterCount = (text: string) => [...text.replace(/ /g, '')].length;

/** Typos forgiven in a text of this many letters (the longer of the two): none up to 2, one from 3, two from 12. */
export function typosAllowed(letters: number): number {
  return letters >= 12 ? 2 : letters >= 3 ? 1 : 0;
}

/** 1 − the typo cost when two texts are one or two typos apart (spaces ignored, numbers exact), else 0. */
function typoSimilarity(a: string, b: string): number {
  if (digitsOf(a) !== digitsOf(b)) return 0;
  const x = a.replace(/ /g, '');
  const y = b.replace(/ /g, '');
  if (x === y) return a === b ? 1 : 0.98;
  const allowed = typosAllowed(Math.max(letterCount(x), letterCount(y)));
  const d = editDistance(x, y, allowed);
  return d <= allowed ? 1 - TYPO_COST * d : 0;
}

/** Pairs each word of `a` with an unused word of `b`; the sum of their similarities. */
function matchedWords(a: string[], b: string[]): number {
  const free = [...b];
  let sum = 0;
  for (const word of a) {
    let best = 0;
    let at = -1;
    for (const [i, other] of free.entries()) {
      const s = word === other ? 1 : typoSimilarity(word, other);
      if (s > best) [best, at] = [s, i];
    }
    if (at >= 0) {
      sum += best;
      free.splice(at, 1);
    }
  }
  return sum;
}

/**
 * Word-level agreement as a multiset, to the power 1.5 so that one missing or
 * extra word in a short title stays below the threshold (4 of 5 words: 0.72):
 * repeated and missing words count ("please" is a fifth of "please please please").
 */
function wordSimilarity(a: string, b: string): number {
  const x = a.split(' ').filter(Boolean);
  const y = b.split(' ').filter(Boolean);
  if (!x.length || !y.length) return 0;
  const matched = matchedWords(x, y);
  return (matched / (x.length + y.length - matched)) ** 1.5;
}

function bestOf(a: string, b: string, compare: (a: string, b: string) => number): number {
  if (a === b) return a ? 1 : 0;
  const direct = compare(a, b);
  if (direct === 1) return 1;
  // Romanized against the original script ("aidoru" / "アイドル"), a little less sure.
  const x = transliterate(a) ?? a;
  const y = transliterate(b) ?? b;
  return x === a && y === b ? direct : Math.max(direct, 0.95 * compare(x, y));
}

/** Title agreement, 0 to 1: equal words (typos forgiven by length), or the whole title a typo or two away. */
export function titleSimilarity(a: string, b: string): number {
  return bestOf(a, b, (x, y) => Math.max(wordSimilarity(x, y), typoSimilarity(x, y)));
}

/** Name agreement, 0 to 1: as a title, or trigram similarity ("Jay Z" / "JAY-Z" / "Jay-Z & Co"); numbers must agree. */
export function nameSimilarity(a: string, b: string): number {
  return bestOf(a, b, (x, y) => (digitsOf(x) !== digitsOf(y) ? 0 : Math.max(wordSimilarity(x, y), typoSimilarity(x, y), textSimilarity(x, y))));
}

/** Share of the words of `needle` found in `haystack` (each used once, typos forgiven), 0 to 1. */
export function wordCoverage(needle: string, haystack: string): number {
  const x = needle.split(' ').filter(Boolean);
  const y = haystack.split(' ').filter(Boolean);
  if (!x.length) return 0;
  return bestOf(needle, haystack, () => matchedWords(x, y) / x.length);
}
