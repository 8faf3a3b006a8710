import type { HttpClient, HttpRequestOptions, HttpResponse } from './HttpClient.ts';
import { ProviderError } from './ProviderError.ts';
import type { TokenSource } from './types.ts';

/**
 * Sends `http.request` with `Authorization: Bearer <token>`. When the platform answers 401
 * (the token expired or was revoked early), drops the token and tries once more with a new one.
 */
export async function requestWithBearer<T>(
  http: HttpClient,
  tokens: TokenSource,
  path: string,
  options: HttpRequestOptions = {},
): Promise<HttpResponse<T>> {
  const token = await tokens.getToken();
  try {
    return await http.request<T>(path, withBearer(options, token));
  } catch (error) {
    if (!(error instanceof ProviderError) || error.code !== 'UNAUTHORIZED') throw error;
    tokens.invalidate(token);
    return http.request<T>(path, withBearer(options, await tokens.getToken()));
  }
}

function withBearer(options: HttpRequestOptions, token: string): HttpRequestOptions {
  return { ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } };
}
