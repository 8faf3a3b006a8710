/**
 * Trigram similarity computed the way pg_trgm does it, so the scores the
 * re-ranker gives agree with what Postgres used to pick the candidates.
 */

/** The set of trigrams of a normalized text: every word padded as `"  word "`, cut in threes. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of text.split(' ')) {
    if (!word) continue;
    // Spread by code point so a letter outside the BMP counts once, as in pg_trgm.
    const chars = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 3 <= chars.length; i++) set.add(chars.slice(i, i + 3).join(''));
  }
  return set;
}

/** pg_trgm's `similarity(a, b)`: shared trigrams over all distinct trigrams, 0 to 1. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared);
}

/** Share of the trigrams of `needle` that also occur in `haystack`, 0 to 1. */
export function trigramCoverage(needle: string, haystack: string): number {
  const x = trigrams(needle);
  if (x.size === 0) return 0;
  const y = trigrams(haystack);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / x.size;
}

/**
 * Similarity of two normalized texts: 1 when equal, else the better of the
 * trigram similarity as written and with spaces removed, because people split
 * and join names freely ("AC DC" / "ACDC", "Jay Z" / "JayZ").
 */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return a ? 1 : 0;
  return Math.max(trigramSimilarity(a, b), trigramSimilarity(a.replace(/ /g, ''), b.replace(/ /g, '')));
}
