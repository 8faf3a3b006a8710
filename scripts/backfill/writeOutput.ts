import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { readCsvRecords } from './csvInput.ts';
import { ADDED_COLUMNS, resultCells, type RowResult } from './rowResult.ts';

/**
 * The header of the output: the input's columns unchanged, then
 * {@link ADDED_COLUMNS}; an added column whose name the input already uses
 * (say, an enriched file fed back in) gets a `backfill_` prefix.
 */
export function outputHeader(inputHeader: readonly string[]): string[] {
  const taken = new Set(inputHeader.map((name) => name.trim().toLowerCase()));
  return [...inputHeader, ...ADDED_COLUMNS.map((name) => (taken.has(name) ? `backfill_${name}` : name))];
}

/**
 * Writes the enriched CSV: streams the input again and appends each row's
 * result cells (`resultOf(index)`), quoting per RFC 4180. It writes a
 * temporary file beside `output` and renames it into place, so `output` is
 * never half written.
 */
export async function writeOutput(input: string, output: string, resultOf: (index: number) => RowResult): Promise<number> {
  const temporary = `${output}.${process.pid}.tmp`;
  let rows = 0;
  async function* records() {
    let header = true;
    for await (const record of readCsvRecords(input)) {
      if (header) {
        header = false;
        yield outputHeader(record);
        continue;
      }
      yield [...record, ...resultCells(resultOf(rows++))];
    }
  }
  try {
    await pipeline(records, stringify(), createWriteStream(temporary));
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return rows;
}
