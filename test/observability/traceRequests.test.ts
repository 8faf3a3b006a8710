import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REQUEST_ID_ATTRIBUTE } from '../../lib/observability/traceRequests.ts';
import { startTracing, type Tracing } from '../../lib/observability/tracing.ts';
import { post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// The track card of the README: links, analytics and library each get one fetch.
const QUERY = '{ track(isrc: "GBDUW0000053") { title spotifyStreams { total } libraryTracks { title } } }';
const SUBGRAPHS_FETCHED = ['analytics', 'library', 'links'];

// Four seeded databases and a gateway: slow on a busy machine.
const STACK_START_MS = 180_000;
const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let stack: TestStack;
beforeAll(async () => {
  // Before the stack, as the entry points do; one registration per process (this file's worker).
  tracing = await startTracing({ env: {}, serviceName: 'trackgraph-test', exporter });
  // Entity cache off: every request here must reach the subgraphs to be traced there (a cache hit makes no fetch).
  stack = await startTestStack({ env: { ...TEST_ENV, ENTITY_CACHE: 'off' } });
}, STACK_START_MS);
afterAll(async () => {
  await stack?.close();
  await tracing?.shutdown();
});

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Sends the query and returns the spans of its trace, once the subgraphs' spans have ended too. */
async function traceOf(requestId: string, headers: Record<string, string> = {}): Promise<{ root: ReadableSpan; spans: ReadableSpan[] }> {
  const { status, body } = await post(stack.gateway.url, QUERY, {}, { key: stack.adminKey, headers: { 'x-request-id': requestId, ...headers } });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.track.libraryTracks).toEqual([{ title: 'One More Time' }]);
  // Server spans end when their response closes, which may be just after the client has read it.
  return vi.waitFor(() => {
    const root = exporter.getFinishedSpans().find((s) => s.name === 'gateway graphql' && s.attributes[REQUEST_ID_ATTRIBUTE] === requestId);
    if (!root) throw new Error(`no gateway span for ${requestId}`);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId);
    const subgraphSpans = spans.filter((s) => / graphql$/.test(s.name) && s !== root);
    if (subgraphSpans.length < SUBGRAPHS_FETCHED.length) throw new Error(`${subgraphSpans.length} subgraph spans so far`);
    return { root, spans };
  });
}

/** The span's ancestors, nearest first. */
function ancestors(span: ReadableSpan, spans: ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [spanId(s), s]));
  const chain: ReadableSpan[] = [];
  for (let parent = byId.get(parentId(span) ?? ''); parent; parent = byId.get(parentId(parent) ?? '')) chain.push(parent);
  return chain;
}

describe('one trace per federated request', () => {
  it('is on: startTracing registered a provider for the exporter', () => {
    expect(tracing).toBeDefined();
  });

  it('holds the gateway request, its plan and fetches, a request span per subgraph fetched, and the SQL under them', async () => {
    const { root, spans } = await traceOf('trace-federated-1');
    const named = (name: string) => spans.filter((s) => s.name === name);

    // The gateway's HTTP span is the root (no traceparent was sent), with Apollo Gateway's spans beneath.
    expect(root.kind).toBe(SpanKind.SERVER);
    expect(parentId(root)).toBeUndefined();
    const [request] = named('gateway.request');
    expect(request, 'gateway.request').toBeDefined();
    expect(parentId(request!)).toBe(spanId(root));
    expect(named('gateway.plan').map(parentId)).toEqual([spanId(request!)]);
    const [execute] = named('gateway.execute');
    expect(parentId(execute!)).toBe(spanId(request!));

    // One fetch per subgraph the plan needs, each answered by that subgraph's request span, carried over HTTP by traceparent.
    const fetches = named('gateway.fetch');
    expect(fetches.map((f) => f.attributes.service).sort()).toEqual(SUBGRAPHS_FETCHED);
    for (const fetch of fetches) {
      expect(ancestors(fetch, spans)).toContain(execute);
      const served = spans.filter((s) => parentId(s) === spanId(fetch));
      expect(served.map((s) => s.name)).toEqual([`${fetch.attributes.service} graphql`]);
      expect(served[0]!.kind).toBe(SpanKind.SERVER);
      expect(served[0]!.attributes).toMatchObject({ [REQUEST_ID_ATTRIBUTE]: 'trace-federated-1', 'http.response.status_code': 200 });
    }

    // SQL statements are spans, under the request span of the subgraph that sent them.
    const subgraphSpans = spans.filter((s) => s !== root && s.name.endsWith(' graphql'));
    const sql = named('prisma:client:db_query');
    const subgraphSql = sql.filter((s) => ancestors(s, spans).some((a) => subgraphSpans.includes(a)));
    expect(subgraphSql.length).toBeGreaterThan(0);
    for (const statement of subgraphSql) expect(statement.attributes['db.query.text']).toMatch(/^\s*(SELECT|WITH|INSERT|UPDATE)\b/i);
    // Nothing in the trace hangs loose: every span leads up to the gateway's.
    for (const span of spans.filter((s) => s !== root)) expect(ancestors(span, spans)).toContain(root);
  });

  it('traces GraphQL requests only, not the operator endpoints nor unknown paths', async () => {
    await fetch(new URL('/health', stack.gateway.url), { headers: { 'x-request-id': 'trace-health' } });
    await fetch(new URL('/graphql/nope', stack.gateway.url), { method: 'POST', headers: { 'x-request-id': 'trace-nope' } });
    await traceOf('trace-federated-3');
    const ids = exporter.getFinishedSpans().map((s) => s.attributes[REQUEST_ID_ATTRIBUTE]);
    expect(ids).not.toContain('trace-health');
    expect(ids).not.toContain('trace-nope');
  });

  it("continues the caller's trace when it sends a W3C traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const { root, spans } = await traceOf('trace-federated-2', { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect(root.spanContext().traceId).toBe(traceId);
    expect(parentId(root)).toBe(callerSpan);
    expect(spans.filter((s) => s.name === 'gateway.fetch')).toHaveLength(SUBGRAPHS_FETCHED.length);
  });
});
