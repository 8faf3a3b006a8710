import type { CheckpointStore } from './CheckpointStore.ts';
import type { ApiResolveResult, BackfillClient, ResolvePayload, SearchHit } from './graphqlClient.ts';
import type { SearchTerms, WorkRow } from './plan.ts';
import type { Progress } from './progress.ts';
import { isFinished, type RowResult } from './rowResult.ts';

/** What the runner needs besides the rows. */
export interface BatchRunnerOptions {
  client: BackfillClient;
  store: CheckpointStore;
  progress: Progress;
  /** Items per `resolveTracks` call (and rows per search batch), 1 to 100. */
  batchSize: number;
  /** Lowest search score whose ISRC is adopted. */
  minScore: number;
  /** Stop after this many batches this run (then resume later). */
  maxBatches?: number;
  /** Aborting stops the run after the batch in flight. */
  signal?: AbortSignal;
}

type Row<K extends WorkRow['kind']> = Extract<WorkRow, { kind: K }>;
/** Rows waiting for one ISRC (several rows may share it), with the search that found it, if any. */
type Waiting = Map<string, { isrc: string; rows: { index: number; search?: Adopted }[] }>;
type Adopted = { terms: SearchTerms; hit: SearchHit };

/** Rows with the same ISRC written differently share one lookup; the API ignores case, spaces, hyphens and dots too. */
export const isrcKey = (raw: string) => raw.toUpperCase().replace(/[\s.-]/g, '');

const describe = ({ artist, title }: SearchTerms) => (artist ? `"${artist} - ${title}"` : `"${title}"`);

/** A row's result from its API result. */
export function fromApi(result: ApiResolveResult): RowResult {
  return {
    status: result.status,
    isrc: result.track?.isrc ?? null,
    trackId: result.track?.id ?? null,
    links: result.links.map(({ source, externalId }) => ({ source, externalId })),
    matchedBy: result.status === 'MATCHED' ? 'isrc' : null,
    // The API names the item's place in its batch (`items[3].isrc`), which depends on how rows were batched: keep only the field.
    reason: result.reason?.replace(/`items\[\d+\]\.(\w+)`/g, '`$1`') ?? null,
  };
}

/** A result reached through a search hit's ISRC, labelled so. */
function throughSearch(result: RowResult, { terms, hit }: Adopted): RowResult {
  if (!isFinished(result)) return result;
  const note = `searched ${describe(terms)}: adopted ${hit.track.isrc} ("${hit.track.title}", score ${hit.score.toFixed(2)})`;
  return { ...result, matchedBy: result.status === 'MATCHED' ? 'search' : null, reason: result.reason ? `${note}; ${result.reason}` : note };
}

/**
 * Sends the rows of one run in batches, serially, and records every finished
 * batch in the checkpoint before sending the next. ISRC rows first, then the
 * search fallback. Results are reused for repeated ISRCs, so no ISRC is paid
 * for twice. Stops sending when credits run out (the rest stay unfinished, and
 * a later run sends them), when the signal aborts, or after `maxBatches`.
 */
export class BatchRunner {
  /** Why the run stopped early, if it did. */
  stopped: 'interrupted' | 'credits' | null = null;
  creditsUsed = 0;
  creditsRemaining: number | null = null;
  batches = 0;
  /** Rows the API answered SKIPPED_NO_CREDITS this run. */
  readonly skipped = new Set<number>();
  private readonly known = new Map<string, RowResult>();
  /** Rows finished without a request (repeated ISRCs, rows with nothing to send), written with the next batch. */
  private free: [number, RowResult][] = [];

  constructor(private readonly options: BatchRunnerOptions) {}

  /** Runs the rows the checkpoint does not hold yet; resolves when all were sent or the run stopped. */
  async run(all: readonly WorkRow[]): Promise<void> {
    const { finished } = this.options.store;
    // Earlier runs' answers, by the ISRC as written, so a repeated ISRC is not paid for again.
    for (const row of all) {
      const result = finished.get(row.index);
      if (row.kind === 'isrc' && result) this.known.set(isrcKey(row.isrc), result);
    }
    const rows = all.filter((row) => !finished.has(row.index));
    for (const row of rows) {
      if (row.kind === 'empty') this.finishFree(row.index, { status: 'INVALID_INPUT', isrc: null, trackId: null, links: [], matchedBy: null, reason: 'no ISRC, and no title to search by' });
    }
    try {
      await this.isrcPhase(rows.filter((row): row is Row<'isrc'> => row.kind === 'isrc'));
      if (!this.stopped) await this.searchPhase(rows.filter((row): row is Row<'search'> => row.kind === 'search'));
    } catch (error) {
      // Aborted while waiting to retry: the batch was not answered, so nothing of it is lost.
      if (!this.options.signal?.aborted) throw error;
      this.stopped = 'interrupted';
    }
    if (this.free.length) await this.commit([], null);
  }

