import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry, served at `/metrics`. With `npm start`
 * the gateway and every subgraph share one process and so one registry; each
 * metric carries the server it describes.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'trackgraph_process_' });

/** Seconds buckets from 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every HTTP request a server answered, by server, route and status. */
export const httpRequests = new Counter({
  name: 'trackgraph_http_requests_total',
  help: 'HTTP requests answered, by server, route and status',
  labelNames: ['server', 'route', 'status'] as const,
  registers: [registry],
});

/** HTTP request duration, by server and route. */
export const httpDuration = new Histogram({
  name: 'trackgraph_http_request_duration_seconds',
  help: 'HTTP request duration in seconds, by server and route',
  labelNames: ['server', 'route'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export { LATENCY_BUCKETS };
