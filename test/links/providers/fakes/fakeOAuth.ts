import { randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse } from './FakeProviderServer.ts';

/** Options for {@link FakeOAuth}. */
export interface FakeOAuthOptions {
  /** The client id the token endpoint accepts. @default 'test-client-id' */
  clientId?: string;
  /** The client secret the token endpoint accepts. @default 'test-client-secret' */
  clientSecret?: string;
  /** `expires_in` of issued tokens, in seconds; the fake rejects them afterwards. @default 3600 */
  tokenLifetimeSeconds?: number;
}

/** A client-credentials token endpoint and the bearer check that goes with it. */
export class FakeOAuth {
  /** The accepted client id. */
  readonly clientId: string;
  /** The accepted client secret. */
  readonly clientSecret: string;
  /** Lifetime of issued tokens, in seconds (tests may change it between calls). */
  tokenLifetimeSeconds: number;
  /** Every token issued, oldest first. */
  readonly issued: string[] = [];
  private readonly expiresAt = new Map<string, number>();

  constructor(options: FakeOAuthOptions = {}) {
    this.clientId = options.clientId ?? 'test-client-id';
    this.clientSecret = options.clientSecret ?? 'test-client-secret';
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  }

  /** Answers a token request: HTTP Basic client authentication and grant_type=client_credentials. */
  issue(request: FakeRequest): FakeResponse {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (request.method !== 'POST' || request.headers.authorization !== expected) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client' } };
    }
    if (new URLSearchParams(request.body).get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const token = randomBytes(12).toString('hex');
    this.issued.push(token);
    this.expiresAt.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    return { body: { access_token: token, token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds } };
  }

  /** null when the request carries a live bearer token, else the 401 a platform would send. */
  reject(request: FakeRequest): FakeResponse | null {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : this.expiresAt.get(token);
    if (expiresAt !== undefined && Date.now() < expiresAt) return null;
    const message = expiresAt === undefined ? 'Invalid access token' : 'The access token expired';
    return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: { error: { status: 401, message } } };
  }

  /** Expires every token issued so far, as if their lifetime had run out. */
  expireAll(): void {
    for (const token of this.expiresAt.keys()) this.expiresAt.set(token, 0);
  }
}
