import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LinksPrisma } from '../../db.ts';
import { runBatchedImport, type BatchedImportOptions, type ImportSummary } from '../batchedImport.ts';
import type { CatalogRow } from '../csvTrackRow.ts';
import { importMusicBrainzReleases, releaseImportPending, type ReleaseImportSummary } from './importReleases.ts';
import { recordingRows } from './recordingRows.ts';

/** What `import:musicbrainz` did: the catalog import's summary, and the recordings read. */
export interface MusicBrainzImportSummary extends ImportSummary {
  /** Recordings (dump lines) read. */
  recordings: number;
  /** Recordings without an ISRC: not catalog material, skipped. */
  withoutIsrc: number;
  /** The recordings were all written by the interrupted run this one resumes in its release pass: not read again. */
  recordingsSkipped: boolean;
  /** The release pass, when the directory holds a release dump (`mbdump/release`); else null. */
  releases: ReleaseImportSummary | null;
}

/** The dump directory holds no recording file. */
export class MusicBrainzDumpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MusicBrainzDumpError';
  }
}

/** `<dir>/mbdump/recording` (as `recording.tar.xz` unpacks) or `<dir>/recording`. */
export function findRecordingFile(dir: string): string {
  for (const candidate of [join(dir, 'mbdump', 'recording'), join(dir, 'recording')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new MusicBrainzDumpError(`No recording dump in "${dir}": expected mbdump/recording (unpack recording.tar.xz from MusicBrainz's JSON dumps there) or recording.`);
}

/** `<dir>/mbdump/release` (as `release.tar.xz` unpacks) or `<dir>/release`, or null: releases are optional. */
export function findReleaseFile(dir: string): string | null {
  return [join(dir, 'mbdump', 'release'), join(dir, 'release')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/**
 * Imports the recordings of a MusicBrainz JSON dump (one recording per line,
 * as the web service returns it with inc=isrcs+artist-credits, and releases
 * when present) into the catalog, through the same batched, resumable writer
 * as `import:catalog`: one track per ISRC with its title, credits, length,
 * first release date and title, and the MBID as its MUSICBRAINZ platform ID.
 * The dump is streamed; a rerun after an interruption resumes (the file is
 * recognised by path, size and modification time: hashing tens of gigabytes
 * first would take as long as a good part of the import). Then, when the
 * directory holds a release dump, its releases (see importMusicBrainzReleases):
 * after the recordings, since a release is linked to the tracks they became.
 * A rerun after an interruption in the release pass does not read the
 * recordings again: that pass starts only once they are all written.
 */
export async function importMusicBrainz(prisma: LinksPrisma, dir: string, options: BatchedImportOptions & { resume?: boolean } = {}): Promise<MusicBrainzImportSummary> {
  const file = findRecordingFile(dir);
  const { size, mtimeMs } = statSync(file);
  const fingerprint = options.resume === false ? null : createHash('sha256').update(`musicbrainz:${file}:${size}:${mtimeMs}`).digest('hex');
  const releaseFile = findReleaseFile(dir);
  const recordingsSkipped = options.resume !== false && releaseFile !== null && (await releaseImportPending(prisma, releaseFile));
  const input = createReadStream(file);
  let recordings = 0;
  let withoutIsrc = 0;
  async function* rows(): AsyncGenerator<CatalogRow> {
    if (recordingsSkipped) {
      input.destroy();
      return;
    }
    let line = 0;
    for await (const json of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (json.trim() === '') continue;
      recordings++;
      const found = recordingRows(line, json);
      if (found.length === 0) withoutIsrc++;
      yield* found;
    }
  }
  const summary = await runBatchedImport(prisma, { rows: rows(), fingerprint, source: file, ignoredColumns: [], bytes: () => ({ bytesRead: input.bytesRead, totalBytes: size }) }, options);
  const releases = releaseFile ? await importMusicBrainzReleases(prisma, releaseFile, options) : null;
  return { ...summary, recordings, withoutIsrc, recordingsSkipped, releases };
}
