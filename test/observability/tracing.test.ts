import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otlpTracesUrl, startTracing } from '../../lib/observability/tracing.ts';

/** An OTLP/HTTP collector: every request's path and JSON body. */
const received: { path: string; body: any }[] = [];
const collector = createServer(async (req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  received.push({ path: req.url ?? '', body: JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) });
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
});
let endpoint: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('startTracing', () => {
  it('does nothing without OTEL_EXPORTER_OTLP_ENDPOINT or an exporter', async () => {
    expect(await startTracing({ env: {}, serviceName: 'x' })).toBeUndefined();
    expect(await startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: '' }, serviceName: 'x' })).toBeUndefined();
  });

  it('sends traces to /v1/traces under the endpoint, or to the traces endpoint as given', () => {
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other/traces' })).toBe('http://other/traces');
    expect(otlpTracesUrl({})).toBeUndefined();
  });

  it('exports the spans to the OTLP endpoint from the environment, batched, by shutdown at the latest', async () => {
    const tracing = await startTracing({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, serviceName: 'trackgraph-otlp-test' });
    expect(tracing).toBeDefined();
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('outer', (outer) => {
      // The async-hooks context manager: the active span survives an await.
      void (async () => {
        await Promise.resolve();
        tracer.startSpan('inner', {}, context.active()).end();
        outer.end();
      })();
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await tracing!.shutdown();

    expect(received.map((r) => r.path)).toContain('/v1/traces');
    const resourceSpans = received.flatMap((r) => r.body.resourceSpans);
    const service = resourceSpans[0].resource.attributes.find((a: any) => a.key === 'service.name');
    expect(service.value.stringValue).toBe('trackgraph-otlp-test');
    const spans = resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans));
    const outer = spans.find((s: any) => s.name === 'outer');
    const inner = spans.find((s: any) => s.name === 'inner');
    expect(inner.traceId).toBe(outer.traceId);
    expect(inner.parentSpanId).toBe(outer.spanId);
    // Shut down: the global API is back to no-ops.
    expect(trace.getTracer('test').startSpan('after').isRecording()).toBe(false);
  });
});
