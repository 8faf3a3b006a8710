import cliProgress from 'cli-progress';

/** Reports rows done as batches finish. */
export interface Progress {
  advance(rows: number): void;
  stop(): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** Where to report; a TTY gets a live bar, anything else a plain line now and then. @default process.stderr */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Shortest time between two plain lines. @default 10000 */
  intervalMs?: number;
}

/** "1m 05s" style durations for plain lines. */
function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A progress report of `total` rows with rate and ETA: a cli-progress bar on a TTY, periodic plain lines otherwise (logs, CI). */
export function createProgress(total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const started = Date.now();
  let done = 0;
  const rate = () => done / Math.max((Date.now() - started) / 1000, 0.001);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'backfill {bar} {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { speed: '0' });
    return {
      advance(rows) {
        done += rows;
        bar.update(done, { speed: rate().toFixed(1) });
      },
      stop: () => bar.stop(),
    };
  }
  const intervalMs = options.intervalMs ?? 10_000;
  let lastLine = 0;
  const line = () => {
    lastLine = Date.now();
    const percent = total ? Math.floor((done / total) * 100) : 100;
    stream.write(`backfill: ${done}/${total} rows (${percent}%), ${rate().toFixed(1)} rows/s, ETA ${duration((total - done) / rate())}\n`);
  };
  return {
    advance(rows) {
      done += rows;
      if (Date.now() - lastLine >= intervalMs) line();
    },
    stop: () => {
      if (done > 0) line();
    },
  };
}
