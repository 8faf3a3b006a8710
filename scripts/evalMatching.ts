/**
 * `npm run eval:matching`: precision and recall of the links matcher at the
 * resolve threshold, per class of query, on the labelled sets of
 * scripts/matching/evalCases.ts (see docs/matching.md). `--misses` also lists
 * every wrong or missing answer. PGlite by default, Postgres when
 * DATABASE_URL is set.
 */
import { evaluateMatching, formatMatching } from './matching/evaluateMatching.ts';

const { classes, misses, threshold } = await evaluateMatching();
console.log(formatMatching(classes, threshold));
if (process.argv.includes('--misses')) {
  for (const m of misses) {
    const asked = m.case.query ?? `${m.case.artist ?? ''} - ${m.case.title ?? ''}${m.case.durationMs ? ` (${m.case.durationMs} ms)` : ''}`;
    console.log(`  [${m.case.class}] ${asked} -> ${m.got ?? 'none'} (score ${m.score ?? '-'}), expected ${m.case.expect ?? 'none'}`);
  }
}
