import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  /** Answers that were not HTTP 200 with data and no errors. */
  failures: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Status and start of the first failed answer, to say why. */
  firstFailure?: string;
}

/** Options for {@link runLoad}. */
export interface LoadOptions {
  url: string;
  query: string;
  /** The same for every request, or made for the `n`th request (0-based) of the run. */
  variables?: Record<string, unknown> | ((n: number) => Record<string, unknown>);
  headers?: Record<string, string>;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** @default 3000 */
  durationMs?: number;
}

/** Milliseconds at a percentile of sorted times. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Closed-loop load: `concurrency` clients each send the next request as soon as the last is answered, for `durationMs`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.concurrency ?? 8 });
  const { query, variables = {} } = options;
  const fixed = JSON.stringify({ query, variables });
  const bodyOf = typeof variables === 'function' ? (n: number) => JSON.stringify({ query, variables: variables(n) }) : () => fixed;
  let sent = 0;
  const headers = { 'content-type': 'application/json', ...options.headers };
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const until = started + (options.durationMs ?? 3_000);
  const client = async () => {
    while (performance.now() < until) {
      const body = bodyOf(sent++);
      const t = performance.now();
      const response = await pool.request({ path: url.pathname, method: 'POST', headers, body });
      const text = await response.body.text();
      times.push(performance.now() - t);
      if (response.statusCode !== 200 || text.includes('"errors"')) {
        failures += 1;
        firstFailure ??= `${response.statusCode} ${text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, client));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  times.sort((a, b) => a - b);
  return { requests: times.length, failures, rps: times.length / elapsed, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), firstFailure };
}

/** Runs each configuration in turn, `rounds` times interleaved, and keeps the median round of each (by requests per second). */
export async function interleaved(configs: Record<string, () => Promise<LoadResult>>, rounds: number): Promise<Record<string, LoadResult>> {
  const results: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(configs).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(configs)) results[name]!.push(await run());
  }
  return Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!]));
}

/** One line of figures. */
export const describeLoad = (label: string, r: LoadResult) =>
  `  ${label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (${r.requests} requests, ${r.failures} failed)${r.firstFailure ? `\n    first failure: ${r.firstFailure}` : ''}`;
