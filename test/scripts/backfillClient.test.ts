import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../scripts/backfill/errors.ts';
import { createBackfillClient } from '../../scripts/backfill/graphqlClient.ts';
import { parseRetryAfter, retryDelay, sleep } from '../../scripts/backfill/retry.ts';
import { FAKE_TRACKS, startFakeApi, type FakeApiOptions, type FakeReply } from '../fixtures/backfill/fakeApi.ts';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** A fake API, and a client to it that records its waits instead of sleeping. */
async function setup(options: FakeApiOptions) {
  const api = await startFakeApi({ tracks: FAKE_TRACKS, ...options });
  closers.push(api.close);
  const waits: number[] = [];
  const client = createBackfillClient({ url: api.url, retry: { maxAttempts: 3, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) } });
  return { api, client, waits };
}

/** Replies with `replies` in turn, then lets the fake emulate. */
const sequence = (...replies: FakeReply[]) => (_request: unknown, n: number) => replies[n - 1];

describe('GraphQL client', () => {
  it('sends resolveTracks by ISRC and returns the payload in input order', async () => {
    const { api, client } = await setup({});
    const payload = await client.resolveIsrcs(['GBAYE9700074', 'GBDUW0000053']);
    expect(payload.results.map((r) => r.track?.id)).toEqual(['trk_two', 'trk_one']);
    expect(api.state.requests[0]!.variables).toEqual({ items: [{ isrc: 'GBAYE9700074' }, { isrc: 'GBDUW0000053' }] });
    expect(client.requests).toBe(1);
  });

  it('retries 429 and 503, waiting as Retry-After says, else backing off', async () => {
    const { client, waits } = await setup({ intercept: sequence({ status: 429, headers: { 'retry-after': '7' } }, { status: 503, body: { errors: [{ message: 'down' }] } }) });
    const payload = await client.resolveIsrcs(['GBDUW0000053']);
    expect(payload.results[0]!.status).toBe('MATCHED');
    expect(waits[0]).toBe(7000);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(240);
    expect(client.requests).toBe(3);
  });

  it('retries a RATE_LIMITED GraphQL error after its retryAfterSeconds', async () => {
    const { client, waits } = await setup({ intercept: sequence({ status: 200, body: { errors: [{ message: 'slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 2 } }] } }) });
    await client.searchBest('Radiohead', 'Paranoid Android');
    expect(waits).toEqual([2000]);
  });

  it('gives up after maxAttempts with the last error code', async () => {
    const { client } = await setup({ intercept: () => ({ status: 503, body: { errors: [{ message: 'gateway busy', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } }) });
    const error = await client.resolveIsrcs(['GBDUW0000053']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, message: expect.stringContaining('gave up after 3 attempts') });
    expect(client.requests).toBe(3);
  });

  it('reports GraphQL errors with their extensions.code, and HTTP errors by status, without retrying', async () => {
    const bad = await setup({ intercept: () => ({ status: 400, body: { errors: [{ message: '`items` must hold 1 to 100 items', extensions: { code: 'BAD_USER_INPUT' } }] } }) });
    await expect(bad.client.resolveIsrcs(['x'])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('1 to 100') });
    expect(bad.client.requests).toBe(1);
    const broken = await setup({ intercept: () => ({ status: 502 }) });
    await expect(broken.client.resolveIsrcs(['x'])).rejects.toMatchObject({ code: 'HTTP_502' });
    const short = await setup({ intercept: () => ({ status: 200, body: { data: { resolveTracks: { results: [] } } } }) });
    await expect(short.client.resolveIsrcs(['x'])).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('reports a server that does not answer as NETWORK_ERROR', async () => {
    const { api } = await setup({});
    await api.close();
    closers = [];
    await expect(createBackfillClient({ url: api.url }).resolveIsrcs(['x'])).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('returns the best search hit, or null', async () => {
    const { client } = await setup({ hits: { 'Radiohead|Paranoid Android': { score: 0.9, isrc: 'GBAYE9700074' } } });
    expect(await client.searchBest('Radiohead', 'Paranoid Android')).toEqual({ score: 0.9, track: { isrc: 'GBAYE9700074', title: 'Paranoid Android' } });
    expect(await client.searchBest(null, 'Nothing')).toBeNull();
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('backs off exponentially with jitter, capped, and honours the server within the cap', () => {
    expect(retryDelay(3, null, { baseDelayMs: 100 })).toBeGreaterThanOrEqual(400);
    expect(retryDelay(3, null, { baseDelayMs: 100 })).toBeLessThanOrEqual(480);
    expect(retryDelay(1, 9_000, { maxDelayMs: 5_000 })).toBe(5000);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(waiting).rejects.toThrow('interrupted');
  });
});
