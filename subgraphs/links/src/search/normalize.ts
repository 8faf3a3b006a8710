/**
 * Text normalization for search: what is stored in `Track.searchTitle` /
 * `Track.searchArtists` and what queries are compared with, so that case,
 * accents, punctuation, `&`/`and`, featured-artist forms, full/half width,
 * kana size and hiragana/katakana, and traditional/simplified Chinese do not
 * matter. Changing what it returns changes the stored columns: add a
 * migration blanking them (see backfillSearchColumns.ts).
 */
import anyAscii from 'any-ascii';
import * as OpenCC from 'opencc-js';

// Traditional Chinese (Taiwan, Hong Kong forms too) to simplified: one written form for both.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const HAN = /\p{Script=Han}/u;
// Small kana and their full-size letters (hiragana first, katakana after the conversion below).
const SMALL_KANA = 'ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ';
const LARGE_KANA = 'アイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ';

// Latin letters that are not a base letter plus a combining mark, so NFKD leaves them whole.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower-cases and removes accents (`Beyoncé` → `beyonce`), keeping punctuation. */
export function foldText(text: string): string {
  // NFKC first: full-width Latin and half-width katakana become their ordinary forms.
  let folded = text.normalize('NFKC');
  if (HAN.test(folded)) folded = toSimplified(folded);
  return (
    folded
      // Hiragana to katakana, then small kana to full size: "ちぇりー", "チェリー" and "チエリー" meet.
      .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
      .replace(/[ァィゥェォッャュョヮヵヶㇰ-ㇿ]/g, (c) => LARGE_KANA[SMALL_KANA.indexOf(c)] ?? c)
      .normalize('NFKD')
      // Only the Latin-style combining diacritics (U+0300–036F): marks of other scripts (kana voicing, Indic vowel signs) carry meaning.
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[ßæœøłđðþı]/g, (c) => LETTERS[c] ?? c)
  );
}

/**
 * The searchable form of a text: folded, `&` and `+` read as `and`,
 * punctuation inside a word dropped (`AC/DC` → `acdc`, `don't` → `dont`), any
 * other punctuation a space, spaces collapsed. Letters and digits of every
 * script are kept.
 */
export function normalizeForSearch(text: string): string {
  return foldText(text)
    .replace(/\s*[&+]\s*/g, ' and ')
    .replace(/(?<=[\p{L}\p{M}\p{N}])[^\p{L}\p{M}\p{N}\s]+(?=[\p{L}\p{N}])/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

// Everything that separates two artists in a credit. `and`, `with`, `x`, `con`, `part.` and `vs` only between spaces, so
// "Malcolm X" or "X" stay whole; a bracket only when it opens a featuring part, so "(G)I-DLE" is one name.
const ARTIST_SEPARATORS = /\s*(?:[,;&+]|\s[([]|[)\]](?=\s|$)|\b(?:feat|ft)\b\.?|\bfeaturing\b|\s(?:and|with|x|con|part\.?|vs\.?|versus)\s)\s*/;

/**
 * Splits one artist credit as people write it ("A feat. B & C", "A x B",
 * "A, B") into normalized names. "Simon & Garfunkel" becomes two names too;
 * that is harmless because stored credits are split the same way.
 */
export function splitArtistCredit(credit: string): string[] {
  return foldText(credit)
    .split(ARTIST_SEPARATORS)
    .map(normalizeForSearch)
    .filter(Boolean);
}

/**
 * The Latin transliteration of a normalized text ("アイドル" → "aidoru"), a
 * secondary key for people who type romanized names; null when it has nothing
 * to add (already Latin).
 */
export function transliterate(normalized: string): string | null {
  if (!/[^\p{Script=Latin}\p{N}\s]/u.test(normalized)) return null;
  return normalizeForSearch(anyAscii(normalized)) || null;
}

/** Joins names in `Track.searchArtists`; normalized names never contain it. */
const NAME_SEPARATOR = ' / ';

/**
 * The stored artist side of a track: its credited names (and any featured in
 * the title), split into single names, normalized, de-duplicated and sorted,
 * so "A feat. B", "A & B", "B, A" and "A x B" are all `a / b`.
 */
export function normalizeArtists(names: string[]): string {
  return [...new Set(names.flatMap(splitArtistCredit))].sort().join(NAME_SEPARATOR);
}

/** The names in a stored `Track.searchArtists` value. */
export function storedArtistNames(searchArtists: string): string[] {
  return searchArtists ? searchArtists.split(NAME_SEPARATOR) : [];
}

// A bracketed part naming featured artists: "(feat. B)", "[ft B]", "(featuring B)", "(with B)".
const BRACKETED_FEATURE = /\s*[([]\s*(?:feat\b\.?|ft\b\.?|featuring\b|with\b)\s*([^()[\]]*)[)\]]/gi;
// An unbracketed "feat. B" runs to the end, or up to a " - " or a bracket; plain "with" stays title ("Dancing with Myself").
const TRAILING_FEATURE = /\s+(?:feat\b\.?|ft\b\.?|featuring\b)\s*([^()[\]]+?)(?=\s+[-–—]\s+|\s*[([]|\s*$)/gi;

/**
 * Moves featured artists out of a title: "One More Time (feat. Romanthony)"
 * gives the title "One More Time" and `featured` ["romanthony"]. The title is
 * returned as written otherwise (brackets and dashes kept for
 * {@link parseVersion}).
 */
export function extractFeatured(title: string): { title: string; featured: string[] } {
  const featured: string[] = [];
  const collect = (_match: string, names: string) => {
    featured.push(...splitArtistCredit(names));
    return '';
  };
  const rest = title.replace(BRACKETED_FEATURE, collect).replace(TRAILING_FEATURE, collect).trim();
  return { title: rest || title, featured };
}

/**
 * The values of `Track.searchTitle` and `Track.searchArtists` for a recording:
 * the normalized title without featured artists (version words kept, so a
 * search naming "live" finds the live version first), and the normalized
 * artist names including those featured in the title.
 */
export function searchColumns(title: string, artistNames: string[]): { searchTitle: string; searchArtists: string } {
  const { title: bare, featured } = extractFeatured(title);
  return { searchTitle: normalizeForSearch(bare), searchArtists: normalizeArtists([...artistNames, ...featured]) };
}
