import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import type { CannonResult } from './cannon.ts';
import type { Contender } from './peerStack.ts';
import type { PeerQuery } from './peerQueries.ts';

/** One contender's round of one query: the load figures and its memory right after. */
export interface Round extends CannonResult {
  rssMiB: number;
}

/** Medians over rounds (errors summed: one failed request in any round counts). */
export interface Summary extends CannonResult {
  rssMiB: number;
  rounds: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Medians of each figure over the rounds. */
export function summarize(rounds: Round[]): Summary {
  const of = (key: 'requests' | 'rps' | 'p50' | 'p95' | 'p99' | 'errors' | 'non2xx' | 'graphqlErrors' | 'rssMiB') => rounds.map((round) => round[key]);
  return {
    rounds: rounds.length,
    requests: sum(of('requests')),
    rps: median(of('rps')),
    p50: median(of('p50')),
    p95: median(of('p95')),
    p99: median(of('p99')),
    errors: sum(of('errors')),
    non2xx: sum(of('non2xx')),
    graphqlErrors: sum(of('graphqlErrors')),
    rssMiB: median(of('rssMiB')),
    ...(rounds.find((round) => round.firstFailure) ? { firstFailure: rounds.find((round) => round.firstFailure)!.firstFailure } : {}),
  };
}

/** The machine, as the README's performance section records it. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (nproc), ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
}

/** The 1-minute load average: on a shared machine, what else was running. */
export const loadNow = () => loadavg()[0]!.toFixed(1);

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '—');
const ms = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(value < 10 ? 1 : 0));

/** The results as a Markdown table (one row per query and gateway) and the ratio lines under it. */
export function resultTable(queries: readonly PeerQuery[], contenders: readonly Contender[], results: Record<string, Record<string, Summary>>): string {
  const lines = [
    '| query | gateway | req/s | p50 ms | p95 ms | p99 ms | errors / non-2xx / GraphQL errors | RSS MiB after the round |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const ratios: string[] = [];
  for (const query of queries) {
    for (const contender of contenders) {
      const s = results[query.id]![contender.id]!;
      lines.push(`| ${query.label} | ${contender.label} | ${s.rps.toFixed(0)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${s.errors} / ${s.non2xx} / ${s.graphqlErrors} | ${s.rssMiB.toFixed(0)} |`);
    }
    const by = results[query.id]!;
    const ours = by.ours!;
    const parts = [`ours/Hive ${ratio(ours.rps, by.hive!.rps)}`, `ours/stock Apollo ${ratio(ours.rps, by.apollo!.rps)}`];
    if (by['ours-off']) parts.push(`ours with caches off/stock Apollo ${ratio(by['ours-off'].rps, by.apollo!.rps)}`);
    parts.push(`our p99/p50 ${ratio(ours.p99, ours.p50)}`);
    ratios.push(`- ${query.label}: requests/s ${parts.join(', ')}`);
  }
  return `${lines.join('\n')}\n\n${ratios.join('\n')}`;
}
