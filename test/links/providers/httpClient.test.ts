import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../../subgraphs/links/src/providers/HttpClient.ts';
import { ProviderError } from '../../../subgraphs/links/src/providers/ProviderError.ts';
import { FakeProviderServer } from './fakes/FakeProviderServer.ts';
import { FAST_HTTP } from './fastHttpOptions.ts';

let server: FakeProviderServer;

beforeEach(async () => {
  server = await FakeProviderServer.start({ handle: (request) => ({ body: { ok: true, path: request.path } }) });
});

afterEach(async () => {
  await server.close();
});

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ platform: 'DEEZER', baseUrl: server.url, ...FAST_HTTP, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('retries transient failures', () => {
  it('waits out a 429 Retry-After before trying again', async () => {
    server.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const response = await client().request('/ping');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(response.body).toEqual({ ok: true, path: '/ping' });
    expect(server.requestCount('/ping')).toBe(2);
  });

  it('retries a 503 with backoff', async () => {
    server.failNext({ kind: 'status', status: 503 });
    const response = await client().request('/ping');
    expect(response.status).toBe(200);
    expect(server.requestCount()).toBe(2);
  });

  it('gives up after maxRetries with a retryable ProviderError', async () => {
    server.failNext({ kind: 'status', status: 503 }, 10);
    const error = await failure(client({ maxRetries: 2 }).request('/ping'));
    expect(error).toMatchObject({ platform: 'DEEZER', code: 'UNAVAILABLE', status: 503, retryable: true, attempts: 3 });
    expect(server.requestCount()).toBe(3);
  });

  it('fails at once when Retry-After is longer than maxRetryWaitMs', async () => {
    server.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const started = Date.now();
    const error = await failure(client({ maxRetryWaitMs: 2000 }).request('/ping'));
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', rateLimited: true, retryAfterMs: 3_600_000, attempts: 1 });
    expect(server.requestCount()).toBe(1);
  });

  it('does not retry a client error', async () => {
    server.failNext({ kind: 'status', status: 400 });
    const error = await failure(client().request('/ping'));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 400, retryable: false });
    expect(server.requestCount()).toBe(1);
  });

  it('returns statuses the caller declared as answers', async () => {
    server.failNext({ kind: 'status', status: 404, body: { missing: true } });
    const response = await client().request('/ping', { okStatuses: [404] });
    expect(response).toMatchObject({ status: 404, body: { missing: true } });
  });
});

describe('bounds the time a request may take', () => {
  it('times out a platform that never answers, retrying a bounded number of times', async () => {
    server.failNext({ kind: 'hang' }, 5);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 200, maxRetries: 1 }).request('/ping'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true, attempts: 2 });
    expect(server.requestCount()).toBe(2);
  });

  it('stops when the caller aborts', async () => {
    server.failNext({ kind: 'hang' });
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 5000 }).request('/ping', { signal: AbortSignal.timeout(100) }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ code: 'ABORTED', retryable: false });
  });
});

describe('parses JSON', () => {
  it('turns a malformed body into a ProviderError without retrying', async () => {
    server.failNext({ kind: 'malformed' });
    const error = await failure(client().request('/ping'));
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', status: 200, retryable: false });
    expect(server.requestCount()).toBe(1);
  });

  it('lets the caller turn an error body into a retryable failure', async () => {
    server.failNext({ kind: 'json', body: { busy: true } });
    const response = await client().request<{ ok?: boolean }>('/ping', {
      checkBody: (body) => ((body as { busy?: boolean }).busy
        ? new ProviderError('busy', { platform: 'DEEZER', code: 'UNAVAILABLE', retryable: true })
        : null),
    });
    expect(response.body.ok).toBe(true);
    expect(server.requestCount()).toBe(2);
  });
});

describe('limits load on the platform', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    server.latencyMs = 100;
    const http = client({ concurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, index) => http.request(`/item/${index}`)));
    expect(server.requestCount()).toBe(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('starts at most `requestsPerSecond` requests per second', async () => {
    const http = client({ requestsPerSecond: 4 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, index) => http.request(`/item/${index}`)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requestCount()).toBe(6);
  });

  it('holds back other requests while the platform asked to wait', async () => {
    server.failNext({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const http = client({ concurrency: 1 });
    const first = http.request('/first');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await http.request('/second');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await first;
    expect(server.requestCount('/first')).toBe(2);
    expect(server.requestCount('/second')).toBe(1);
  });
});

describe('identifies itself', () => {
  it('sends the configured User-Agent and JSON Accept header', async () => {
    await client({ userAgent: 'Trackgraph-test/1.0 ( test@example.invalid )' }).request('/ping');
    expect(server.requests[0]?.headers['user-agent']).toBe('Trackgraph-test/1.0 ( test@example.invalid )');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });
});