  private async isrcPhase(rows: Row<'isrc'>[]): Promise<void> {
    let waiting: Waiting = new Map();
    for (const row of rows) {
      if (this.stopped === 'interrupted') return;
      const key = isrcKey(row.isrc);
      const known = this.known.get(key);
      if (known) {
        this.finishFree(row.index, known);
        continue;
      }
      const entry = waiting.get(key) ?? { isrc: row.isrc, rows: [] };
      entry.rows.push({ index: row.index });
      waiting.set(key, entry);
      if (waiting.size >= this.options.batchSize) {
        await this.resolve(waiting, []);
        waiting = new Map();
      }
    }
    if (waiting.size) await this.resolve(waiting, []);
  }

  private async searchPhase(rows: Row<'search'>[]): Promise<void> {
    const { client, batchSize, minScore, signal } = this.options;
    for (let start = 0; start < rows.length; start += batchSize) {
      if (this.shouldStop()) return;
      const waiting: Waiting = new Map();
      const done: [number, RowResult][] = [];
      for (const { index, terms } of rows.slice(start, start + batchSize)) {
        // Searches are free: a batch cut short by Ctrl-C is simply searched again next run.
        if (signal?.aborted) return void (this.stopped = 'interrupted');
        const hit = await client.searchBest(terms.artist, terms.title, signal);
        if (!hit || hit.score < minScore) {
          const reason = hit ? `searched ${describe(terms)}: best hit ${hit.track.isrc} scored ${hit.score.toFixed(2)}, below --min-score ${minScore}` : `searched ${describe(terms)}: no hit`;
          done.push([index, { status: 'NOT_FOUND', isrc: null, trackId: null, links: [], matchedBy: null, reason }]);
          continue;
        }
        const key = isrcKey(hit.track.isrc);
        const known = this.known.get(key);
        if (known) {
          done.push([index, throughSearch(known, { terms, hit })]);
          continue;
        }
        const entry = waiting.get(key) ?? { isrc: hit.track.isrc, rows: [] };
        entry.rows.push({ index, search: { terms, hit } });
        waiting.set(key, entry);
      }
      await this.resolve(waiting, done);
    }
  }

  /** One `resolveTracks` call for the waiting ISRCs (none: no call), then one checkpoint line with those rows and `done`. */
  private async resolve(waiting: Waiting, done: [number, RowResult][]): Promise<void> {
    if (this.shouldStop()) return;
    const entries = [...waiting.values()];
    const payload = entries.length ? await this.options.client.resolveIsrcs(entries.map((entry) => entry.isrc), this.options.signal) : null;
    const rows = [...done];
    entries.forEach((entry, i) => {
      const result = fromApi(payload!.results[i]!);
      if (isFinished(result)) this.known.set(isrcKey(entry.isrc), result);
      for (const { index, search } of entry.rows) rows.push([index, search ? throughSearch(result, search) : result]);
    });
    await this.commit(rows, payload);
  }

  private async commit(rows: [number, RowResult][], payload: ResolvePayload | null): Promise<void> {
    const finished = rows.filter(([, result]) => isFinished(result));
    for (const [index, result] of rows) if (!isFinished(result)) this.skipped.add(index);
    await this.options.store.append({ creditsUsed: payload?.creditsUsed ?? 0, rows: [...this.free, ...finished] });
    this.free = [];
    this.options.progress.advance(rows.length);
    if (!payload && !rows.length) return;
    this.batches++;
    if (payload) {
      this.creditsUsed += payload.creditsUsed;
      this.creditsRemaining = payload.creditsRemaining;
      // Every later item would come back SKIPPED_NO_CREDITS: stop asking.
      if (payload.creditsRemaining <= 0) this.stopped = 'credits';
    }
  }

  private finishFree(index: number, result: RowResult): void {
    this.free.push([index, result]);
    this.options.progress.advance(1);
  }

  private shouldStop(): boolean {
    const { signal, maxBatches } = this.options;
    if (!this.stopped && (signal?.aborted || (maxBatches !== undefined && this.batches >= maxBatches))) this.stopped = 'interrupted';
    return this.stopped !== null;
  }
}
