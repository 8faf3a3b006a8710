import type { AnalyticsPrisma } from '../db.ts';
import type { WriteCounts } from '../ingest/store.ts';

/** What every collector is given. */
export interface CollectContext {
  /** The analytics database. */
  prisma: AnalyticsPrisma;
  /** The day (UTC, `YYYY-MM-DD`) editions and snapshots are dated. */
  date: string;
  /** Compute and report every write, then roll it back. */
  dryRun: boolean;
  /** Aborts the platform requests in flight. */
  signal?: AbortSignal;
}

/** What collecting one chart edition or one playlist snapshot did. */
export interface CollectResult {
  /** What was collected, e.g. `DEEZER TOP DAILY GLOBAL 2026-12-01` or `DEEZER playlist 908622995`. */
  label: string;
  /** A chart edition or a playlist snapshot. */
  kind: 'edition' | 'snapshot';
  /** Why nothing was written for it; undefined when it was written (or, on a dry run, would be). */
  error?: string;
  /** Entries the platform listed. */
  entries: number;
  /** Chart entries or playlist placements inserted, updated, unchanged and removed. */
  counts: WriteCounts;
  /** Snapshots: whether the day's followers point was written. */
  followersPoint?: boolean;
  /** Entries whose ISRC is not known (chart entries are kept without; playlist entries are left out). */
  unresolved: number;
  /** Older chart entries of the same tracks whose ISRC this run filled in. */
  backfilled?: number;
  /** Dry runs: one line per entry that would be written. */
  preview?: string[];
  /** Things the operator should know (e.g. a playlist listed without its tracks). */
  notes?: string[];
}

/** Counts with nothing in them. */
export const NO_WRITES: WriteCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
