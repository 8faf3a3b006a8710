import autocannon from 'autocannon';
import { percentile } from './load.ts';

/** One timed run of one query against one gateway. */
export interface CannonResult {
  requests: number;
  rps: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers with an HTTP status outside 2xx. */
  non2xx: number;
  /** 2xx answers that carried GraphQL `errors` (or no `data`). */
  graphqlErrors: number;
  /** The first such answer (its first 500 characters), to say what went wrong. */
  firstFailure?: string;
}

/** Options for {@link cannon}. */
export interface CannonOptions {
  url: string;
  /** The whole JSON request body, the same for every request. */
  body: string;
  /** Bodies sent in turn instead of `body` (requests spread over many variables). */
  bodies?: readonly string[];
  headers?: Record<string, string>;
  /** @default 50 */
  connections?: number;
  /** Seconds; or, with `amount`, until that many requests are answered (or time out after 30 s, counted as errors). */
  durationS?: number;
  amount?: number;
}

/**
 * Closed-loop HTTP load with autocannon: `connections` keep-alive clients,
 * each sending the next request when its answer is in. Latency percentiles
 * come from every response's time (autocannon's own summary has no p95).
 */
export async function cannon(options: CannonOptions): Promise<CannonResult> {
  const times: number[] = [];
  const { bodies } = options;
  let next = 0;
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    connections: options.connections ?? 50,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
    timeout: 30,
    ...(bodies?.length ? { requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodies[next++ % bodies.length] }) }] } : {}),
    // A cheap check, so the load generator does not parse every answer on a shared CPU.
    verifyBody: (body) => body.includes('"data"') && !body.includes('"errors"'),
  });
  let firstFailure: string | undefined;
  instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  instance.on('reqMismatch', (body) => (firstFailure ??= String(body).slice(0, 500)));
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    rps: times.length / result.duration,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    ...(firstFailure ? { firstFailure } : {}),
  };
}
