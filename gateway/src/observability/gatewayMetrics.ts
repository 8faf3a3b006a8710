import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, registry } from '../../../lib/metrics.ts';

/** GraphQL operations the gateway answered, by operation name, HTTP status and first error code (`none`). */
export const operations = new Counter({
  name: 'trackgraph_gateway_operations_total',
  help: 'GraphQL operations answered by the gateway, by operation name, status and first error code',
  labelNames: ['operation', 'status', 'code'] as const,
  registers: [registry],
});

/** Operation latency at the gateway. */
export const operationDuration = new Histogram({
  name: 'trackgraph_gateway_operation_duration_seconds',
  help: 'GraphQL operation duration at the gateway, in seconds',
  labelNames: ['operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** Each subgraph fetch's latency, successful or not. */
export const subgraphFetchDuration = new Histogram({
  name: 'trackgraph_gateway_subgraph_fetch_duration_seconds',
  help: 'Subgraph fetch duration seen from the gateway, in seconds',
  labelNames: ['subgraph'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** Subgraph fetches that failed (timeout, connection error, non-GraphQL answer). */
export const subgraphFetchErrors = new Counter({
  name: 'trackgraph_gateway_subgraph_fetch_errors_total',
  help: 'Subgraph fetches that failed, by subgraph and reason',
  labelNames: ['subgraph', 'reason'] as const,
  registers: [registry],
});

/** Requests refused before execution, by code (RATE_LIMITED, QUERY_TOO_COMPLEX, UNAUTHENTICATED, …). */
export const rejected = new Counter({
  name: 'trackgraph_gateway_rejected_total',
  help: 'Requests refused before execution, by error code and measure',
  labelNames: ['code', 'measure'] as const,
  registers: [registry],
});

/** Cache lookups at the gateway (API keys, persisted queries, operation analyses), by cache and outcome. */
export const cacheLookups = new Counter({
  name: 'trackgraph_gateway_cache_lookups_total',
  help: 'Gateway cache lookups by cache and result (hit or miss)',
  labelNames: ['cache', 'result'] as const,
  registers: [registry],
});

/** Subgraph fetches that joined an identical one already in flight instead of going out (GATEWAY_DEDUP). */
export const subgraphFetchesDeduplicated = new Counter({
  name: 'trackgraph_gateway_subgraph_fetches_deduplicated_total',
  help: 'Subgraph fetches answered by an identical fetch already in flight, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

/** Entity cache lookups, per subgraph, entity type (`Query` for a root fetch) and result: hit, miss, or stale (found, but written since). */
export const entityCacheLookups = new Counter({
  name: 'trackgraph_gateway_entity_cache_lookups_total',
  help: 'Entity cache lookups by subgraph, entity type and result (hit, miss, stale)',
  labelNames: ['subgraph', 'type', 'result'] as const,
  registers: [registry],
});

/** Times this gateway saw a subgraph's write generation change (each retires every entry of that subgraph). */
export const entityCacheInvalidations = new Counter({
  name: 'trackgraph_gateway_entity_cache_invalidations_total',
  help: 'Subgraph writes seen by the entity cache (each retires the entries of that subgraph)',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

/** Subgraph fetches sent merged with others of the same query and caller in one request (GATEWAY_BATCH). */
export const subgraphFetchesBatched = new Counter({
  name: 'trackgraph_gateway_subgraph_fetches_batched_total',
  help: 'Subgraph fetches sent as part of a merged request, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});
