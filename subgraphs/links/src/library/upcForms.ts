/**
 * The forms a barcode may be stored in: its digits, and a UPC-A (12 digits)
 * also as its EAN-13 (a leading 0) and back, since catalogs store either.
 * Empty when it is not 12 or 13 digits.
 */
export function toUpcDigits(raw: string): string[] {
  const digits = raw.replace(/[\s-]/g, '');
  if (/^\d{12}$/.test(digits)) return [digits, `0${digits}`];
  if (/^0\d{12}$/.test(digits)) return [digits, digits.slice(1)];
  if (/^\d{13}$/.test(digits)) return [digits];
  return [];
}
