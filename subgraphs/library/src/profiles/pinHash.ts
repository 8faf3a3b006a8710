import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BadUserInputError } from '../../../../lib/errors.ts';

/**
 * scrypt parameters (memory-hard): N = 2^15, r = 8, p = 3, i.e. 32 MiB and
 * three lanes per hash, one of OWASP's equivalent settings to N = 2^17, p = 1
 * (Password Storage Cheat Sheet). Stored with every hash, so they can be
 * raised later without breaking the hashes already stored.
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;

/** Bytes of random salt per hash, and of derived key. */
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** A PIN is 4 to 12 digits (what a profile lock screen takes). */
export const PIN_PATTERN = /^\d{4,12}$/;

/** Longest stored hash we accept to parse (guards against a corrupted row). */
const MAX_N = 2 ** 20;

function derive(pin: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  // Node refuses 128·N·r bytes above `maxmem` (32 MiB by default): allow exactly what the parameters need, and a little more.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r * 2 };
  return new Promise((resolve, reject) => scrypt(pin.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Checks a PIN's format: BAD_USER_INPUT naming `argument` (never quoting the
 * value, which is a secret) unless it is 4 to 12 digits.
 */
export function checkPin(pin: string, argument = 'pin'): string {
  if (!PIN_PATTERN.test(pin)) throw new BadUserInputError(`\`${argument}\` must be 4 to 12 digits.`, argument, undefined, { minLength: 4, maxLength: 12 });
  return pin;
}

/**
 * Hashes a PIN with scrypt and a fresh random salt. The result is
 * `scrypt$N$r$p$<salt>$<hash>` (base64url), never the PIN.
 */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `pin` is the one `stored` was made from, compared in constant time.
 * False (never an error) for a malformed PIN or a hash this module did not write.
 */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash || ![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N > MAX_N || params.r > 32 || params.p > 16) return false;
  const expected = Buffer.from(hash, 'base64url');
  // Still derive for a malformed PIN, so timing does not say which check failed.
  const actual = await derive(PIN_PATTERN.test(pin) ? pin : '', Buffer.from(salt, 'base64url'), params);
  return PIN_PATTERN.test(pin) && expected.length === actual.length && timingSafeEqual(expected, actual);
}
