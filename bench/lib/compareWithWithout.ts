import type { BenchStack } from './benchStack.ts';
import { describeLoad, interleaved, runLoad, type LoadResult } from './load.ts';

/** One of the two configurations {@link compareWithWithout} measures. */
export interface Configuration {
  /** How its figures line is labelled. */
  label: string;
  query: string;
}

/** Options of {@link compareWithWithout}. */
export interface CompareOptions {
  with: Configuration;
  without: Configuration;
  /** A fresh variables source per run, so each configuration reads the same pages in the same order. */
  variables: () => (n: number) => Record<string, unknown>;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
  rounds: number;
}

/**
 * Warms both configurations up, then measures them interleaved (median round)
 * through the stack's gateway, counting SQL statements per request in each
 * subgraph; prints their figures, the ratio with/without and the statements.
 */
export async function compareWithWithout(stack: BenchStack, options: CompareOptions): Promise<{ with: LoadResult; without: LoadResult }> {
  const { headers, concurrency, durationMs } = options;
  const statements: Record<string, Record<string, number>> = {};
  const requests: Record<string, number> = {};
  let current: string | null = null;
  const stops = Object.values(stack.byName).map((subgraph) =>
    subgraph.onQuery(() => {
      if (!current) return;
      const counts = (statements[current] ??= {});
      counts[subgraph.module.name] = (counts[subgraph.module.name] ?? 0) + 1;
    }),
  );
  const load = (query: string, ms: number) => runLoad({ url: stack.gateway.url, query, variables: options.variables(), headers, concurrency, durationMs: ms });
  const measured = (name: 'with' | 'without') => async (): Promise<LoadResult> => {
    current = name;
    const result = await load(options[name].query, durationMs);
    current = null;
    requests[name] = (requests[name] ?? 0) + result.requests;
    return result;
  };
  for (const name of ['with', 'without'] as const) await load(options[name].query, 2_000);
  const results = await interleaved({ with: measured('with'), without: measured('without') }, options.rounds);
  stops.forEach((stop) => stop());
  const [withIt, without] = [results.with!, results.without!];
  console.log(describeLoad(options.with.label, withIt));
  console.log(describeLoad(options.without.label, without));
  console.log(`  ratio with/without: p50 ${(withIt.p50 / without.p50).toFixed(2)}x, p95 ${(withIt.p95 / without.p95).toFixed(2)}x, requests/s ${(withIt.rps / without.rps).toFixed(2)}x`);
  for (const name of ['with', 'without']) {
    const perRequest = Object.entries(statements[name] ?? {}).map(([k, n]) => `${k} ${(n / requests[name]!).toFixed(2)}`).sort();
    console.log(`  SQL per request, ${name}: ${perRequest.join(', ')}`);
  }
  return { with: withIt, without };
}
