import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { addProblem, problemList, type ProblemList } from '../../../../../lib/importProblems.ts';
import type { LinksPrisma } from '../../db.ts';
import type { BatchedImportOptions } from '../batchedImport.ts';
import { clearProgress, loadProgress, saveProgress } from '../importProgress.ts';
import { writeReleaseBatch } from './releaseBatch.ts';
import { releaseRow, type ReleaseValues } from './releaseRows.ts';

/** What the release pass of `import:musicbrainz` did. Every release line is counted once in inserted, updated, unchanged, withoutKnownTracks or invalid. */
export interface ReleaseImportSummary {
  /** Release lines read (not blank lines). */
  releases: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Releases none of whose recordings is a catalog track: skipped, since no track would list them. */
  withoutKnownTracks: number;
  /** Track–release links added. */
  trackLinksAdded: number;
  /** Lines that are not a release (not JSON, no MBID, no title): skipped. */
  invalid: ProblemList;
  /** Releases written with a value left out (an invalid or taken barcode, a date that is not a day). */
  warnings: ProblemList;
  batches: number;
  /** The line an interrupted import had committed when this run resumed it, or null. */
  resumedAfterLine: number | null;
  elapsedMs: number;
}

function emptySummary(): ReleaseImportSummary {
  return { releases: 0, inserted: 0, updated: 0, unchanged: 0, withoutKnownTracks: 0, trackLinksAdded: 0, invalid: problemList(), warnings: problemList(), batches: 0, resumedAfterLine: null, elapsedMs: 0 };
}

/** The key of a release file's import progress: path, size and modification time, as for recordings. */
function releaseFingerprint(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return createHash('sha256').update(`musicbrainz-release:${file}:${size}:${mtimeMs}`).digest('hex');
}

/** Whether an interrupted import of this release file is waiting to be resumed. */
export async function releaseImportPending(prisma: LinksPrisma, file: string): Promise<boolean> {
  return (await loadProgress(prisma, releaseFingerprint(file))) !== null;
}

/**
 * Imports the releases of a MusicBrainz JSON dump (`mbdump/release`, one
 * release per line) after its recordings: each release some of whose
 * recordings are catalog tracks becomes a Release (keyed by its MBID) linked
 * to those tracks. Streamed and written in batches of `batchSize` releases,
 * one transaction each, which also records how far the file is committed: a
 * rerun after an interruption continues after the last committed batch (the
 * file is recognised by path, size and modification time, as for recordings).
 */
export async function importMusicBrainzReleases(prisma: LinksPrisma, file: string, options: BatchedImportOptions & { resume?: boolean } = {}): Promise<ReleaseImportSummary> {
  const started = Date.now();
  const { batchSize = 5000, timeoutMs = 10 * 60_000, maxReported = 1000 } = options;
  const { size } = statSync(file);
  const fingerprint = options.resume === false ? null : releaseFingerprint(file);
  const saved = fingerprint ? await loadProgress<ReleaseImportSummary>(prisma, fingerprint) : null;
  const summary: ReleaseImportSummary = saved ? { ...saved.summary, resumedAfterLine: saved.line } : emptySummary();
  const priorMs = saved?.summary.elapsedMs ?? 0;
  const report = (target: ProblemList, line: number, reason: string) => addProblem(target, { line, reason }, maxReported);
  const input = createReadStream(file);

  let batch: { line: number; values: ReleaseValues }[] = [];
  const flush = async (committedLine: number) => {
    const rows = batch;
    batch = [];
    await prisma.$transaction(
      async (tx) => {
        const outcomes = await writeReleaseBatch(tx, rows.map((row) => row.values));
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.kind === 'noKnownTracks') summary.withoutKnownTracks++;
          else {
            summary[outcome.kind]++;
            summary.trackLinksAdded += outcome.trackLinksAdded;
            if (outcome.warning) report(summary.warnings, rows[i]!.line, outcome.warning);
          }
        }
        summary.batches++;
        // Statistics after batches 1, 2, 4, 8…: PGlite has no autovacuum, and plans must follow the growing tables.
        if ((summary.batches & (summary.batches - 1)) === 0) await tx.$executeRaw`ANALYZE "Release", "TrackRelease", "Artist"`;
        summary.elapsedMs = priorMs + Date.now() - started;
        if (fingerprint) await saveProgress(tx, fingerprint, file, committedLine, summary);
      },
      { timeout: timeoutMs, maxWait: 60_000 },
    );
    await options.onProgress?.({
      rows: summary.releases, bytesRead: input.bytesRead, totalBytes: size, line: committedLine,
      inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.invalid.count + summary.withoutKnownTracks,
    });
  };

  let line = 0;
  const inBatch = new Set<string>();
  for await (const json of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    // Committed by the interrupted run and counted in its summary.
    if (saved && line <= saved.line) continue;
    if (json.trim() === '') continue;
    const row = releaseRow(line, json);
    // A batch holds each MBID once: a repeat goes to the next batch, which sees this one written.
    // Written before this line is counted, so the summary saved with it is exactly the lines committed.
    if (row.ok && (batch.length >= batchSize || inBatch.has(row.values.musicbrainzId))) {
      await flush(line - 1);
      inBatch.clear();
    }
    summary.releases++;
    if (!row.ok) {
      report(summary.invalid, line, row.reason);
      continue;
    }
    for (const warning of row.warnings) report(summary.warnings, line, warning);
    inBatch.add(row.values.musicbrainzId);
    batch.push({ line, values: row.values });
  }
  if (batch.length > 0) await flush(line);
  if (fingerprint) await clearProgress(prisma, fingerprint);
  summary.elapsedMs = priorMs + Date.now() - started;
  return summary;
}
