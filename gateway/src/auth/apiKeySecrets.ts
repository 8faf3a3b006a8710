import { hash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** `sk_` and 32 random bytes in base64url (43 characters). */
const KEY_PATTERN = /^sk_[A-Za-z0-9_-]{43}$/;

/** Characters of a key kept for display (`sk_` and 7 more): enough to recognise it, far too few to use it. */
export const KEY_PREFIX_LENGTH = 10;

/** A new secret key: `sk_` followed by 32 random bytes, base64url. */
export function generateApiKey(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

/** Hex SHA-256 of a key: the only form in which keys are stored. */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

/** Whether a string has the shape of a key (checked before anything is looked up). */
export function isWellFormedApiKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Where the request carried a key, if it did. */
export type PresentedKey = { key: string; via: 'authorization' | 'x-api-key' | 'query' } | { key: null; conflict?: true };

/**
 * The key a request presents: `Authorization: Bearer sk_…`, `x-api-key: sk_…`,
 * or (GET only) `?api_key=sk_…`. Two different keys in one request are a
 * conflict, refused rather than guessed.
 */
export function presentedApiKey(req: IncomingMessage, query: URLSearchParams): PresentedKey {
  const found: Extract<PresentedKey, { key: string }>[] = [];
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    found.push({ key: match ? match[1]! : authorization, via: 'authorization' });
  }
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header) found.push({ key: header.trim(), via: 'x-api-key' });
  const param = query.get('api_key');
  if (param && req.method === 'GET') found.push({ key: param, via: 'query' });
  if (found.length === 0) return { key: null };
  if (new Set(found.map((f) => f.key)).size > 1) return { key: null, conflict: true };
  return found[0]!;
}
