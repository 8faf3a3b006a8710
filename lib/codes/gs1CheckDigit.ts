/**
 * The GS1 mod-10 check digit of a GTIN body (every digit but the check digit):
 * weights 3 and 1 alternate from the rightmost body digit, and the check digit
 * brings the weighted sum up to a multiple of 10. The same rule serves GTIN-8,
 * -12, -13 and -14, so leading zeros never change it.
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += weight * (body.charCodeAt(i) - 48);
  return (10 - (sum % 10)) % 10;
}
