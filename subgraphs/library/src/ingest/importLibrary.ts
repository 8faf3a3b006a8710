import type { LibraryPrisma } from '../db.ts';
import type { LibraryItem } from './libraryItem.ts';
import { readExport } from './exportItems.ts';
import { readTags } from './readTags.ts';
import { scanFolder, type ScanProblem } from './scanFolder.ts';
import { markRemoved, storeBatch, type BatchCounts, type ReadResult } from './storeItems.ts';

/** Options for {@link importFolder} and {@link importItems}. */
export interface ImportLibraryOptions {
  /** The account the library belongs to. */
  accountId: string;
  /** Files written per transaction. @default 500 */
  batchSize?: number;
  /** Files read at once. @default 4 */
  concurrency?: number;
  /** Called after each batch is written, and once when the scan is done (`scanned`). */
  onProgress?: (progress: ImportProgress) => void;
  /** Unreadable files listed (all are counted). @default 1000 */
  maxReported?: number;
}

/** Where an import stands. */
export interface ImportProgress {
  phase: 'scanned' | 'written';
  /** Files (or items) found. */
  total: number;
  /** Of them, read again because they are new or changed. */
  toRead: number;
  /** Of those, read and written so far. */
  done: number;
}

/** What an import did. */
export interface ImportSummary extends BatchCounts {
  /** Files found (or export items). */
  total: number;
  /** New or changed, so read. */
  read: number;
  /** Unchanged since the last scan (same path, size and modification time; same fields for an export item), skipped. */
  unchanged: number;
  /** Files of earlier scans no longer there, marked removed now. */
  removed: number;
  /** Transactions written. */
  batches: number;
  /** Unreadable files (at most `maxReported`) with the reader's reason. */
  problems: ScanProblem[];
  /** Symbolic links and unreadable folders the scan skipped. */
  skipped: ScanProblem[];
  seconds: number;
}

/** An item to import: where it comes from, how to tell whether it changed, and how to read it. */
export interface ImportSource {
  path: string;
  size: number | null;
  mtimeMs: number | null;
  itemHash: string | null;
  read(): Promise<LibraryItem>;
}

function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error).replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Imports `sources` incrementally: each is compared with what the last import
 * stored under its path (and account); unchanged ones are skipped, the rest
 * read `concurrency` at a time and written `batchSize` per transaction.
 * Stored paths starting with `removedPrefix` that are not among `sources` are
 * marked removed. A source that cannot be read is stored with its error (so it
 * is not read again until it changes) and reported; the others are imported.
 */
export async function importSources(prisma: LibraryPrisma, sources: ImportSource[], removedPrefix: string, options: ImportLibraryOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { accountId, batchSize = 500, concurrency = 4, maxReported = 1000 } = options;
  const summary: ImportSummary = { total: sources.length, read: 0, unchanged: 0, removed: 0, batches: 0, artistsCreated: 0, albumsCreated: 0, tracksCreated: 0, tracksUpdated: 0, unreadable: 0, problems: [], skipped: [], seconds: 0 };
  const known = new Map(
    (
      await prisma.libraryFile.findMany({
        where: { accountId },
        select: { path: true, size: true, mtimeMs: true, itemHash: true, trackId: true, removedAt: true },
      })
    )
      // Compared here, not with LIKE: paths may hold `%`, `_` and `\`.
      .filter((row) => row.path.startsWith(removedPrefix))
      .map((row) => [row.path, row]),
  );
  const toRead = sources.filter((source) => {
    const row = known.get(source.path);
    const same = row && row.removedAt === null && row.itemHash === source.itemHash && row.size === (source.size === null ? null : BigInt(source.size)) && row.mtimeMs === (source.mtimeMs === null ? null : BigInt(source.mtimeMs));
    return !same;
  });
  summary.unchanged = sources.length - toRead.length;
  options.onProgress?.({ phase: 'scanned', total: sources.length, toRead: toRead.length, done: 0 });
  for (let start = 0; start < toRead.length; start += batchSize) {
    const chunk = toRead.slice(start, start + batchSize);
    const batch: ReadResult[] = new Array(chunk.length);
    let next = 0;
    // `concurrency` readers share the chunk; results keep its order.
    await Promise.all(
      Array.from({ length: Math.min(concurrency, chunk.length) }, async () => {
        while (next < chunk.length) {
          const i = next++;
          const source = chunk[i]!;
          const base = { path: source.path, size: source.size, mtimeMs: source.mtimeMs, itemHash: source.itemHash, trackId: known.get(source.path)?.trackId ?? null };
          try {
            const item = await source.read();
            batch[i] = { ...base, item, format: item.format };
          } catch (error) {
            batch[i] = { ...base, error: oneLine(error) };
          }
        }
      }),
    );
    const counts = await storeBatch(prisma, accountId, batch);
    summary.batches++;
    for (const k of ['artistsCreated', 'albumsCreated', 'tracksCreated', 'tracksUpdated', 'unreadable'] as const) summary[k] += counts[k];
    for (const r of batch) if (r.error && summary.problems.length < maxReported) summary.problems.push({ path: r.path, reason: r.error });
    summary.read += chunk.length;
    options.onProgress?.({ phase: 'written', total: sources.length, toRead: toRead.length, done: summary.read });
  }
  const present = new Set(sources.map((s) => s.path));
  const gone = [...known.values()].filter((row) => row.removedAt === null && !present.has(row.path)).map((row) => row.path);
  summary.removed = await markRemoved(prisma, accountId, gone);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/**
 * Scans a music folder (see scanFolder.ts) and imports its audio files'
 * tags (see readTags.ts) for the account: incremental by path, size and
 * modification time; files gone since the last scan of this folder are
 * marked removed (their tracks stay).
 */
export async function importFolder(prisma: LibraryPrisma, folder: string, options: ImportLibraryOptions): Promise<ImportSummary> {
  const scan = await scanFolder(folder);
  const sources: ImportSource[] = scan.files.map((file) => ({ path: file.path, size: file.size, mtimeMs: file.mtimeMs, itemHash: null, read: () => readTags(file.fsPath, file.path) }));
  const summary = await importSources(prisma, sources, `${scan.root}/`, options);
  return { ...summary, skipped: scan.problems };
}

/**
 * Imports a media server export (see exportItems.ts) for the account:
 * incremental by item id and fields; items of the same server no longer in
 * the export are marked removed. Refused rows are in `skipped`.
 */
export async function importExport(prisma: LibraryPrisma, file: string, options: ImportLibraryOptions & { server?: string }): Promise<ImportSummary> {
  const read = await readExport(file, options.server);
  const summary = await importSources(prisma, read.sources, `${read.server}:`, options);
  return { ...summary, skipped: read.problems };
}
