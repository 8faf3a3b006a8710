import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { findColumns } from '../../scripts/backfill/csvInput.ts';
import { UsageError } from '../../scripts/backfill/errors.ts';
import { planInput, searchTerms } from '../../scripts/backfill/plan.ts';
import { ADDED_COLUMNS, resultCells, type RowResult } from '../../scripts/backfill/rowResult.ts';
import { outputHeader, writeOutput } from '../../scripts/backfill/writeOutput.ts';
import { tempDir, writeCsv } from '../fixtures/backfill/csv.ts';

const matched: RowResult = {
  status: 'MATCHED',
  isrc: 'GBDUW0000053',
  trackId: 'trk_one',
  links: [
    { source: 'SPOTIFY', externalId: 'a' },
    { source: 'SPOTIFY', externalId: 'b' },
    { source: 'APPLE_MUSIC', externalId: '1440650' },
  ],
  matchedBy: 'isrc',
  reason: null,
};

describe('reads the Spotify export', () => {
  it('finds the columns in any case and order, artist optional', () => {
    expect(findColumns(['Title', ' ISRC ', 'extra', 'spotify_id'])).toEqual({ spotifyId: 3, isrc: 1, title: 0, artist: null });
    expect(findColumns(['spotify_id', 'isrc', 'title', 'artist'])).toEqual({ spotifyId: 0, isrc: 1, title: 2, artist: 3 });
  });

  it('names every missing required column', () => {
    expect(() => findColumns(['spotify_id', 'name'])).toThrow(/no "isrc", "title" columns/);
  });

  it('parses RFC 4180 (quotes, escaped quotes, line breaks in fields) after a BOM, and plans each row', async () => {
    const dir = await tempDir();
    const path = await writeCsv(
      dir,
      'in.csv',
      ['spotify_id,isrc,title,artist', 'a,GBDUW0000053,"One More Time, ""live""",Daft Punk', 'b,,"Paranoid\nAndroid",Radiohead', 'c, ,Creep — Radiohead,', 'd,,,'],
      true,
    );
    const plan = await planInput(path);
    expect(plan.header).toEqual(['spotify_id', 'isrc', 'title', 'artist']);
    expect(plan.rows).toEqual([
      { index: 0, kind: 'isrc', isrc: 'GBDUW0000053' },
      { index: 1, kind: 'search', terms: { artist: 'Radiohead', title: 'Paranoid\nAndroid' } },
      { index: 2, kind: 'search', terms: { artist: 'Radiohead', title: 'Creep' } },
      { index: 3, kind: 'empty' },
    ]);
  });

  it('rejects a malformed CSV, a missing file and an empty file as usage errors', async () => {
    const dir = await tempDir();
    await expect(planInput(await writeCsv(dir, 'ragged.csv', ['spotify_id,isrc,title', 'a,b']))).rejects.toThrow(UsageError);
    await expect(planInput(await writeCsv(dir, 'quote.csv', ['spotify_id,isrc,title', 'a,"b,c']))).rejects.toThrow(/not a valid CSV/);
    await expect(planInput(`${dir}/missing.csv`)).rejects.toThrow(/cannot read/);
    await expect(planInput(await writeCsv(dir, 'empty.csv', []))).rejects.toThrow(/is empty/);
  });
});

describe('splits titles without an artist as the guide does', () => {
  it.each([
    ['One More Time — Daft Punk', null, { title: 'One More Time', artist: 'Daft Punk' }],
    ['One More Time - Daft Punk', '', { title: 'One More Time', artist: 'Daft Punk' }],
    ['One More Time', '  ', { title: 'One More Time', artist: null }],
    ['One More Time - Radio Edit', 'Daft Punk', { title: 'One More Time - Radio Edit', artist: 'Daft Punk' }],
    [' - Daft Punk', null, { title: '- Daft Punk', artist: null }],
    ['', 'Daft Punk', null],
  ])('%j by %j', (title, artist, expected) => {
    expect(searchTerms(title, artist)).toEqual(expected);
  });
});

describe('writes the enriched CSV', () => {
  it('keeps every input column and adds one per platform, several IDs joined with |', () => {
    const cells = Object.fromEntries(ADDED_COLUMNS.map((column, i) => [column, resultCells(matched)[i]]));
    expect(cells).toMatchObject({ isrc_resolved: 'GBDUW0000053', track_id: 'trk_one', status: 'MATCHED', matched_by: 'isrc', spotify_ids: 'a|b', applemusic_id: '1440650', tidal_id: '' });
  });

  it('prefixes added columns the input already has', () => {
    expect(outputHeader(['spotify_id', 'Status'])).toEqual(['spotify_id', 'Status', 'isrc_resolved', 'track_id', 'backfill_status', ...ADDED_COLUMNS.slice(3)]);
  });

  it('streams the input again, quoting what needs it, and replaces the output whole', async () => {
    const dir = await tempDir();
    const input = await writeCsv(dir, 'in.csv', ['spotify_id,isrc,title,extra', 'a,GBDUW0000053,"One, ""More""",x', 'b,,"multi\nline",y'], true);
    const output = `${dir}/out.csv`;
    const other: RowResult = { status: 'NOT_FOUND', isrc: null, trackId: null, links: [], matchedBy: null, reason: 'searched "multi": no hit' };
    expect(await writeOutput(input, output, (i) => (i === 0 ? matched : other))).toBe(2);
    const records = parse(await readFile(output, 'utf8')) as string[][];
    expect(records[0]).toEqual(['spotify_id', 'isrc', 'title', 'extra', ...ADDED_COLUMNS]);
    expect(records[1]!.slice(0, 4)).toEqual(['a', 'GBDUW0000053', 'One, "More"', 'x']);
    expect(records[2]!.slice(0, 4)).toEqual(['b', '', 'multi\nline', 'y']);
    expect(records[2]![ADDED_COLUMNS.indexOf('reason') + 4]).toBe('searched "multi": no hit');
  });
});
