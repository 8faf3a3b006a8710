import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AcrCloudClient, acrCloudSignature } from '../../../../subgraphs/audio-matches/src/acrcloud/AcrCloudClient.ts';
import { ProviderError } from '../../../../subgraphs/links/src/providers/ProviderError.ts';
import { startFakeAcrCloud, type FakeAcrCloud } from './fakeAcrCloud.ts';

let fake: FakeAcrCloud;
const sample = new Uint8Array([0x49, 0x44, 0x33, 1, 2, 3, 4, 5]);

beforeAll(async () => {
  fake = await startFakeAcrCloud();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.queue.length = 0;
});

function client(overrides: Partial<ConstructorParameters<typeof AcrCloudClient>[0]> = {}) {
  return new AcrCloudClient({ host: fake.url, accessKey: fake.accessKey, accessSecret: fake.accessSecret, retryBaseDelayMs: 10, timeoutMs: 2000, ...overrides });
}

describe('ACRCloud signature', () => {
  it('is base64 HMAC-SHA1 over method, path, key, data type, version and timestamp', () => {
    // Computed independently: printf 'POST\n/v1/identify\nkey\naudio\n1\n1700000000' | openssl sha1 -hmac secret -binary | base64
    expect(acrCloudSignature('secret', 'key', '1700000000')).toBe('tWbqxXkbyadGeaHIJS/OzfF+KdU=');
  });
});

describe('identifies samples', () => {
  it('sends a signed multipart form and returns the recorded result', async () => {
    const result = await client({ now: () => 1_700_000_000_500 }).identify(sample);
    expect((result.metadata as { music: { title: string }[] }).music[0]!.title).toBe('La Bambola');
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request!.signatureValid).toBe(true);
    expect(request!.sampleBytes).toBe(sample.byteLength);
    expect(request!.fields).toMatchObject({ access_key: fake.accessKey, data_type: 'audio', signature_version: '1', sample_bytes: '8', timestamp: '1700000000' });
  });

  it('returns "No result" (1001) as an answer, not an error', async () => {
    fake.queue.push({ fixture: 'no-result.json' });
    const result = await client().identify(sample);
    expect(result.status).toMatchObject({ code: 1001 });
  });
});

describe('rejects and retries like the platform clients', () => {
  it('never retries a wrong secret (3014) or key (3001), and says which settings to check', async () => {
    const error = await client({ accessSecret: 'wrong' }).identify(sample).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', attempts: 1 });
    expect((error as Error).message).toMatch(/3014.*ACRCLOUD_ACCESS_KEY and ACRCLOUD_ACCESS_SECRET/);
    const keyError = await client({ accessKey: 'other' }).identify(sample).catch((e: unknown) => e);
    expect(keyError).toMatchObject({ code: 'UNAUTHORIZED', attempts: 1 });
    expect(fake.requests).toHaveLength(2);
  });

  it('retries "Limit exceeded" (3003) with backoff, then answers', async () => {
    fake.queue.push({ fixture: 'error-3003-limit-exceeded.json' }, { fixture: 'error-3003-limit-exceeded.json' });
    const result = await client().identify(sample);
    expect(result.status).toMatchObject({ code: 0 });
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up on a limit that does not lift, as RATE_LIMITED', async () => {
    fake.defaultAnswer = { fixture: 'error-3003-limit-exceeded.json' };
    try {
      const error = await client({ maxRetries: 1 }).identify(sample).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', rateLimited: true, attempts: 2 });
      expect((error as Error).message).toMatch(/Limit exceeded/);
    } finally {
      fake.defaultAnswer = { fixture: 'music-la-bambola.json' };
    }
  });

  it('waits as long as HTTP 429 Retry-After says before retrying', async () => {
    fake.queue.push({ status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    const result = await client().identify(sample);
    expect(result.status).toMatchObject({ code: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a 503, then fails a fingerprint error (2004) without retrying', async () => {
    fake.queue.push({ status: 503, body: 'busy' }, { fixture: 'error-2004-no-fingerprint.json' });
    const error = await client().identify(sample).catch((e: unknown) => e);
    // The second attempt's answer is final: not retried again.
    expect(error).toMatchObject({ code: 'HTTP_ERROR', attempts: 2, retryable: false });
    expect((error as Error).message).toMatch(/2004/);
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a server that never answers, retrying within the limit', async () => {
    fake.queue.push('hang', 'hang');
    const error = await client({ timeoutMs: 200, maxRetries: 1 }).identify(sample).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 2 });
    expect((error as Error).message).toMatch(/within 200 ms/);
  });
});
