import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { CatalogHeaderError } from '../../../subgraphs/links/src/catalog/csvColumns.ts';
import { CsvSyntaxError } from '../../../subgraphs/links/src/catalog/csvRows.ts';
import { importCatalog } from '../../../subgraphs/links/src/catalog/importCatalog.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

/** Path of a CSV under test/fixtures/catalog. */
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/catalog/${name}`, import.meta.url));
const text = (name: string) => readFileSync(fixture(name), 'utf8');
const stream = (content: string) => Readable.from([Buffer.from(content, 'utf8')]);

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(() => links?.close());

const TRACK = /* GraphQL */ `
  query Track($isrc: String) {
    track(isrc: $isrc) { isrc title releaseTitle releaseDate durationSeconds bpm artists { name isPrimary } links { source externalId url } }
  }
`;
const track = async (isrc: string) => {
  const { data, errors } = await execute(links, TRACK, { isrc });
  expect(errors).toBeUndefined();
  return data?.track;
};

/** Everything an import may touch, to prove a failed one changed nothing. */
const snapshot = async () => ({
  tracks: await links.prisma.track.findMany({ orderBy: { isrc: 'asc' } }),
  links: await links.prisma.platformLink.findMany({ orderBy: { id: 'asc' } }),
  credits: await links.prisma.trackArtist.findMany({ orderBy: [{ trackId: 'asc' }, { position: 'asc' }] }),
  artists: await links.prisma.artist.findMany({ orderBy: { id: 'asc' } }),
});

describe('imports a catalog', () => {
  it('writes new tracks and updates known ones, with links and deep links', async () => {
    const summary = await importCatalog(links.prisma, fixture('catalog.csv'));
    expect(summary).toMatchObject({ rows: 3, inserted: 2, updated: 1, unchanged: 0, linksAdded: 4 + 1 + 9, ignoredColumns: [] });
    expect(summary.invalid.count + summary.conflicts.count + summary.duplicates.count + summary.warnings.count).toBe(0);

    const sayItRight = await track('USRC17607839');
    expect(sayItRight).toMatchObject({ title: 'Say It Right', releaseTitle: 'Loose', releaseDate: '2006-10-31', durationSeconds: 223 });
    expect(sayItRight.artists).toEqual([{ name: 'Nelly Furtado', isPrimary: true }, { name: 'Timbaland', isPrimary: false }]);
    expect(sayItRight.links).toContainEqual({ source: 'SPOTIFY', externalId: '7xYnUQigPoIDAMPVK79NEq', url: 'https://open.spotify.com/track/7xYnUQigPoIDAMPVK79NEq' });
    expect(sayItRight.links).toContainEqual({ source: 'YOUTUBE', externalId: 'fM7jBjJ0a3M', url: 'https://www.youtube.com/watch?v=fM7jBjJ0a3M' });
    expect(sayItRight.links).toHaveLength(4);
    expect((await track('USQX91300108')).links).toHaveLength(9);

    // A known track gains the row's values and keeps what the CSV cannot say (bpm, its six links).
    const oneMoreTime = await track('GBDUW0000053');
    expect(oneMoreTime).toMatchObject({ releaseDate: '2000-11-30', durationSeconds: 320, bpm: 123 });
    expect(oneMoreTime.links).toHaveLength(7);
  });

  it('is idempotent: a second run changes nothing and duplicates no link', async () => {
    const before = await snapshot();
    const summary = await importCatalog(links.prisma, fixture('catalog.csv'));
    expect(summary).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, linksAdded: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('reads a UTF-8 BOM and CRLF line endings', async () => {
    const summary = await importCatalog(links.prisma, stream(`\uFEFF${text('catalog.csv').replace(/\n/g, '\r\n')}`));
    expect(summary).toMatchObject({ rows: 3, unchanged: 3, ignoredColumns: [] });
  });

  it('takes header names in any case, trimmed, and lists unknown columns', async () => {
    const summary = await importCatalog(links.prisma, stream(' ISRC ,Title, ARTIST ,Release Date,Notes\nUSRC17607839,Say It Right,Nelly Furtado; Timbaland,2006-10-31,x\n'));
    expect(summary).toMatchObject({ rows: 1, unchanged: 1, ignoredColumns: ['Notes'] });
  });
});

describe('quoted fields', () => {
  it.each([
    ['LF', (csv: string) => csv],
    ['CRLF', (csv: string) => csv.replace(/\n/g, '\r\n')],
  ])('keeps commas, quotes and newlines in values and counts lines right (%s)', async (_name, endings) => {
    const summary = await importCatalog(links.prisma, stream(endings(text('quoted.csv'))));
    expect(summary.invalid.rows).toEqual([{ line: 8, reason: 'title is blank' }]);
    // A well-formed ISRC with a prefix the bundled list lacks is written, and counted.
    expect(summary.unknownPrefixes.rows).toEqual([{ line: 6, reason: 'ISRC XX0000000000: agency prefix "XX" is not in the bundled IFPI list (accepted)' }]);
    expect(summary.unknownPrefixCounts).toEqual({ XX: 1 });
    expect(await track('USRC17607870')).toMatchObject({ title: 'Say "Hello"', releaseTitle: 'Gratitude, Live', artists: [{ name: 'Earth, Wind & Fire' }] });
    expect(await track('USRC17607871')).toMatchObject({ title: 'Multi\nline\ntitle', artists: [{ name: 'Artist, With Comma' }] });
    expect((await track('USRC17607872')).artists).toEqual([{ name: 'A "quoted" artist', isPrimary: true }, { name: 'Second', isPrimary: false }]);
  });
});

describe('skips bad rows and writes the good ones', () => {
  it('reports each bad row with its line and every reason', async () => {
    const summary = await importCatalog(links.prisma, fixture('bad-rows.csv'));
    expect(summary).toMatchObject({ rows: 7, inserted: 4 });
    expect(summary.invalid.count).toBe(3);
    expect(summary.invalid.rows.map((row) => row.line)).toEqual([3, 4, 8]);
    const reasons = Object.fromEntries(summary.invalid.rows.map((row) => [row.line, row.reason]));
    expect(reasons[3]).toContain('isrc "GBDUW000005" must have 12 characters');
    expect(reasons[4]).toBe('title is blank');
    expect(reasons[8]).toBe('has 3 fields, the header has 6');
    // Optional values that fail are left out with the column and value; the row lands without them.
    expect(summary.warnings.rows).toEqual([
      { line: 5, reason: expect.stringMatching(/^spotify_id "notAnId" is not a SPOTIFY id \(.+\); not stored$/) },
      { line: 6, reason: 'release_date "1999" gives a year only, not a day; not stored' },
      { line: 7, reason: 'release_date "1999-13-01" is not a calendar day; not stored' },
    ]);
    expect(await track('USRC17607842')).toMatchObject({ title: 'Good One' });
    expect(await track('USRC17607845')).toMatchObject({ title: 'Good Two', releaseDate: null, durationSeconds: 181 });
    expect(await track('USRC17607844')).toMatchObject({ title: 'Bad Spotify', links: [] });
    expect(await track('USRC17607846')).toMatchObject({ title: 'Bad Date', releaseDate: null });
    expect(await track('USRC17607843')).toBeNull();
  });

  it('lets the later of two rows with one ISRC win, and says so', async () => {
    const summary = await importCatalog(links.prisma, fixture('duplicates.csv'));
    expect(summary).toMatchObject({ rows: 3, inserted: 2, updated: 1 });
    expect(summary.duplicates.rows).toEqual([{ line: 4, reason: 'ISRC USRC17607850 is also on line 2; this later row wins' }]);
    const winner = await track('USRC17607850');
    expect(winner).toMatchObject({ title: 'Second Title', releaseTitle: 'Album A' });
    expect(winner.artists.map((a: { name: string }) => a.name)).toEqual(['Artist A', 'Artist C']);
  });

  it('skips a row whose platform ID belongs to another track, in the database or earlier in the file', async () => {
    const summary = await importCatalog(links.prisma, fixture('conflict.csv'));
    expect(summary).toMatchObject({ rows: 3, inserted: 1 });
    expect(summary.conflicts.rows).toEqual([
      { line: 2, reason: 'SPOTIFY id "5W3cjX2J3tjhG8zb6u0qHn" already belongs to track GBDUW0000053' },
      { line: 4, reason: 'DEEZER id "1234509876" already belongs to track USRC17607861' },
    ]);
    expect(await track('USRC17607860')).toBeNull();
    expect(await track('USRC17607862')).toBeNull();
    expect((await track('USRC17607861')).links).toEqual([{ source: 'DEEZER', externalId: '1234509876', url: 'https://www.deezer.com/track/1234509876' }]);
    expect((await track('GBDUW0000053')).links).toContainEqual(expect.objectContaining({ source: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn' }));
  });
});

describe('stops cleanly when it cannot finish', () => {
  it('rejects a header without the required columns before writing', async () => {
    const before = await snapshot();
    await expect(importCatalog(links.prisma, fixture('missing-columns.csv'))).rejects.toThrow(CatalogHeaderError);
    await expect(importCatalog(links.prisma, fixture('missing-columns.csv'))).rejects.toThrow(/Missing required column "title"/);
    await expect(importCatalog(links.prisma, stream(''))).rejects.toThrow(/The file is empty/);
    await expect(importCatalog(links.prisma, stream('isrc,title,artist,apple_music_id,applemusic_id\n'))).rejects.toThrow(
      /Columns "apple_music_id" and "applemusic_id" hold the same field/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the batches committed before a failure, and a rerun of the file continues after them', async () => {
    const before = await snapshot();
    let calls = 0;
    const onProgress = () => {
      if (++calls === 2) throw new Error('boom');
    };
    // Batches of one row: the second commits, then the import stops.
    await expect(importCatalog(links.prisma, fixture('rollback.csv'), { batchSize: 1, onProgress })).rejects.toThrow('boom');
    expect(await track('USRC17607890')).not.toBeNull();
    expect(await track('USRC17607891')).not.toBeNull();
    expect(await track('USRC17607892')).toBeNull();
    expect(await links.prisma.catalogImport.count()).toBe(1);

    const resumed = await importCatalog(links.prisma, fixture('rollback.csv'), { batchSize: 1 });
    expect(resumed).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, linksAdded: 3, resumedAfterLine: 3, batches: 3 });
    expect(await track('USRC17607892')).toMatchObject({ title: 'Rollback Three' });
    expect(await links.prisma.catalogImport.count()).toBe(0);
    // Finished: the same file again is a new import that finds everything unchanged.
    const again = await importCatalog(links.prisma, fixture('rollback.csv'));
    expect(again).toMatchObject({ rows: 3, unchanged: 3, resumedAfterLine: null });
    expect((await snapshot()).tracks.length).toBe(before.tracks.length + 3);
  });

  it('counts every row once after a resume, though rows past the committed batch had been read ahead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-resume-'));
    const file = join(dir, 'catalog.csv');
    writeFileSync(
      file,
      [
        'isrc,title,artist,release_date',
        'USRC17607970,Ahead One,Resume Artist,2020-01-01',
        'USRC17607971,Ahead Two,Resume Artist,2020-01-02',
        'not-an-isrc,Bad One,Resume Artist,',
        'USRC17607972,Ahead Three,Resume Artist,2020',
        'USRC17607973,Ahead Four,Resume Artist,2020-01-04',
        'USRC17607974,,Resume Artist,',
        'USRC17607975,Ahead Five,Resume Artist,2020-01-05',
      ].join('\n'),
    );
    try {
      // The first batch commits and its progress report fails: the rows read past it meanwhile are not committed, nor counted.
      const failing = importCatalog(links.prisma, file, { batchSize: 2, onProgress: () => { throw new Error('stop'); } });
      await expect(failing).rejects.toThrow('stop');
      expect(await track('USRC17607971')).not.toBeNull();
      expect(await track('USRC17607972')).toBeNull();
      const resumed = await importCatalog(links.prisma, file, { batchSize: 2 });
      expect(resumed).toMatchObject({ rows: 7, inserted: 5, resumedAfterLine: 3 });
      expect(resumed.invalid.rows.map((item) => item.line)).toEqual([4, 7]);
      expect(resumed.warnings.rows.map((item) => item.line)).toEqual([5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing of a batch whose reading fails', async () => {
    const before = await snapshot();
    async function* failing() {
      yield Buffer.from('isrc,title,artist\nUSRC17607893,Never Written,Someone\n');
      throw new Error('disk gone');
    }
    await expect(importCatalog(links.prisma, Readable.from(failing()), { batchSize: 10 })).rejects.toThrow('disk gone');
    expect(await snapshot()).toEqual(before);
  });

  it('stops on malformed CSV and says where', async () => {
    const before = await snapshot();
    const failure = importCatalog(links.prisma, fixture('malformed.csv'), { batchSize: 10 });
    await expect(failure).rejects.toThrow(CsvSyntaxError);
    await expect(failure).rejects.toThrow('Malformed CSV: a quote opened in the record starting on line 3 is never closed');
    expect(await snapshot()).toEqual(before);
  });
});
