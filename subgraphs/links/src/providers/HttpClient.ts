import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { ProviderError } from './ProviderError.ts';
import { DEFAULT_HTTP_OPTIONS, rateWindow, type ProviderHttpOptions } from './providerHttpOptions.ts';
import { backoffDelay, parseRetryAfter } from './retryTiming.ts';
import type { HttpService } from './types.ts';

/** Options for {@link HttpClient}. */
export interface HttpClientOptions extends Partial<ProviderHttpOptions> {
  /** The platform, named in errors. */
  platform: HttpService;
  /** Base URL that request paths are appended to, e.g. `https://api.deezer.com`. */
  baseUrl: string;
  /** `User-Agent` sent with every request. @default 'Trackgraph/0.1.0' */
  userAgent?: string;
  /** Headers sent with every request. @default {} */
  headers?: Record<string, string>;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Options for one {@link HttpClient.request}. */
export interface HttpRequestOptions {
  /** HTTP method. @default 'GET' */
  method?: 'GET' | 'POST';
  /** Query parameters; repeat a key by appending it several times to a URLSearchParams. */
  query?: URLSearchParams | Record<string, string>;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** Request body (a FormData is sent as multipart/form-data, the same on every retry). */
  body?: string | URLSearchParams | FormData;
  /** Aborts the request, its retries and any wait between them. */
  signal?: AbortSignal;
  /** Non-2xx statuses to return instead of throwing (e.g. 404 meaning "not found"). @default [] */
  okStatuses?: readonly number[];
  /** Inspects a parsed body; a returned error is thrown (and retried when retryable). */
  checkBody?: (body: unknown) => ProviderError | null;
}

/** A parsed JSON response. */
export interface HttpResponse<T = unknown> {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** The JSON body, or null when it was empty. */
  body: T;
}

/** JSON over HTTP for one platform: timeouts, bounded retries, and concurrency and rate limits. */
export class HttpClient {
  /** The platform, named in errors. */
  readonly platform: HttpService;
  /** The limits in force. */
  readonly settings: ProviderHttpOptions;
  private readonly baseUrl: string;
  private readonly defaultHeaders: Record<string, string>;
  private readonly fetchImpl: typeof fetch;
  private readonly queue: PQueue;
  private pausedUntil = 0;

  constructor(options: HttpClientOptions) {
    this.platform = options.platform;
    this.settings = {
      timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_OPTIONS.timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULT_HTTP_OPTIONS.maxRetries,
      maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULT_HTTP_OPTIONS.maxRetryWaitMs,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_HTTP_OPTIONS.retryBaseDelayMs,
      concurrency: options.concurrency ?? DEFAULT_HTTP_OPTIONS.concurrency,
      requestsPerSecond: options.requestsPerSecond ?? DEFAULT_HTTP_OPTIONS.requestsPerSecond,
    };
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.defaultHeaders = {
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'Trackgraph/0.1.0',
      ...lowerCaseKeys(options.headers ?? {}),
    };
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.queue = new PQueue({ concurrency: this.settings.concurrency, ...rateWindow(this.settings.requestsPerSecond) });
  }

  /** The absolute URL for `path` (absolute URLs are kept as they are). */
  url(path: string, query?: URLSearchParams | Record<string, string>): URL {
    const url = new URL(/^https?:\/\//.test(path) ? path : this.baseUrl + path);
    for (const [key, value] of new URLSearchParams(query ?? {})) url.searchParams.append(key, value);
    return url;
  }

  /** Sends a request and parses its JSON body, retrying transient failures. Throws ProviderError. */
  async request<T = unknown>(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
    const url = this.url(path, options.query);
    for (let attempt = 1; ; attempt += 1) {
      await this.waitUntilResumed(options.signal);
      let failure: ProviderError;
      try {
        return await this.queue.add(() => this.attempt<T>(url, options), {
          signal: options.signal,
          throwOnTimeout: true,
        });
      } catch (error) {
        failure = this.asProviderError(error, options.signal);
      }
      const delay = this.retryDelay(failure, attempt);
      if (delay === null) throw failure.withAttempts(attempt);
      // The platform asked every client to wait, so hold back this platform's other requests too.
      if (failure.retryAfterMs !== null) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
      else await this.pause(delay, options.signal);
    }
  }

  private async attempt<T>(url: URL, options: HttpRequestOptions): Promise<HttpResponse<T>> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method: options.method ?? 'GET',
        headers: { ...this.defaultHeaders, ...lowerCaseKeys(options.headers ?? {}) },
        body: options.body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw this.abortedError(error);
      if (timeout.aborted) {
        throw new ProviderError(`no response from ${url.pathname} within ${this.settings.timeoutMs} ms`, {
          platform: this.platform, code: 'TIMEOUT', retryable: true, cause: error,
        });
      }
      throw new ProviderError(`network error on ${url.pathname}: ${describe(error)}`, {
        platform: this.platform, code: 'NETWORK_ERROR', retryable: true, cause: error,
      });
    }
    const statusError = options.okStatuses?.includes(response.status) ? null : this.statusError(url, response, text);
    if (statusError) throw statusError;
    const body = this.parseJson(url, response.status, text) as T;
    const bodyError = options.checkBody?.(body) ?? null;
    if (bodyError) throw bodyError;
    return { status: response.status, headers: response.headers, body };
  }

  private statusError(url: URL, response: Response, text: string): ProviderError | null {
    const { status } = response;
    if (response.ok) return null;
    const where = `${status} from ${url.pathname}: ${text.slice(0, 200)}`;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const base = { platform: this.platform, status, retryAfterMs };
    if (status === 429) return new ProviderError(`rate limited, ${where}`, { ...base, code: 'RATE_LIMITED', retryable: true, rateLimited: true });
    if (status === 502 || status === 503 || status === 504) return new ProviderError(`unavailable, ${where}`, { ...base, code: 'UNAVAILABLE', retryable: true });
    if (status === 401) return new ProviderError(`unauthorized, ${where}`, { ...base, code: 'UNAUTHORIZED' });
    return new ProviderError(`HTTP ${where}`, { ...base, code: 'HTTP_ERROR' });
  }

  private parseJson(url: URL, status: number, text: string): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ProviderError(`malformed JSON from ${url.pathname}: ${text.slice(0, 100)}`, {
        platform: this.platform, code: 'MALFORMED_RESPONSE', status, cause: error,
      });
    }
  }

  private retryDelay(failure: ProviderError, attempt: number): number | null {
    if (!failure.retryable || attempt > this.settings.maxRetries) return null;
    if (failure.retryAfterMs !== null) {
      // Retrying sooner than asked only earns another refusal; waiting longer than allowed stalls our callers.
      return failure.retryAfterMs <= this.settings.maxRetryWaitMs ? failure.retryAfterMs : null;
    }
    return backoffDelay(attempt - 1, { baseDelayMs: this.settings.retryBaseDelayMs, maxDelayMs: this.settings.maxRetryWaitMs });
  }

  private async waitUntilResumed(signal: AbortSignal | undefined): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) await this.pause(wait, signal);
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      throw this.abortedError(error);
    }
  }

  private asProviderError(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (error instanceof ProviderError) return error;
    if (signal?.aborted) return this.abortedError(error);
    return new ProviderError(`request failed: ${describe(error)}`, { platform: this.platform, code: 'NETWORK_ERROR', cause: error });
  }

  private abortedError(cause: unknown): ProviderError {
    return new ProviderError('request aborted by the caller', { platform: this.platform, code: 'ABORTED', cause });
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
