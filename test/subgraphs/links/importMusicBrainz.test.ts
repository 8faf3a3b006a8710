import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { importMusicBrainz, MusicBrainzDumpError } from '../../../subgraphs/links/src/catalog/musicbrainz/importMusicBrainz.ts';
import { recordingRows } from '../../../subgraphs/links/src/catalog/musicbrainz/recordingRows.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

/** The real sample: 28 recordings, 18 with ISRCs (see test/fixtures/musicbrainz/README.md). */
const SAMPLE = fileURLToPath(new URL('../../fixtures/musicbrainz', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'mb-dump-'));

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(async () => {
  await links?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const TRACK = `query ($isrc: String) { track(isrc: $isrc) { id title releaseDate durationSeconds artists { name isPrimary } links { source externalId url } } }`;
const track = async (isrc: string) => {
  const { data, errors } = await execute(links, TRACK, { isrc });
  expect(errors).toBeUndefined();
  return data?.track;
};

describe('import:musicbrainz on a real dump sample', () => {
  it('writes the recordings with ISRCs, their credits and MBIDs, and skips the others', async () => {
    const summary = await importMusicBrainz(links.prisma, SAMPLE);
    expect(summary).toMatchObject({ recordings: 28, withoutIsrc: 10, rows: 18, inserted: 18, linksAdded: 18 });
    expect(summary.invalid.count + summary.conflicts.count).toBe(0);
    expect(await track('GBAHS1400099')).toMatchObject({
      title: 'Thinking Out Loud',
      releaseDate: '2014-06-20',
      durationSeconds: 281,
      artists: [{ name: 'Ed Sheeran', isPrimary: true }],
      links: [{ source: 'MUSICBRAINZ', externalId: 'cb2cc207-8125-445c-9ef9-6ea44eee959a', url: expect.stringContaining('cb2cc207-8125-445c-9ef9-6ea44eee959a') }],
    });
    // The ISRC link: the MBID finds the same track.
    const { data, errors } = await execute(links, `query { track(source: MUSICBRAINZ, externalId: "cb2cc207-8125-445c-9ef9-6ea44eee959a") { isrc } }`);
    expect(errors).toBeUndefined();
    expect(data?.track).toEqual({ isrc: 'GBAHS1400099' });
  });

  it('is idempotent: a rerun changes nothing', async () => {
    const before = await links.prisma.track.findMany({ orderBy: { isrc: 'asc' } });
    const summary = await importMusicBrainz(links.prisma, SAMPLE);
    expect(summary).toMatchObject({ recordings: 28, rows: 18, inserted: 0, updated: 0, unchanged: 18, linksAdded: 0 });
    expect(await links.prisma.track.findMany({ orderBy: { isrc: 'asc' } })).toEqual(before);
  });

  it('says where the recording file should be', async () => {
    await expect(importMusicBrainz(links.prisma, scratch)).rejects.toThrow(MusicBrainzDumpError);
    await expect(importMusicBrainz(links.prisma, scratch)).rejects.toThrow(/expected mbdump\/recording/);
  });
});

describe('recording lines', () => {
  // Constructed in the dump's shape to cover what the ten-line sample does not (several ISRCs, releases, bad lines).
  const recording = {
    id: '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41',
    title: 'Song',
    length: 200400,
    isrcs: ['usabc2400002', 'USABC2400001', 'USABC2400001'],
    'artist-credit': [{ name: 'Main', joinphrase: ' feat. ', artist: { name: 'Main' } }, { name: 'Guest; With Semicolon', joinphrase: '', artist: { name: 'Guest' } }],
    releases: [
      { title: 'Later Official', date: '2021-05-01', status: 'Official' },
      { title: 'Bootleg', date: '2019', status: 'Bootleg' },
      { title: 'First Official', date: '2020-01-02', status: 'Official' },
    ],
  };

  it('gives a row per distinct ISRC, the MBID on the first only, credits as MusicBrainz writes them', () => {
    const rows = recordingRows(7, JSON.stringify(recording));
    expect(rows.map((row) => row.ok && row.values.isrc)).toEqual(['USABC2400001', 'USABC2400002']);
    const [first, second] = rows.map((row) => (row.ok ? row.values : null));
    expect(first).toMatchObject({
      title: 'Song',
      releaseTitle: 'First Official',
      releaseDate: new Date('2020-01-02T00:00:00Z'),
      durationSeconds: 200,
      artists: [{ name: 'Main', isPrimary: true }, { name: 'Guest; With Semicolon', isPrimary: false }],
      links: [{ platform: 'MUSICBRAINZ', externalId: '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41' }],
    });
    expect(second?.links).toEqual([]);
  });

  it('reports a line that is not a recording, and one with a malformed ISRC', () => {
    expect(recordingRows(3, '{"id": ')).toEqual([expect.objectContaining({ line: 3, ok: false, reason: expect.stringMatching(/^is not JSON/) })]);
    expect(recordingRows(4, '[1]')).toEqual([expect.objectContaining({ ok: false, reason: 'is not a JSON object (a MusicBrainz recording)' })]);
    const [bad] = recordingRows(5, JSON.stringify({ ...recording, isrcs: ['XX12'] }));
    expect(bad).toMatchObject({ ok: false, reason: expect.stringContaining('must have 12 characters') });
    expect(recordingRows(6, JSON.stringify({ ...recording, isrcs: [] }))).toEqual([]);
  });

  it('imports a dump with several ISRCs per recording and resumes after an interruption', async () => {
    const dir = join(scratch, 'multi');
    rmSync(dir, { recursive: true, force: true });
    const lines = [0, 1, 2].map((n) => JSON.stringify({ ...recording, id: `0b5e7c1a-2f3d-4e5f-8a9b-c0d1e2f3a4b${n}`, isrcs: [`USMBZ240${n}001`, `USMBZ240${n}002`] }));
    writeFileSync(join(scratch, 'recording'), `${lines.join('\n')}\nnot json\n`);
    let calls = 0;
    const stop = () => {
      if (++calls === 1) throw new Error('stopped');
    };
    // A batch fills at two rows but is written at the end of a line: the first recording whole.
    await expect(importMusicBrainz(links.prisma, scratch, { batchSize: 2, onProgress: stop })).rejects.toThrow('stopped');
    expect(await track('USMBZ2400002')).not.toBeNull();
    expect(await track('USMBZ2401001')).toBeNull();
    const resumed = await importMusicBrainz(links.prisma, scratch, { batchSize: 2 });
    expect(resumed).toMatchObject({ resumedAfterLine: 1, rows: 7, inserted: 6, linksAdded: 3 });
    expect(resumed.invalid.rows).toEqual([{ line: 4, reason: expect.stringMatching(/^is not JSON/) }]);
    expect((await track('USMBZ2402001')).links).toEqual([expect.objectContaining({ source: 'MUSICBRAINZ', externalId: '0b5e7c1a-2f3d-4e5f-8a9b-c0d1e2f3a4b2' })]);
    expect((await track('USMBZ2402002')).links).toEqual([]);
  });
});
