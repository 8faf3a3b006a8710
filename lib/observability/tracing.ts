import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

/** Options for {@link startTracing}. */
export interface TracingOptions {
  /** Where `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` and `OTEL_SERVICE_NAME` are read. */
  env: NodeJS.ProcessEnv;
  /** `service.name` of the spans, unless `OTEL_SERVICE_NAME` says otherwise (e.g. `trackgraph-gateway`). */
  serviceName: string;
  /** Export here, one span at a time, instead of OTLP (tests pass an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

/** Tracing that {@link startTracing} started. */
export interface Tracing {
  /** Exports the spans still buffered, then unregisters the provider, propagator, context manager and Prisma's instrumentation. Once per process, at exit. */
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL: the signal-specific variable as given, else `/v1/traces` under the base endpoint. */
export function otlpTracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/**
 * Registers OpenTelemetry tracing for this process: a Node tracer provider with
 * W3C trace-context propagation and the async-hooks context manager, Prisma's
 * instrumentation (one span per SQL statement), and an exporter — OTLP over
 * HTTP in batches when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, or the given one.
 * Apollo Gateway's own spans (request, plan, fetch) land in the same provider.
 * Call it (and await it) before anything else starts. Without an endpoint or an
 * exporter it does nothing and returns undefined: no provider, no cost, not even
 * loading the OpenTelemetry SDK, which is why its modules are imported here.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  const { env, exporter } = options;
  const url = otlpTracesUrl(env);
  if (!exporter && !url) return undefined;
  const [{ W3CTraceContextPropagator }, { OTLPTraceExporter }, { defaultResource, resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor }, { PrismaInstrumentation, registerInstrumentations }] =
    await Promise.all([
      import('@opentelemetry/core'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
      import('@prisma/instrumentation'),
    ]);
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName })),
    // Tests read spans the moment they end; production batches them off the request path.
    spanProcessors: [exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  // Only W3C trace context crosses process boundaries: baggage from callers is not forwarded to the subgraphs.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const unregisterInstrumentations = registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  let stopping: Promise<void> | undefined;
  return {
    shutdown() {
      stopping ??= (async () => {
        unregisterInstrumentations();
        await provider.shutdown();
        trace.disable();
        propagation.disable();
        context.disable();
      })();
      return stopping;
    },
  };
}
