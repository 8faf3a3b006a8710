import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { apiProcesses, type ApiProcesses } from '../helpers/apiProcess.ts';
import { BACKEND } from '../helpers/backend.ts';
import { FAKED_PLATFORMS, startFakePlatformsEnv, uniqueIsrc, type FakePlatformsEnv } from '../helpers/fakePlatformsEnv.ts';

const apis: ApiProcesses[] = [];
let fakes: FakePlatformsEnv | undefined;
afterAll(async () => {
  await Promise.all(apis.map((api) => api.cleanup()));
  await fakes?.close();
});

/**
 * One POST on a connection of its own (`reset`: no keep-alive), so each outcome is clear: `ok` (a whole 200
 * with data, no error), `refused` (ECONNREFUSED: it never got through and may be sent elsewhere), or what
 * went wrong (reset after sending, a cut body, an error), which is a lost request.
 */
async function send(url: string, key: string, query: string, variables: Record<string, unknown>, check: (data: any) => boolean): Promise<string> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
      reset: true,
    });
    const text = await response.body.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
    return response.statusCode === 200 && !body.errors && check(body.data) ? 'ok' : `${response.statusCode} ${text.slice(0, 300)}`;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return code === 'ECONNREFUSED' ? 'refused' : `lost: ${code ?? ''} ${message}`;
  }
}

const FAST = `{ track(isrc: "GBDUW0000053") { title } }`;
const SLOW = `query ($isrc: String!) { track(isrc: $isrc) { isrc title } }`;
const LATENCY_MS = 1_000;

describe(`npm start stopped under load (${BACKEND})`, () => {
  it('SIGTERM with ~50 requests in flight (20 waiting on the platforms): every request that got through gets a whole 200, and the process exits 0', async () => {
    // Unknown ISRCs the fake Deezer knows: each lookup waits LATENCY_MS on every platform, then stores the track.
    const isrcs = Array.from({ length: 20 }, () => uniqueIsrc());
    fakes = await startFakePlatformsEnv({ DEEZER: isrcs });
    for (const server of Object.values(fakes.servers)) server.latencyMs = LATENCY_MS;
    const concurrency = Object.fromEntries(FAKED_PLATFORMS.map((platform) => [`${platform}_CONCURRENCY`, '64']));
    const api = await apiProcesses('e2e-shutdown', { ...fakes.env, ...concurrency, PROVIDER_TIMEOUT_MS: '8000', DISCOVERY_ENABLED: 'true', DISCOVERY_TIMEOUT_MS: '15000', SHUTDOWN_GRACE_MS: '15000' });
    apis.push(api);
    const { url, child, adminKey } = await api.start();
    const key = adminKey!;

    const slow = isrcs.map((isrc) => send(url, key, SLOW, { isrc }, (data) => data.track?.isrc === isrc && typeof data.track.title === 'string'));
    // SIGTERM once every slow request is inside the links subgraph, waiting on the platforms.
    while (fakes.requests().DEEZER < isrcs.length) await sleep(20);
    const fast = Array.from({ length: 30 }, () => send(url, key, FAST, {}, (data) => data.track?.title === 'One More Time'));
    // And clients that keep coming during the drain, one request after another, until they are refused.
    const workers = Array.from({ length: 5 }, async () => {
      const outcomes: string[] = [];
      while (outcomes.at(-1) !== 'refused') outcomes.push(await send(url, key, FAST, {}, (data) => data.track?.title === 'One More Time'));
      return outcomes;
    });
    await sleep(20);
    const exited = api.stop(child);

    const slowOutcomes = await Promise.all(slow);
    const fastOutcomes = await Promise.all(fast);
    const exitCode = await exited;
    const perWorker = await Promise.all(workers);
    const workerOutcomes = perWorker.flat();
    const count = (outcome: string) => [...slowOutcomes, ...fastOutcomes, ...workerOutcomes].filter((o) => o === outcome).length;
    const summary = `${count('ok')} ok, ${count('refused')} refused`;
    // The slow ones were in flight when the signal came: all of them finished.
    expect(slowOutcomes, summary).toEqual(isrcs.map(() => 'ok'));
    // Sent just before it: answered whole, or refused (never got through); never reset after sending.
    expect(fastOutcomes.filter((o) => o !== 'ok' && o !== 'refused'), summary).toEqual([]);
    // Sent during the drain: answered whole or refused, never a broken answer. The one race no server closes:
    // a connection the kernel queues in the instant the listener closes is reset before any answer.
    expect(workerOutcomes.filter((o) => o !== 'ok' && o !== 'refused' && !/^lost: ECONNRESET/.test(o)), summary).toEqual([]);
    // After the drain nothing listens: the clients that kept coming were refused in the end.
    expect(perWorker.map((outcomes) => outcomes.at(-1))).toEqual(perWorker.map(() => 'refused'));
    expect(exitCode).toBe(0);
  }, 360_000);

  it('cuts a request still running past SHUTDOWN_GRACE_MS and still exits 0 (a second signal meanwhile changes nothing)', async () => {
    const api = await apiProcesses('e2e-shutdown-grace', { DISCOVERY_ENABLED: 'false', SHUTDOWN_GRACE_MS: '1500' });
    apis.push(api);
    const { url, child, output } = await api.start();
    // An upload that never ends: its body stops short of its Content-Length, and the connection stays open.
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":`);
    await sleep(300);

    const started = Date.now();
    const exited = api.stop(child);
    await sleep(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // The second signal did not start a second close (closing the databases twice fails).
    expect(output()).not.toMatch(/did not stop cleanly|is closed/);
    await cut;
    // Nothing was answered: the connection was closed under the unfinished request.
    expect(received).toBe('');
    // The grace period (1.5 s) was waited, not the upload: generous bounds for a busy machine.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 300_000);
});
