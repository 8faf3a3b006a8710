import type { CollectResult } from './collectTypes.ts';

/** What a run prints, and its exit code: 0 when every target was written, 1 when one failed. */
export interface CollectSummary {
  lines: string[];
  exitCode: 0 | 1;
}

/** One line per edition or snapshot (dry runs: with what would be written), then the totals. */
export function summarize(results: CollectResult[], dryRun: boolean): CollectSummary {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(describe(result));
    for (const note of result.notes ?? []) lines.push(`    note: ${note}`);
    for (const row of result.preview ?? []) lines.push(`    ${row}`);
  }
  const done = results.filter((result) => result.error === undefined);
  const sum = (pick: (result: CollectResult) => number) => done.reduce((total, result) => total + pick(result), 0);
  const count = (kind: CollectResult['kind'], noun: string) => {
    const n = done.filter((result) => result.kind === kind).length;
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
  };
  const failures = results.length - done.length;
  lines.push(
    `collect: ${count('edition', 'edition')} and ${count('snapshot', 'snapshot')} ${dryRun ? 'checked (dry run: nothing kept)' : 'written'}, ${failures} failed; ` +
      `inserted ${sum((r) => r.counts.inserted)}, updated ${sum((r) => r.counts.updated)}, unchanged ${sum((r) => r.counts.unchanged)}, removed ${sum((r) => r.counts.deleted)}; ` +
      `followers points ${done.filter((r) => r.followersPoint).length}; ISRCs unresolved ${sum((r) => r.unresolved)}`,
  );
  return { lines, exitCode: failures > 0 ? 1 : 0 };
}

function describe(result: CollectResult): string {
  if (result.error !== undefined) return `  FAILED ${result.label}: nothing written: ${result.error}`;
  const { inserted, updated, unchanged, deleted } = result.counts;
  const parts = [
    `${result.entries} ${result.kind === 'edition' ? 'entries' : 'tracks listed'}`,
    ...(result.followersPoint === undefined ? [] : [`followers point ${result.followersPoint ? 'written' : 'unchanged'}`]),
    `${result.kind === 'edition' ? 'entries' : 'placements'} inserted ${inserted}, updated ${updated}, unchanged ${unchanged}, removed ${deleted}`,
    `ISRCs unresolved ${result.unresolved}`,
    ...(result.backfilled ? [`older entries given their ISRC ${result.backfilled}`] : []),
  ];
  return `  ${result.label}: ${parts.join('; ')}`;
}
