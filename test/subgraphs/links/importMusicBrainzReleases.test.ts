import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { importMusicBrainz } from '../../../subgraphs/links/src/catalog/musicbrainz/importMusicBrainz.ts';
import { importMusicBrainzReleases } from '../../../subgraphs/links/src/catalog/musicbrainz/importReleases.ts';
import { releaseRow } from '../../../subgraphs/links/src/catalog/musicbrainz/releaseRows.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

/** The real sample: 28 recordings, 11 releases (see test/fixtures/musicbrainz/README.md). */
const SAMPLE = fileURLToPath(new URL('../../fixtures/musicbrainz', import.meta.url));
const RELEASES = readFileSync(join(SAMPLE, 'mbdump', 'release'), 'utf8').trim().split('\n');
const scratch = mkdtempSync(join(tmpdir(), 'mb-releases-'));

let links: Subgraph<LinksPrisma, Context>;
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
});
afterAll(async () => {
  await links?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const RELEASES_OF = `query ($isrc: String) { track(isrc: $isrc) { title releases { title upc releaseDate artist { name } } } }`;
const releasesOf = async (isrc: string) => {
  const { data, errors } = await execute(links, RELEASES_OF, { isrc });
  expect(errors).toBeUndefined();
  return data?.track;
};
const counts = async () => ({ releases: await links.prisma.release.count(), trackReleases: await links.prisma.trackRelease.count(), artists: await links.prisma.artist.count() });

describe('import:musicbrainz with the release dump of the real sample', () => {
  it('writes the releases of known recordings, linked to their tracks, and skips the others', async () => {
    const summary = await importMusicBrainz(links.prisma, SAMPLE);
    expect(summary).toMatchObject({ recordings: 28, withoutIsrc: 10, rows: 18, inserted: 18 });
    expect(summary.releases).toMatchObject({ releases: 11, inserted: 8, updated: 0, unchanged: 0, withoutKnownTracks: 3, trackLinksAdded: 75 });
    expect(summary.releases!.invalid.count).toBe(0);
    // Three pressings repeat another's barcode: the first keeps the UPC, the others are stored without.
    expect(summary.releases!.warnings.rows).toEqual([
      { line: 2, reason: expect.stringMatching(/^release b3b7e934-445b-4c68-a097-730c6a6d47e6: UPC 4942463511227 already belongs to release 0385f276-5f4f-4c81-a7a4-6bd7b8d85a7e/) },
      { line: 6, reason: expect.stringContaining('UPC 724384761028 already belongs to release 91d36d01-a898-426d-bc28-35ee5b7a7b6b') },
      { line: 10, reason: expect.stringContaining('UPC 9326165000435 already belongs to release 7e188ed0-249a-3f43-a13e-0a5085b1ab4b') },
    ]);
    expect(await counts()).toMatchObject({ releases: 8, trackReleases: 75 });
    const stored = await links.prisma.release.findUnique({ where: { musicbrainzId: '5199f302-99bc-3c80-a9ec-dffd68867c10' }, include: { artist: true, _count: { select: { tracks: true } } } });
    expect(stored).toMatchObject({ title: 'Surrender', upc: '724384884901', releaseDate: new Date('2000-01-25T00:00:00Z'), artist: { name: 'The Chemical Brothers' }, _count: { tracks: 14 } });
    // The releases without a known recording wrote nothing.
    expect(await links.prisma.release.findUnique({ where: { musicbrainzId: 'dd66bfdd-6097-32e3-91b6-67f47ba25d4c' } })).toBeNull();
  });

  it('shows the releases in Track.releases through the subgraph', async () => {
    const track = await releasesOf('JPA600102450');
    expect(track.title).toBe('サマーれげぇ!レインボー');
    expect(track.releases).toHaveLength(2);
    expect(track.releases).toEqual(expect.arrayContaining([
      { title: 'サマーれげぇ!レインボー', upc: '4942463511227', releaseDate: '2001-07-04', artist: { name: '7人祭' } },
      { title: 'Summer Reggae! Rainbow', upc: null, releaseDate: '2001-07-04', artist: { name: '7人祭' } },
    ]));
  });

  it('is idempotent: a rerun writes nothing', async () => {
    const before = await counts();
    const rows = await links.prisma.release.findMany({ orderBy: { id: 'asc' } });
    const summary = await importMusicBrainz(links.prisma, SAMPLE);
    expect(summary.releases).toMatchObject({ releases: 11, inserted: 0, updated: 0, unchanged: 8, withoutKnownTracks: 3, trackLinksAdded: 0 });
    expect(await counts()).toEqual(before);
    expect(await links.prisma.release.findMany({ orderBy: { id: 'asc' } })).toEqual(rows);
  });

  it('resumes after an interruption mid-file without reading the recordings again, and reports a malformed line with its number', async () => {
    await links.prisma.trackRelease.deleteMany();
    await links.prisma.release.deleteMany();
    // Generated perturbation: the real release lines with a truncated line 4 inserted.
    const dir = join(scratch, 'interrupted');
    mkdirSync(join(dir, 'mbdump'), { recursive: true });
    copyFileSync(join(SAMPLE, 'mbdump', 'recording'), join(dir, 'mbdump', 'recording'));
    const file = join(dir, 'mbdump', 'release');
    writeFileSync(file, [...RELEASES.slice(0, 3), RELEASES[3]!.slice(0, 40), ...RELEASES.slice(3)].join('\n') + '\n');
    // Stop after the first batch of releases (the release file is the one of this size).
    let stopped = false;
    const stop = (progress: { totalBytes?: number }) => {
      if (!stopped && progress.totalBytes === statSync(file).size) {
        stopped = true;
        throw new Error('stopped');
      }
    };
    await expect(importMusicBrainz(links.prisma, dir, { batchSize: 2, onProgress: stop })).rejects.toThrow('stopped');
    expect(await links.prisma.release.count()).toBe(2);
    const resumed = await importMusicBrainz(links.prisma, dir, { batchSize: 2 });
    expect(resumed).toMatchObject({ recordingsSkipped: true, recordings: 0, rows: 0 });
    expect(resumed.releases).toMatchObject({ resumedAfterLine: 2, releases: 12, inserted: 8, withoutKnownTracks: 3, trackLinksAdded: 75 });
    expect(resumed.releases!.invalid.rows).toEqual([{ line: 4, reason: expect.stringMatching(/^is not JSON/) }]);
    expect(await counts()).toMatchObject({ releases: 8, trackReleases: 75 });
    // Finished: a further run is a new import, recordings included.
    expect(await importMusicBrainz(links.prisma, dir)).toMatchObject({ recordingsSkipped: false, recordings: 28, unchanged: 18, releases: { unchanged: 8, trackLinksAdded: 0 } });
  });

  it('keeps a release whose barcode is not a valid UPC, without UPC and with a warning', async () => {
    // Generated perturbation of a real line: its barcode with the check digit changed.
    const release = JSON.parse(RELEASES[4]!) as { barcode: string };
    const line = JSON.stringify({ ...release, barcode: '9326165000436' });
    const row = releaseRow(5, line);
    expect(row).toMatchObject({ ok: true, values: { upc: null }, warnings: [expect.stringContaining('barcode "9326165000436" is not a valid UPC/EAN (GS1 check digit must be 5, got 6)')] });
    const dir = join(scratch, 'invalid-barcode');
    mkdirSync(dir);
    writeFileSync(join(dir, 'release'), `${line}\n`);
    const summary = await importMusicBrainzReleases(links.prisma, join(dir, 'release'));
    expect(summary).toMatchObject({ releases: 1, updated: 1 });
    expect(summary.warnings.rows).toEqual([{ line: 1, reason: expect.stringContaining('is not a valid UPC/EAN') }]);
    expect(await links.prisma.release.findUnique({ where: { musicbrainzId: '7e188ed0-249a-3f43-a13e-0a5085b1ab4b' } })).toMatchObject({ upc: null, title: 'Surrender' });
  });

  it('moves a UPC to the release that shares it once its holder drops it, in one run whatever the order', async () => {
    await links.prisma.trackRelease.deleteMany();
    await links.prisma.release.deleteMany();
    // Real lines 4 and 6 share barcode 724384761028; then (generated perturbation) line 4 loses it, listed after line 6.
    const file = join(scratch, 'upc-move');
    writeFileSync(file, `${RELEASES[3]}\n${RELEASES[5]}\n`);
    expect((await importMusicBrainzReleases(links.prisma, file)).warnings.count).toBe(1);
    writeFileSync(file, `${RELEASES[5]}\n${JSON.stringify({ ...JSON.parse(RELEASES[3]!), barcode: '' })}\n`);
    expect(await importMusicBrainzReleases(links.prisma, file)).toMatchObject({ updated: 2, warnings: { count: 0 } });
    const upcOf = async (musicbrainzId: string) => (await links.prisma.release.findUnique({ where: { musicbrainzId } }))?.upc;
    expect(await upcOf('b4820c33-41f0-3fd5-854e-8b9f98a60b50')).toBe('724384761028');
    expect(await upcOf('91d36d01-a898-426d-bc28-35ee5b7a7b6b')).toBeNull();
    expect(await importMusicBrainzReleases(links.prisma, file)).toMatchObject({ unchanged: 2 });
  });

  it('takes over a release another source stored with the same UPC and no MBID', async () => {
    await links.prisma.trackRelease.deleteMany();
    await links.prisma.release.deleteMany();
    const other = await links.prisma.release.create({ data: { title: 'Surrender (from a CSV)', upc: '724384761080' } });
    const summary = await importMusicBrainzReleases(links.prisma, join(SAMPLE, 'mbdump', 'release'));
    expect(summary).toMatchObject({ inserted: 7, updated: 1, trackLinksAdded: 75 });
    expect(await links.prisma.release.findUnique({ where: { id: other.id } })).toMatchObject({ musicbrainzId: '46706d7e-f543-379c-a626-b0f0f0e7fbb4', title: 'Surrender', upc: '724384761080' });
    expect(await links.prisma.release.count()).toBe(8);
  });
});

describe('release lines', () => {
  const real = JSON.parse(RELEASES[0]!) as Record<string, unknown>;

  it('reads the MBID, title, barcode, full date, first credit and recordings of a real line', () => {
    expect(releaseRow(1, RELEASES[0]!)).toEqual({
      line: 1,
      ok: true,
      warnings: [],
      values: {
        musicbrainzId: '0385f276-5f4f-4c81-a7a4-6bd7b8d85a7e',
        title: 'サマーれげぇ!レインボー',
        upc: '4942463511227',
        releaseDate: '2001-07-04',
        artist: '7人祭',
        recordings: ['162630d9-36d2-4a8d-ade1-1c77440b34e7', '487cac92-eed5-4efa-8563-c9a818079b9a', 'eb818aa4-d472-4d2b-b1a9-7fe5f1c7d26e'],
        isrcs: ['JPA600102450', 'JPA600102460', 'JPA600102459'],
      },
    });
  });

  it('keeps a year-only date and an empty barcode out without complaint (real lines 9 and 3)', () => {
    expect(releaseRow(9, RELEASES[8]!)).toMatchObject({ ok: true, warnings: [], values: { releaseDate: null, upc: null } });
    expect(releaseRow(3, RELEASES[2]!)).toMatchObject({ ok: true, warnings: [], values: { upc: null, releaseDate: '1999-09-13' } });
  });

  it('refuses lines that are not releases', () => {
    expect(releaseRow(2, '[]')).toEqual({ line: 2, ok: false, reason: 'is not a JSON object (a MusicBrainz release)' });
    expect(releaseRow(3, JSON.stringify({ ...real, id: 'nope' }))).toMatchObject({ ok: false, reason: 'release id "nope" is not a MusicBrainz ID (a UUID)' });
    expect(releaseRow(4, JSON.stringify({ ...real, title: ' ' }))).toMatchObject({ ok: false, reason: expect.stringContaining('has no title') });
  });
});
