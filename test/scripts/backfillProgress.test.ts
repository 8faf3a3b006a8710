import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../scripts/backfill/progress.ts';
import { formatSummary, type BackfillSummary } from '../../scripts/backfill/summary.ts';

/** A stream that keeps what is written, a TTY or not. */
function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    }),
    { isTTY, columns: 120 },
  );
  return { stream, text: () => text };
}

describe('progress', () => {
  it('writes plain lines with rate and ETA when not on a TTY, at most once per interval', () => {
    const out = capture(false);
    const progress = createProgress(300, { stream: out.stream, intervalMs: 60_000 });
    progress.advance(100);
    progress.advance(100);
    progress.stop();
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^backfill: 100\/300 rows \(33%\), [\d.]+ rows\/s, ETA \d+s$/);
    expect(lines[1]).toMatch(/^backfill: 200\/300 rows \(66%\)/);
  });

  it('draws a bar with rows, rate and ETA on a TTY', () => {
    const out = capture(true);
    const progress = createProgress(10, { stream: out.stream });
    progress.advance(5);
    progress.stop();
    expect(out.text()).toMatch(/backfill .* 50% \| 5\/10 rows \| [\d.]+ rows\/s \| ETA/);
  });
});

describe('summary', () => {
  const summary: BackfillSummary = {
    rows: 10, fromCheckpoint: 4, matched: 6, notFound: 1, invalid: 1, recoveredBySearch: 2, skippedNoCredits: 2, pending: 0,
    creditsUsed: 5, creditsUsedAllRuns: 9, creditsRemaining: 0, requests: 3, batches: 2, interrupted: false, output: '/x/out.csv', checkpoint: '/x/out.csv.checkpoint.jsonl',
  };

  it('reports every count, the credits, and what to do next', () => {
    const text = formatSummary(summary);
    for (const line of [/matched: +6 \(2 recovered by search\)/, /not found: +1/, /invalid: +1/, /skipped \(no credits\): 2/, /credits used: +5 this run, 9 in all runs/, /credits remaining: +0/, /add credits and run the same command again/]) {
      expect(text).toMatch(line);
    }
    expect(formatSummary({ ...summary, interrupted: true, output: null, pending: 3 })).toMatch(/not sent yet: +3[\s\S]*interrupted/);
  });
});
