import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { UsageError } from './errors.ts';

/** Where the columns the backfill reads sit in the input's header. */
export interface InputColumns {
  spotifyId: number;
  isrc: number;
  title: number;
  /** Absent from some exports; the title is then split into title and artist. */
  artist: number | null;
}

/** Columns every input must have (matched case-insensitively, ignoring surrounding spaces). */
export const REQUIRED_COLUMNS = ['spotify_id', 'isrc', 'title'] as const;

/** Finds the columns the backfill reads, or throws a UsageError naming the missing ones. */
export function findColumns(header: readonly string[]): InputColumns {
  const names = header.map((name) => name.trim().toLowerCase());
  const at = (name: string) => names.indexOf(name);
  const missing = REQUIRED_COLUMNS.filter((name) => at(name) < 0);
  if (missing.length) {
    throw new UsageError(`the input CSV has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length > 1 ? 's' : ''} (header: ${header.join(', ')})`);
  }
  return { spotifyId: at('spotify_id'), isrc: at('isrc'), title: at('title'), artist: at('artist') >= 0 ? at('artist') : null };
}

/**
 * Streams a CSV file's records (RFC 4180: quoted fields, escaped quotes, line
 * breaks inside quotes; a UTF-8 BOM is dropped), the header first. A record
 * whose field count differs from the header's, or a malformed quote, is a
 * UsageError naming the line.
 */
export async function* readCsvRecords(path: string): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, skip_empty_lines: true });
  // pipeline(), unlike pipe(), hands a read error (a missing file) on to the parser and so to this loop.
  pipeline(createReadStream(path), parser, () => undefined);
  try {
    for await (const record of parser) yield record as string[];
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UsageError(`cannot read ${path}: ${message}`);
    // csv-parse's messages already name the line and the problem.
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new UsageError(`${path} is not a valid CSV: ${message}`);
    throw error;
  }
}

/** SHA-256 of a file's bytes: ties a checkpoint to the exact input it was made from. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return hash.digest('hex');
}
