/**
 * Deterministic perturbations of a valid code, one list per error class, so an
 * evaluation over the same fixtures always measures the same cases. Each
 * generator returns only values that differ from the original in substance:
 * spellings that mean the same code (an added leading 0 on a UPC, say) are left out.
 */

/** Every single-digit substitution of each digit of `digits`. */
export function substitutions(digits: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) if (String(d) !== digits[i]) out.push(digits.slice(0, i) + d + digits.slice(i + 1));
  }
  return out;
}

/** Every swap of two adjacent, different digits. */
export function adjacentTranspositions(digits: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] !== digits[i + 1]) out.push(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
  }
  return out;
}

/** Every deletion of one digit (each distinct result once). */
export function droppedDigits(digits: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < digits.length; i++) out.add(digits.slice(0, i) + digits.slice(i + 1));
  return [...out];
}

/** Every insertion of one digit at each position (each distinct result once). */
export function addedDigits(digits: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= digits.length; i++) for (let d = 0; d <= 9; d++) out.add(digits.slice(0, i) + d + digits.slice(i));
  out.delete(digits);
  return [...out];
}

/** Every letter but T, and the look-alike digits 1 and 7, in place of an ISWC's prefix. */
export function wrongPrefixes(canonical: string): string[] {
  const others = [...'ABCDEFGHIJKLMNOPQRSUVWXYZ17'];
  return others.map((prefix) => prefix + canonical.slice(1));
}

/**
 * An ISWC's digits with a group separator moved one place left or right, or
 * the check-digit dash moved one place left: `T-12.3456.789-C`, `T-1234.56.789-C`, …
 */
export function misplacedIswcSeparators(canonical: string): string[] {
  const digits = canonical.replace(/\D/g, '');
  const layouts = [
    [2, 6, 9], [4, 6, 9], [3, 5, 9], [3, 7, 9], [3, 6, 8],
  ];
  return layouts.map(([a, b, c]) => `T-${digits.slice(0, a)}.${digits.slice(a, b)}.${digits.slice(b, c)}-${digits.slice(c)}`);
}

/** A barcode's digits grouped at every place but the usual ones: separators are not part of a UPC. */
export function regroupedBarcodes(digits: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < digits.length; i++) out.push(`${digits.slice(0, i)} ${digits.slice(i)}`, `${digits.slice(0, i)}-${digits.slice(i)}`);
  return out;
}

/** The spellings of one ISWC that ISO 15707 and the registries use. */
export function iswcLayouts(canonical: string): string[] {
  const d = canonical.replace(/\D/g, '');
  const [a, b, c, check] = [d.slice(0, 3), d.slice(3, 6), d.slice(6, 9), d.slice(9)];
  return [`T${a}${b}${c}${check}`, `T-${a}${b}${c}-${check}`, `T ${a}.${b}.${c} ${check}`, `t-${a}.${b}.${c}-${check}`, `ISWC T-${a}.${b}.${c}-${check}`, ` T-${a}-${b}-${c}-${check} `];
}

/** The spellings of one barcode that labels and platforms use (EAN-13 and zero-padded GTIN-14 for a UPC-A). */
export function upcLayouts(canonical: string): string[] {
  const padded = canonical.length === 12 ? [`0${canonical}`, `00${canonical}`] : [`0${canonical}`];
  return [...padded, `${canonical.slice(0, 1)} ${canonical.slice(1, 7)} ${canonical.slice(7)}`, `UPC: ${canonical}`, `EAN-13 ${canonical.padStart(13, '0')}`];
}
