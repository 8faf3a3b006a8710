import type { HttpClient } from './HttpClient.ts';
import { ProviderError } from './ProviderError.ts';
import type { TokenSource } from './types.ts';

/** Options for {@link TokenCache}. */
export interface TokenCacheOptions {
  /** The platform's HTTP client (its timeouts and retries apply to token requests too). */
  http: HttpClient;
  /** Absolute URL of the OAuth token endpoint. */
  tokenUrl: string;
  /** OAuth client id. */
  clientId: string;
  /** OAuth client secret. */
  clientSecret: string;
  /** Fetch a new token this long before the current one expires, in milliseconds. @default 60000 */
  refreshMarginMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

/**
 * Access tokens from an OAuth 2.0 client-credentials grant (RFC 6749 §4.4), with the client
 * authenticated by HTTP Basic (§2.3.1). A token is reused until shortly before it expires,
 * and concurrent callers share one token request.
 */
export class TokenCache implements TokenSource {
  private readonly options: TokenCacheOptions;
  private readonly now: () => number;
  private cached: CachedToken | null = null;
  private pending: Promise<string> | null = null;

  constructor(options: TokenCacheOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** A token valid now, fetched only when none is cached or the cached one is about to expire. */
  getToken(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.value);
    // The shared request carries no caller's signal: one caller giving up must not fail the others.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forgets `token` if it is the cached one, so the next call fetches a fresh token. */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    const { http, tokenUrl, clientId, clientSecret } = this.options;
    const credentials = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const requestedAt = this.now();
    const { body } = await http.request<unknown>(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    const token = readToken(body);
    if (!token) {
      throw new ProviderError(`token endpoint answered without access_token/expires_in`, {
        platform: http.platform, code: 'MALFORMED_RESPONSE', status: 200,
      });
    }
    const lifetimeMs = token.expiresIn * 1000;
    // Short-lived tokens would otherwise be refreshed on every call; never keep less than half the lifetime.
    const margin = Math.min(this.options.refreshMarginMs ?? 60_000, lifetimeMs / 2);
    this.cached = { value: token.accessToken, refreshAt: requestedAt + lifetimeMs - margin };
    return token.accessToken;
  }
}

function readToken(body: unknown): { accessToken: string; expiresIn: number } | null {
  if (typeof body !== 'object' || body === null) return null;
  const { access_token: accessToken, expires_in: expiresIn } = body as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken === '') return null;
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return { accessToken, expiresIn: seconds };
}
