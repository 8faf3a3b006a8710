import type { HttpClient } from './HttpClient.ts';
import { ProviderError } from './ProviderError.ts';

/** Deezer's error body, which it sends with HTTP 200. */
export interface DeezerErrorBody {
  /** Present only when the request failed. */
  error?: { type?: string; message?: string; code?: number };
}

/** Deezer error codes: 4 is the request quota, 700 "service busy", 800 "no data". */
const QUOTA_EXCEEDED = 4;
const SERVICE_BUSY = 700;
const DATA_NOT_FOUND = 800;

/** Deezer reports its quota and overload as HTTP 200 with an error body; make them retryable failures. */
export function deezerQuotaError(body: unknown): ProviderError | null {
  const code = (body as DeezerErrorBody | null)?.error?.code;
  if (code !== QUOTA_EXCEEDED && code !== SERVICE_BUSY) return null;
  return new ProviderError(`error ${code}: ${(body as DeezerErrorBody).error?.message ?? ''}`, {
    platform: 'DEEZER',
    code: code === QUOTA_EXCEEDED ? 'RATE_LIMITED' : 'UNAVAILABLE',
    status: 200,
    retryable: true,
    rateLimited: code === QUOTA_EXCEEDED,
  });
}

/**
 * GETs a Deezer resource (`path` relative to the base URL, query included): the body, or null when
 * Deezer answers "no data" (code 800). Quota and overload are retried by `http`; any other error
 * body throws a ProviderError.
 */
export async function getDeezer<T extends object>(http: HttpClient, path: string, signal?: AbortSignal): Promise<T | null> {
  const { body } = await http.request<(T & DeezerErrorBody) | null>(path, { signal, checkBody: deezerQuotaError });
  if (body?.error?.code === DATA_NOT_FOUND) return null;
  if (body?.error) {
    throw new ProviderError(`error ${body.error.code} ${body.error.type}: ${body.error.message}`, {
      platform: 'DEEZER', code: 'HTTP_ERROR', status: 200,
    });
  }
  if (body === null || typeof body !== 'object') {
    throw new ProviderError(`unexpected response shape from ${path}: expected an object`, { platform: 'DEEZER', code: 'MALFORMED_RESPONSE', status: 200 });
  }
  return body;
}

