import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { LinksPrisma } from '../db.ts';
import { runBatchedImport, type BatchedImportOptions, type ImportProgress, type ImportSummary } from './batchedImport.ts';
import { resolveColumns, type CatalogColumns } from './csvColumns.ts';
import { readCsvRows } from './csvRows.ts';
import { parseCatalogRow } from './csvTrackRow.ts';
import { fileFingerprint } from './importProgress.ts';

/** Options for {@link importCatalog}. */
export interface ImportCatalogOptions extends BatchedImportOptions {
  /** Called once the header is resolved, before anything is written (the CLI prints the mapping). */
  onColumns?: (columns: CatalogColumns) => void;
  /** Continue an interrupted import of the same file (paths only). @default true */
  resume?: boolean;
}

export type { ImportProgress, ImportSummary };

/**
 * Imports a catalog CSV (a path or a byte stream) into the links database,
 * streaming it (memory does not grow with the file, but for 12 bytes per
 * distinct ISRC to report duplicates) and writing it in batches of set-based
 * statements, one transaction per batch. Each batch records how far the file
 * is committed: after a crash or an error, importing the same file again
 * continues after the last committed batch (the rows before it are read again
 * only to know their ISRCs). Idempotent: rows equal to what is stored write
 * nothing. Bad rows and platform-ID conflicts are skipped and reported with
 * their line, never fatal.
 * @throws CatalogHeaderError before anything is written when the header is unusable
 * @throws CsvSyntaxError when the file is not well-formed CSV (batches before the error stay committed)
 */
export async function importCatalog(prisma: LinksPrisma, source: string | Readable, options: ImportCatalogOptions = {}): Promise<ImportSummary> {
  const { resume = true } = options;
  const totalBytes = typeof source === 'string' ? (await stat(source)).size : undefined;
  let bytesRead = 0;
  const records = readCsvRows(typeof source === 'string' ? createReadStream(source) : source, { onBytes: (n) => (bytesRead = n) });
  // The header is read before anything is written: an unusable file writes nothing at all.
  const first = await records.next();
  let columns: CatalogColumns;
  try {
    columns = resolveColumns(first.done ? undefined : first.value.fields);
  } catch (error) {
    await records.return(undefined);
    throw error;
  }
  options.onColumns?.(columns);

  const fingerprint = typeof source === 'string' && resume ? await fileFingerprint(source) : null;
  async function* rows() {
    for await (const record of records) {
      // Spreadsheets export trailing rows of empty cells; they are not data.
      if (record.fields.every((field) => field.trim() === '')) continue;
      yield parseCatalogRow(record, columns);
    }
  }
  return runBatchedImport(
    prisma,
    { rows: rows(), fingerprint, source: typeof source === 'string' ? source : '', ignoredColumns: columns.ignored, bytes: () => ({ bytesRead, totalBytes }) },
    options,
  );
}
