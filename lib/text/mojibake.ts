/**
 * Text decoded with the wrong encoding, as catalog exports carry it.
 * - `repaired`: UTF-8 read as Latin-1/Windows-1252 ("BeyoncÃ©"): the bytes are
 *   recovered and decoded again; only when that decoding is valid UTF-8 and
 *   leaves no such sequence is it taken (then the repair is unambiguous).
 * - `garbled`: the original characters are lost: U+FFFD replacement characters,
 *   or a run of one accented letter ("ýýý", what a lossy code page conversion
 *   leaves for every character it could not map). Nothing can be recovered.
 */
export type MojibakeReading = { kind: 'clean' } | { kind: 'repaired'; text: string } | { kind: 'garbled'; reason: string };

// Windows-1252's 0x80–0x9F, which a double-encoded text shows instead of C1 controls.
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const CP1252_BYTES = new Map([...CP1252].map((char, i) => [char, 0x80 + i]));
/** A UTF-8 continuation byte (0x80–0xBF) shown as a Latin-1 or Windows-1252 character. */
const CONT = `[\\u00A0-\\u00BF${CP1252}]`;
/** One whole UTF-8 multi-byte sequence shown as Latin-1/1252 characters: a lead byte and its continuation bytes. */
const SEQUENCE = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`, 'g');
const GARBLED_RUN = /([\u00C0-\u00FF])\1\1/;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Whether `text` shows mojibake, and its repair when there is an unambiguous one. */
export function readMojibake(text: string): MojibakeReading {
  if (text.includes('\uFFFD')) return { kind: 'garbled', reason: 'contains U+FFFD replacement characters' };
  // Each sequence is repaired on its own, so a text mixing right and double-encoded characters is repaired too.
  let repairedAny = false;
  const repaired = text.replace(SEQUENCE, (sequence) => {
    const decoded = redecode(sequence);
    if (decoded === null) return sequence;
    repairedAny = true;
    return decoded;
  });
  if (repairedAny) return { kind: 'repaired', text: repaired };
  const run = GARBLED_RUN.exec(text);
  if (run) return { kind: 'garbled', reason: `contains "${run[0]}", a run left by a lossy encoding conversion` };
  return { kind: 'clean' };
}

/** Characters standing for bytes (Windows-1252), decoded as UTF-8; null when they are not valid UTF-8. */
function redecode(sequence: string): string | null {
  const bytes = [...sequence].map((char) => (char.codePointAt(0)! <= 0xff ? char.codePointAt(0)! : CP1252_BYTES.get(char)!));
  try {
    return decoder.decode(Uint8Array.from(bytes));
  } catch {
    return null;
  }
}
