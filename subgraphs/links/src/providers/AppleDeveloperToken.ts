import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { ProviderError } from './ProviderError.ts';
import type { TokenSource } from './types.ts';

/** Options for {@link AppleDeveloperToken}. */
export interface AppleDeveloperTokenOptions {
  /** Apple Developer team id, the token's `iss`. */
  teamId: string;
  /** MusicKit private key id, the token header's `kid`. */
  keyId: string;
  /** The MusicKit private key (.p8 contents, PKCS #8 PEM). */
  privateKey: string;
  /** Lifetime of each signed token, in seconds (Apple allows up to six months). @default 43200 */
  lifetimeSeconds?: number;
  /** Sign a new token this many seconds before the current one expires. @default 300 */
  refreshMarginSeconds?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** Apple Music developer tokens: ES256 JWTs signed with the MusicKit key, cached until shortly before expiry. */
export class AppleDeveloperToken implements TokenSource {
  private readonly options: AppleDeveloperTokenOptions;
  private readonly now: () => number;
  private key: Promise<CryptoKey> | null = null;
  private cached: { value: string; refreshAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(options: AppleDeveloperTokenOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** A signed token valid now; signs a new one only when the cached one is about to expire. */
  getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.value);
    this.pending ??= this.sign().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets `token` if it is the cached one, so the next call signs a new token. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private async sign(): Promise<string> {
    const { teamId, keyId, privateKey } = this.options;
    const lifetime = this.options.lifetimeSeconds ?? 43_200;
    const margin = Math.min(this.options.refreshMarginSeconds ?? 300, lifetime / 2);
    const issuedAt = Math.floor(this.now() / 1000);
    let value: string;
    try {
      this.key ??= importPKCS8(privateKey, 'ES256');
      value = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: keyId })
        .setIssuer(teamId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
        .sign(await this.key);
    } catch (error) {
      throw new ProviderError(`cannot sign a developer token with APPLE_MUSIC_PRIVATE_KEY: ${String(error)}`, {
        platform: 'APPLE_MUSIC', code: 'UNAUTHORIZED', cause: error,
      });
    }
    this.cached = { value, refreshAt: (issuedAt + lifetime - margin) * 1000 };
    return value;
  }
}
