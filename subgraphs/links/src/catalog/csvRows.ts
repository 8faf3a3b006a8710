import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';

/** One CSV record with the physical line it starts on (the header is line 1). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/** Options for {@link readCsvRows}. */
export interface ReadCsvRowsOptions {
  /** Called with the number of bytes of the file read so far (for progress). */
  onBytes?: (bytesRead: number) => void;
}

/** The file is not well-formed CSV (an unclosed or stray quote); `line` is where csv-parse noticed. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Turns CRLF into LF, byte-wise (so a multi-byte UTF-8 character split across
 * chunks is untouched), and counts the bytes going through.
 */
class LineEndingNormalizer extends Transform {
  private bytes = 0;
  private pendingCr = false;

  constructor(private readonly onBytes?: (bytesRead: number) => void) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const input = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.bytes += input.length;
    this.onBytes?.(this.bytes);
    const parts: Buffer[] = [];
    // A CR that ended the previous chunk was held back until we knew whether LF follows.
    if (this.pendingCr && input[0] !== 0x0a) parts.push(Buffer.from([0x0d]));
    this.pendingCr = false;
    let start = 0;
    for (let i = input.indexOf(0x0d); i !== -1; i = input.indexOf(0x0d, i + 1)) {
      if (i === input.length - 1) {
        parts.push(input.subarray(start, i));
        this.pendingCr = true;
        start = input.length;
      } else if (input[i + 1] === 0x0a) {
        parts.push(input.subarray(start, i));
        start = i + 1;
      }
    }
    if (start < input.length) parts.push(input.subarray(start));
    callback(null, Buffer.concat(parts));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.pendingCr ? Buffer.from([0x0d]) : undefined);
  }
}

/**
 * Streams the records of an RFC 4180 CSV (UTF-8, with or without BOM, CRLF or
 * LF line endings; CRLF inside quoted values becomes LF) without loading the
 * file whole. Blank lines are skipped; records may have any number of fields
 * (the caller checks them against the header).
 * @throws CsvSyntaxError on a quoting error, which leaves the rest of the file unreadable
 */
export async function* readCsvRows(input: Readable, options: ReadCsvRowsOptions = {}): AsyncGenerator<CsvRow> {
  const normalizer = new LineEndingNormalizer(options.onBytes);
  let lastEnd = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Tracked as the parser goes, not as the consumer reads: an error can arrive before buffered records are read.
    // The line comes from here rather than `info: true`, which builds an object per record (half the parse time).
    on_record: ((record: string[], context: InfoRecord) => {
      lastEnd = context.lines;
      return { record, lines: context.lines };
    }) as unknown as Options['on_record'],
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(normalizer).pipe(parser);
  try {
    for await (const { record, lines } of parser as AsyncIterable<{ record: string[]; lines: number }>) {
      // csv-parse reports the line a record ends on; newlines inside quoted values give where it starts.
      let embedded = 0;
      for (const field of record) embedded += countNewlines(field);
      yield { line: lines - embedded, fields: record };
    }
  } catch (error) {
    const csvError = error as Partial<CsvError> & Error;
    if (typeof csvError.code === 'string' && csvError.code.startsWith('CSV_')) {
      // An unclosed quote is only noticed at the end of the file; the record after the last good one holds it.
      const line = csvError.code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : typeof csvError.lines === 'number' ? csvError.lines : undefined;
      const where = csvError.code === 'CSV_QUOTE_NOT_CLOSED' ? `a quote opened in the record starting on line ${line} is never closed` : csvError.message;
      throw new CsvSyntaxError(`Malformed CSV: ${where}`, line);
    }
    throw error;
  } finally {
    input.destroy();
  }
}

/** Line breaks in a value: LF, and a lone CR as csv-parse counts it (CRLF was already made LF). */
function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) count++;
  return count;
}
