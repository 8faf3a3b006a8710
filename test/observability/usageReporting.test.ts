import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { ApolloServer } from '@apollo/server';
import { Report, type IContextualizedStats } from '@apollo/usage-reporting-protobuf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

const KEY = 'service:trackgraph-test:0123456789abcdef';
const GRAPH_REF = 'trackgraph-test@current';
const OPERATION = 'query TrackCard { track(isrc: "GBDUW0000053") { title spotifyStreams { total } } }';
// Apollo's signature of OPERATION: literals hidden, fields sorted, whitespace squeezed.
const SIGNATURE = '# TrackCard\nquery TrackCard{track(isrc:""){spotifyStreams{total}title}}';

/** Every outgoing HTTP request of this process (Node's http and fetch), as `host path`. */
function recordOutgoing(): { requests: string[]; stop(): void } {
  const requests: string[] = [];
  const onHttp = (message: unknown) => {
    const { request } = message as { request: { host: string; path: string } };
    requests.push(`${request.host} ${request.path}`);
  };
  const onFetch = (message: unknown) => {
    const { request } = message as { request: { origin: string; path: string } };
    requests.push(`${new URL(request.origin).hostname} ${request.path}`);
  };
  subscribe('http.client.request.start', onHttp);
  subscribe('undici:request:create', onFetch);
  return { requests, stop: () => (unsubscribe('http.client.request.start', onHttp), unsubscribe('undici:request:create', onFetch)) };
}
// Four seeded databases and a gateway: slow on a busy machine.
const STACK_START_MS = 180_000;
const LOOPBACK = /^(localhost|127\.0\.0\.1|::1|\[::1\]) /;

/** How many usage-reporting plugins each of the gateway's servers runs (Apollo's installed list is internal). */
function usagePlugins(stack: TestStack): { enabled: number; disabled: number }[] {
  return [...stack.gateway.gateway.servers.values()].map((server: ApolloServer<any>) => {
    const plugins = (server as unknown as { internals: { plugins: { __internal_plugin_id__?: string; __is_disabled_plugin__?: boolean }[] } }).internals.plugins;
    const usage = plugins.filter((p) => p.__internal_plugin_id__ === 'UsageReporting');
    return { enabled: usage.filter((p) => !p.__is_disabled_plugin__).length, disabled: usage.filter((p) => p.__is_disabled_plugin__).length };
  });
}

describe('with APOLLO_KEY and APOLLO_GRAPH_REF: usage reports', () => {
  const reports: { apiKey: string | undefined; report: Report }[] = [];
  const ingress = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/api/ingress/traces' && req.headers['content-encoding'] === 'gzip') {
      reports.push({ apiKey: req.headers['x-api-key'] as string | undefined, report: Report.decode(gunzipSync(Buffer.concat(chunks))) });
    }
    res.writeHead(200).end();
  });
  let stack: TestStack;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stack?.close());
  let outgoing: ReturnType<typeof recordOutgoing>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
    outgoing = recordOutgoing();
    stack = await startTestStack({ env: { ...TEST_ENV, APOLLO_KEY: KEY, APOLLO_GRAPH_REF: GRAPH_REF, APOLLO_USAGE_REPORTING_ENDPOINT: endpoint } });
  }, STACK_START_MS);
  afterAll(async () => {
    outgoing?.stop();
    await stop();
    await new Promise<void>((resolve) => ingress.close(() => resolve()));
  });

  it('installs the plugin exactly once on every contract server', () => {
    expect(usagePlugins(stack)).toEqual([...stack.gateway.gateway.servers.keys()].map(() => ({ enabled: 1, disabled: 0 })));
  });

  it('reports the operation sent, once, with its signature, to the configured endpoint (flushed when the gateway stops)', async () => {
    const { body } = await post(stack.gateway.url, OPERATION, {}, { key: stack.adminKey });
    expect(body.errors).toBeUndefined();
    // Stopping flushes what is buffered (otherwise sent every 10 s).
    await stop();
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0));

    for (const { apiKey, report } of reports) {
      expect(apiKey).toBe(KEY);
      expect(report.header?.graphRef).toBe(GRAPH_REF);
    }
    const entries = reports.flatMap(({ report }) => Object.entries(report.tracesPerQuery));
    expect(entries.map(([signature]) => signature)).toContain(SIGNATURE);
    const [, traces] = entries.find(([signature]) => signature === SIGNATURE)!;
    const stats = ((traces.statsWithContext ?? []) as IContextualizedStats[]).reduce((sum, s) => sum + Number(s.queryLatencyStats?.requestCount ?? 0), 0);
    // Exactly one request counted: one plugin per server, not Apollo's own beside ours.
    expect((traces.trace?.length ?? 0) + stats).toBe(1);
    expect(reports.reduce((sum, { report }) => sum + Number(report.operationCount), 0)).toBe(1);
    // Only the configured endpoint was called, never Apollo's.
    expect(outgoing.requests.filter((r) => !LOOPBACK.test(r))).toEqual([]);
  });
});

describe('without them: nothing leaves the process', () => {
  let stack: TestStack;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stack?.close());
  let outgoing: ReturnType<typeof recordOutgoing>;
  beforeAll(async () => {
    // Apollo Server would read these from process.env and install its own reporter; the gateway's `env` has neither.
    vi.stubEnv('APOLLO_KEY', KEY);
    vi.stubEnv('APOLLO_GRAPH_REF', GRAPH_REF);
    outgoing = recordOutgoing();
    stack = await startTestStack({ env: TEST_ENV });
  }, STACK_START_MS);
  afterAll(async () => {
    outgoing?.stop();
    await stop();
    vi.unstubAllEnvs();
  });

  it('installs only the disabled plugin, so Apollo Server installs none of its own', () => {
    expect(usagePlugins(stack)).toEqual([...stack.gateway.gateway.servers.keys()].map(() => ({ enabled: 0, disabled: 1 })));
  });

  it('sends no request beyond this machine while serving and stopping (no usage report, no Apollo Gateway telemetry)', async () => {
    const { body } = await post(stack.gateway.url, OPERATION, {}, { key: stack.adminKey });
    expect(body.errors).toBeUndefined();
    await stop();
    // The gateway did call its subgraphs: the recorder works.
    expect(outgoing.requests.filter((r) => LOOPBACK.test(r)).length).toBeGreaterThan(0);
    expect(outgoing.requests.filter((r) => !LOOPBACK.test(r))).toEqual([]);
  });
});
