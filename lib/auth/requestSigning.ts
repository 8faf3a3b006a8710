import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller } from './Caller.ts';

/** Headers the gateway adds to every subgraph request. */
export const SIGNING_HEADERS = {
  caller: 'x-trackgraph-caller',
  requestId: 'x-request-id',
  timestamp: 'x-trackgraph-timestamp',
  nonce: 'x-trackgraph-nonce',
  signature: 'x-trackgraph-signature',
} as const;

/** How old a signed request may be before a subgraph refuses it. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** Shortest secret accepted: 32 characters (e.g. 24 random bytes in base64). */
export const MIN_SECRET_LENGTH = 32;

/** What is signed besides the body. */
export interface SignedRequestParts {
  method: string;
  /** Path and query string, e.g. `/graphql`. */
  path: string;
  /** The exact bytes sent (a JSON string for POST, empty for GET). */
  body: string | Uint8Array;
  caller: Caller | null;
  requestId: string;
}

/** Throws a TypeError when the secret is too short to be one. */
export function checkSigningSecret(secret: string, variable = 'SUBGRAPH_SIGNING_SECRET'): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new TypeError(`${variable} must be at least ${MIN_SECRET_LENGTH} characters, got ${secret.length}`);
  return secret;
}

/** A fresh random secret, for `npm start` when none is configured. */
export function randomSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** HMAC-SHA256 of the headers that matter, one per line, then the body itself (one pass, no separate body hash). */
function sign(secret: string, parts: Omit<SignedRequestParts, 'caller'> & { callerHeader: string; timestamp: string; nonce: string }): string {
  const head = ['v1', parts.timestamp, parts.nonce, parts.method.toUpperCase(), parts.path, parts.requestId, parts.callerHeader, ''].join('\n');
  return createHmac('sha256', secret).update(head).update(parts.body).digest('hex');
}

/** The caller as one header value (base64url JSON), or '' for anonymous. */
export function encodeCaller(caller: Caller | null): string {
  return caller ? Buffer.from(JSON.stringify(caller)).toString('base64url') : '';
}

/** The headers that carry and sign the caller: HMAC-SHA256 over a timestamp, a nonce, the method, path, request id, caller and the body. */
export function signRequest(secret: string, parts: SignedRequestParts, now = Date.now()): Record<string, string> {
  const callerHeader = encodeCaller(parts.caller);
  const timestamp = String(now);
  const nonce = randomBytes(12).toString('base64url');
  const signature = sign(secret, { ...parts, callerHeader, timestamp, nonce });
  return {
    ...(callerHeader ? { [SIGNING_HEADERS.caller]: callerHeader } : {}),
    [SIGNING_HEADERS.requestId]: parts.requestId,
    [SIGNING_HEADERS.timestamp]: timestamp,
    [SIGNING_HEADERS.nonce]: nonce,
    [SIGNING_HEADERS.signature]: `v1=${signature}`,
  };
}

/** Why a request was refused. */
export type SignatureFailure = 'unsigned' | 'malformed' | 'stale' | 'replayed' | 'bad-signature';

/** The outcome of {@link verifyRequest}. */
export type VerifiedRequest = { ok: true; caller: Caller | null; requestId: string; nonce: string } | { ok: false; reason: SignatureFailure };

/** Options for {@link verifyRequest}. */
export interface VerifyOptions {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  path: string;
  body: string | Uint8Array;
  now?: number;
  /** Remembers nonces for {@link MAX_SIGNATURE_AGE_MS}: true when this one was seen before. */
  seen?: (nonce: string) => boolean;
}

const header = (headers: VerifyOptions['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? undefined : value;
};

/** Checks a subgraph request's signature, age and nonce, and decodes the caller it carries. */
export function verifyRequest(options: VerifyOptions): VerifiedRequest {
  const { headers } = options;
  const signatureHeader = header(headers, SIGNING_HEADERS.signature);
  if (!signatureHeader) return { ok: false, reason: 'unsigned' };
  const timestamp = header(headers, SIGNING_HEADERS.timestamp) ?? '';
  const nonce = header(headers, SIGNING_HEADERS.nonce) ?? '';
  const requestId = header(headers, SIGNING_HEADERS.requestId) ?? '';
  const callerHeader = header(headers, SIGNING_HEADERS.caller) ?? '';
  if (!/^v1=[0-9a-f]{64}$/.test(signatureHeader) || !/^\d{1,15}$/.test(timestamp) || !/^[\w-]{8,64}$/.test(nonce) || requestId.length > 200) {
    return { ok: false, reason: 'malformed' };
  }
  const expected = Buffer.from(sign(options.secret, { ...options, callerHeader, timestamp, nonce, requestId }), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signatureHeader.slice(3), 'hex'))) return { ok: false, reason: 'bad-signature' };
  // Checked after the signature, so an attacker cannot learn the clock from the answers.
  if (Math.abs((options.now ?? Date.now()) - Number(timestamp)) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale' };
  if (options.seen?.(nonce)) return { ok: false, reason: 'replayed' };
  let caller: Caller | null = null;
  if (callerHeader) {
    try {
      caller = JSON.parse(Buffer.from(callerHeader, 'base64url').toString('utf8')) as Caller;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }
  return { ok: true, caller, requestId, nonce };
}
