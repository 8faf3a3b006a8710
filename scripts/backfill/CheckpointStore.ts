import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { UsageError } from './errors.ts';
import { isFinished, type RowResult } from './rowResult.ts';

/** First line of a checkpoint: what it was made from, so a run never mixes in another input's results. */
export interface CheckpointHeader {
  format: 'trackgraph-backfill-checkpoint';
  version: 1;
  /** SHA-256 of the input file's bytes. */
  inputSha256: string;
  /** `--min-score` of the run: another threshold could pick other search matches. */
  minScore: number;
  /** Data rows of the input. */
  rows: number;
}

/** Every later line: one finished batch, with the rows it finished (row index, result) and the credits it spent. */
export interface CheckpointBatch {
  batch: number;
  creditsUsed: number;
  rows: [index: number, result: RowResult][];
}

/** The checkpoint path of an output file. */
export function checkpointPath(output: string): string {
  return `${output}.checkpoint.jsonl`;
}

const sameHeader = (a: CheckpointHeader, b: CheckpointHeader) =>
  a.format === b.format && a.version === b.version && a.inputSha256 === b.inputSha256 && a.minScore === b.minScore && a.rows === b.rows;

/**
 * The resumable record of a backfill: a JSON-lines file next to the output,
 * one line per finished batch, each appended and fsynced before the next
 * batch is sent, so a crash loses at most the batch in flight. A torn last
 * line (the process died mid-write) is dropped on open.
 */
export class CheckpointStore {
  /** Finished rows by row index, loaded and appended. */
  readonly finished = new Map<number, RowResult>();
  /** Batches written, by earlier runs and this one. */
  batches = 0;
  /** Credits the loaded batches spent (earlier runs). */
  creditsUsedBefore = 0;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  /**
   * Opens the checkpoint at `path` for `header`'s input, loading what it holds,
   * or starts one. A checkpoint of another input (or another `--min-score`)
   * is a UsageError: delete it or pick another output.
   */
  static async open(path: string, header: CheckpointHeader): Promise<CheckpointStore> {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw new UsageError(`cannot read the checkpoint ${path}: ${error.message}`);
    });
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length < text.length) await truncate(path, Buffer.byteLength(complete));
    const lines = complete.split('\n').filter(Boolean);
    const store = new CheckpointStore(path, await open(path, 'a'));
    try {
      if (lines.length === 0) return (await store.appendLine(header), store);
      const [first, ...batches] = lines.map((line, n) => parseLine(path, line, n + 1));
      if (!sameHeader(first as CheckpointHeader, header)) {
        throw new UsageError(`${path} belongs to another input (or another --min-score); delete it to start over, or write to another output`);
      }
      for (const batch of batches as CheckpointBatch[]) store.load(batch);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** Appends one finished batch and fsyncs it; rows skipped for credits must not be in it. */
  async append(batch: Omit<CheckpointBatch, 'batch'>): Promise<void> {
    const line: CheckpointBatch = { batch: this.batches + 1, ...batch };
    if (line.rows.some(([, result]) => !isFinished(result))) throw new TypeError('CheckpointStore.append: expected finished rows only, got SKIPPED_NO_CREDITS');
    await this.appendLine(line);
    this.batches++;
    for (const [index, result] of line.rows) this.finished.set(index, result);
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.file.close();
  }

  private load(batch: CheckpointBatch): void {
    if (!Array.isArray(batch.rows)) throw new UsageError(`${this.path} holds a line that is not a batch; the checkpoint is damaged (delete it to start over)`);
    this.batches++;
    this.creditsUsedBefore += batch.creditsUsed;
    for (const [index, result] of batch.rows) this.finished.set(index, result);
  }

  private async appendLine(value: unknown): Promise<void> {
    // One write per line: an append-mode write lands whole at the end, then fsync makes it durable.
    await this.file.write(`${JSON.stringify(value)}\n`);
    await this.file.sync();
  }
}

function parseLine(path: string, line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new UsageError(`${path} line ${lineNumber} is not JSON; the checkpoint is damaged (delete it to start over)`);
  }
}
