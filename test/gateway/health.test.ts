import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../lib/config.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

/** GET an operator endpoint: status, parsed body, and how long the answer took. */
async function probe(url: string, path: '/health' | '/ready'): Promise<{ status: number; body: Record<string, any>; ms: number }> {
  const started = Date.now();
  const response = await fetch(new URL(path, url));
  return { status: response.status, body: (await response.json()) as Record<string, any>, ms: Date.now() - started };
}

const ALL_OK = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 'ok']));
// Longest /ready may take with a subgraph hung: the gateway gives each probe 1 s; the rest is slack for a busy machine.
const READY_WITHIN_MS = 3_500;

describe('/health and /ready', () => {
  it('all up: 200 and 200 on the gateway (every subgraph ok) and on each subgraph', async () => {
    const health = await probe(stack.gateway.url, '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', draining: false, subgraphs: ALL_OK } });
    const ready = await probe(stack.gateway.url, '/ready');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', draining: false, subgraphs: ALL_OK } });
    for (const { name } of SUBGRAPHS) {
      const { url } = stack.subgraphs[name];
      expect(await probe(url, '/health'), name).toMatchObject({ status: 200, body: { status: 'ok', subgraph: name, database: { state: 'ok' } } });
      expect(await probe(url, '/ready'), name).toMatchObject({ status: 200, body: { status: 'ok', subgraph: name } });
    }
  });

  it('a subgraph down: the gateway is alive (/health 200, that subgraph "down"), not ready (/ready 503 naming it), and its other fields still answer', async () => {
    const { http, port } = stack.subgraphs.library;
    // Down at its URL: nothing listens on the port any more (connection refused).
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    try {
      const health = await probe(stack.gateway.url, '/health');
      expect(health).toMatchObject({ status: 200, body: { status: 'degraded', subgraphs: { ...ALL_OK, library: 'down' } } });
      const ready = await probe(stack.gateway.url, '/ready');
      expect(ready).toMatchObject({ status: 503, body: { status: 'degraded', subgraphs: { ...ALL_OK, library: 'down' } } });

      const { status, body } = await post(stack.gateway.url, `{ track(isrc: "GBDUW0000053") { title libraryTracks { title } matches { totalCount } } }`, {}, { key: stack.adminKey });
      expect(status).toBe(200);
      expect(body.data.track).toEqual({ title: 'One More Time', libraryTracks: null, matches: { totalCount: 2 } });
      expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: 'library' }) })]);
    } finally {
      // Back on the same port, so the rest of the file (and close) find it.
      await new Promise<void>((resolve) => http.listen(port, new URL(stack.subgraphs.library.url).hostname, resolve));
    }
    expect(await probe(stack.gateway.url, '/ready')).toMatchObject({ status: 200, body: { subgraphs: ALL_OK } });
  });

  it(`a subgraph hung (accepts, never answers): /ready answers 503 within ${READY_WITHIN_MS} ms, /health 200, both naming it`, async () => {
    const { http } = stack.subgraphs['audio-matches'];
    const [app] = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    const hung = new Set<ServerResponse>();
    http.removeAllListeners('request');
    http.on('request', (_req: IncomingMessage, res: ServerResponse) => void hung.add(res));
    try {
      const ready = await probe(stack.gateway.url, '/ready');
      expect(ready).toMatchObject({ status: 503, body: { subgraphs: { ...ALL_OK, 'audio-matches': 'down' } } });
      expect(ready.ms).toBeLessThan(READY_WITHIN_MS);
      const health = await probe(stack.gateway.url, '/health');
      expect(health).toMatchObject({ status: 200, body: { status: 'degraded', subgraphs: { ...ALL_OK, 'audio-matches': 'down' } } });
      expect(health.ms).toBeLessThan(READY_WITHIN_MS);
      // The probes asked, and gave up: the hung subgraph really was reached.
      expect(hung.size).toBeGreaterThanOrEqual(2);
    } finally {
      http.removeAllListeners('request');
      http.on('request', app!);
      for (const res of hung) res.destroy();
    }
    expect((await probe(stack.gateway.url, '/ready')).status).toBe(200);
  });
});
