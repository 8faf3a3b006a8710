import { appendFile, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../../lib/subgraph/createSubgraph.ts';
import type { LibraryPrisma } from '../../../../subgraphs/library/src/db.ts';
import { importFolder } from '../../../../subgraphs/library/src/ingest/importLibrary.ts';
import { MAX_TAG_LENGTH } from '../../../../subgraphs/library/src/ingest/libraryItem.ts';
import { readTags } from '../../../../subgraphs/library/src/ingest/readTags.ts';
import { librarySubgraph } from '../../../../subgraphs/library/src/module.ts';
import { musicFolder, type MusicFolder } from '../../../fixtures/audio/musicFolder.ts';
import { createTestSubgraph } from '../../../helpers/subgraph.ts';

const RADIOHEAD_MBID = 'a74b1b7f-71a5-4011-9441-d0b5e4122711';
const PARANOID = {
  title: 'Paranoid Android',
  artists: ['Radiohead'],
  album: 'OK Computer',
  albumArtist: 'Radiohead',
  trackNumber: 2,
  trackTotal: 12,
  discNumber: 1,
  year: 1997,
  genres: ['Alternative Rock', 'Art Rock'],
  isrc: 'GB-AYE-97-00089',
  musicbrainzRecordingId: 'b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74',
  musicbrainzAlbumId: 'a1c35a51-d102-4ce7-b7b0-8a4f68385bb2',
  musicbrainzArtistId: RADIOHEAD_MBID,
  durationSeconds: 383,
};

let library: Subgraph<LibraryPrisma, any>;
let folder: MusicFolder;
const account = 'acme';
const prisma = () => library.prisma;

beforeAll(async () => {
  library = await createTestSubgraph(librarySubgraph, { seed: false });
  folder = await musicFolder([
    { path: 'Radiohead/OK Computer/02 Paranoid Android.mp3', tags: PARANOID },
    { path: 'Radiohead/OK Computer/01 Airbag.flac', tags: { title: 'Airbag', artists: ['Radiohead'], album: 'OK Computer', albumArtist: 'Radiohead', trackNumber: 1, year: 1997, isrc: 'GBAYE9700088', durationSeconds: 284 } },
    { path: 'Daft Punk/Discovery/01 One More Time.m4a', tags: { title: 'One More Time', artists: ['Daft Punk'], album: 'Discovery', trackNumber: 1, discNumber: 1, year: 2001, genres: ['House'], durationSeconds: 320 } },
  ]);
}, 60_000);
afterAll(async () => {
  await library?.close();
  await folder?.remove();
});

describe('reads the tags of real files', () => {
  it('reads back what was written in MP3 (ID3v2.4), FLAC (Vorbis comments) and M4A (iTunes atoms)', async () => {
    for (const [format, tags] of [['mp3', PARANOID], ['flac', PARANOID], ['m4a', PARANOID]] as const) {
      const path = await folder.write({ path: `check/paranoid.${format}`, tags });
      const item = await readTags(path, path);
      expect(item).toMatchObject({
        title: 'Paranoid Android',
        artists: ['Radiohead'],
        album: 'OK Computer',
        albumArtist: 'Radiohead',
        trackNumber: 2,
        discNumber: 1,
        year: 1997,
        genres: ['Alternative Rock', 'Art Rock'],
        isrc: 'GBAYE9700089',
        musicbrainz: { recordingId: PARANOID.musicbrainzRecordingId, albumId: PARANOID.musicbrainzAlbumId, artistId: RADIOHEAD_MBID },
        serverSource: 'file',
      });
      expect(Math.abs(item.durationMs! - 383_000)).toBeLessThan(50);
    }
    await rm(join(folder.root, 'check'), { recursive: true });
  });

  it('cuts 10,000-character tags and drops control characters', async () => {
    const path = await folder.write({ path: 'hostile/long.mp3', tags: { title: `${'x'.repeat(10_000)}`, artists: [`Evil\u0007Artist ${'y'.repeat(10_000)}`], album: 'z'.repeat(10_000) } });
    const item = await readTags(path, path);
    expect(item.title).toHaveLength(MAX_TAG_LENGTH);
    expect(item.artists[0]).toMatch(/^Evil Artist y+$/);
    expect(item.artists[0]!.length).toBeLessThanOrEqual(MAX_TAG_LENGTH);
    await rm(join(folder.root, 'hostile'), { recursive: true });
  });
});

describe('imports a folder incrementally', () => {
  it('imports every file on the first scan: artists, albums, tracks and the MusicBrainz ids of the tags', async () => {
    const summary = await importFolder(prisma(), folder.root, { accountId: account });
    expect(summary).toMatchObject({ total: 3, read: 3, unchanged: 0, removed: 0, tracksCreated: 3, artistsCreated: 2, albumsCreated: 2, unreadable: 0, batches: 1 });
    const tracks = await prisma().track.findMany({ where: { accountId: account }, include: { album: true, artist: true, externalIds: true }, orderBy: { title: 'asc' } });
    expect(tracks.map((t) => [t.title, t.artist.name, t.album.title, t.trackNumber, t.isrc])).toEqual([
      ['Airbag', 'Radiohead', 'OK Computer', 1, 'GBAYE9700088'],
      ['One More Time', 'Daft Punk', 'Discovery', 1, null],
      ['Paranoid Android', 'Radiohead', 'OK Computer', 2, 'GBAYE9700089'],
    ]);
    const paranoid = tracks[2]!;
    expect(paranoid).toMatchObject({ discNumber: 1, durationMs: expect.any(Number), bitrate: expect.any(Number), serverSource: 'file', filePath: join(folder.root, 'Radiohead/OK Computer/02 Paranoid Android.mp3') });
    expect(paranoid.externalIds).toEqual([expect.objectContaining({ provider: 'MUSICBRAINZ', externalId: PARANOID.musicbrainzRecordingId, matchStatus: 'MATCHED' })]);
    expect(await prisma().artistExternalId.findMany({ where: { externalId: RADIOHEAD_MBID } })).toHaveLength(1);
    expect(paranoid.album.year).toBe(1997);
  });

  it('skips every file on a second scan, and writes nothing', async () => {
    const summary = await importFolder(prisma(), folder.root, { accountId: account });
    expect(summary).toMatchObject({ total: 3, read: 0, unchanged: 3, removed: 0, batches: 0, tracksCreated: 0 });
    expect(await prisma().track.count({ where: { accountId: account } })).toBe(3);
  });

  it('re-reads just the file that changed, updating its track in place', async () => {
    const before = await prisma().track.findFirstOrThrow({ where: { accountId: account, title: 'Airbag' } });
    await folder.write({ path: 'Radiohead/OK Computer/01 Airbag.flac', tags: { title: 'Airbag (Remastered)', artists: ['Radiohead'], album: 'OK Computer', albumArtist: 'Radiohead', trackNumber: 1, isrc: 'GBAYE9700088', durationSeconds: 284 } });
    await utimes(join(folder.root, 'Radiohead/OK Computer/01 Airbag.flac'), new Date(), new Date(Date.now() + 5000));
    const summary = await importFolder(prisma(), folder.root, { accountId: account });
    expect(summary).toMatchObject({ read: 1, unchanged: 2, tracksCreated: 0, tracksUpdated: 1, artistsCreated: 0, albumsCreated: 0 });
    expect(await prisma().track.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({ title: 'Airbag (Remastered)', enrichedAt: null });
  });

  it('marks a deleted file removed, keeps its track, and brings it back when it returns', async () => {
    const path = join(folder.root, 'Daft Punk/Discovery/01 One More Time.m4a');
    await rm(path);
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ removed: 1, read: 0, unchanged: 2 });
    expect(await prisma().libraryFile.findFirstOrThrow({ where: { path } })).toMatchObject({ removedAt: expect.any(Date) });
    expect(await prisma().track.count({ where: { accountId: account } })).toBe(3);
    await folder.write({ path: 'Daft Punk/Discovery/01 One More Time.m4a', tags: { title: 'One More Time', artists: ['Daft Punk'], album: 'Discovery', durationSeconds: 320 } });
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ removed: 0, read: 1, tracksUpdated: 1, tracksCreated: 0 });
    expect(await prisma().libraryFile.findFirstOrThrow({ where: { path } })).toMatchObject({ removedAt: null });
  });

  it('removes the artist and album a re-tagged track leaves empty, and only those', async () => {
    const path = 'Daft Punk/Discovery/01 One More Time.m4a';
    const bump = () => utimes(join(folder.root, path), new Date(), new Date(Date.now() + Math.random() * 1e6));
    // An artist an export listed without tracks is not the retag's to remove.
    await prisma().artist.create({ data: { accountId: account, name: 'Listed Without Tracks' } });
    await folder.write({ path, tags: { title: 'One More Time', artists: ['Thomas Bangalter'], album: 'Solo', durationSeconds: 320 } });
    await bump();
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ read: 1, tracksUpdated: 1, artistsCreated: 1, albumsCreated: 1 });
    const names = async () => (await prisma().artist.findMany({ where: { accountId: account }, orderBy: { name: 'asc' } })).map((a) => a.name);
    const albums = async () => (await prisma().album.findMany({ where: { accountId: account }, orderBy: { title: 'asc' } })).map((a) => a.title);
    expect(await names()).toEqual(['Listed Without Tracks', 'Radiohead', 'Thomas Bangalter']);
    expect(await albums()).toEqual(['OK Computer', 'Solo']);
    // And back: the interim artist and album go, Daft Punk's come again.
    await folder.write({ path, tags: { title: 'One More Time', artists: ['Daft Punk'], album: 'Discovery', durationSeconds: 320 } });
    await bump();
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ read: 1, tracksUpdated: 1 });
    expect(await names()).toEqual(['Daft Punk', 'Listed Without Tracks', 'Radiohead']);
    expect(await albums()).toEqual(['Discovery', 'OK Computer']);
    await prisma().artist.deleteMany({ where: { accountId: account, name: 'Listed Without Tracks' } });
  });

  it('reports a corrupt file by path and imports the rest; does not read it again until it changes', async () => {
    const corrupt = join(folder.root, 'broken/corrupt.mp3');
    await mkdir(join(folder.root, 'broken'));
    await writeFile(corrupt, Buffer.from('this is not an mp3 file at all, just text'.repeat(10)));
    // A FLAC stream cut inside its first metadata block.
    await writeFile(join(folder.root, 'broken/truncated.flac'), Buffer.concat([Buffer.from('fLaC'), Buffer.from([0, 0, 0, 34, 1, 2])]));
    await folder.write({ path: 'broken/fine.flac', tags: { title: 'Fine', artists: ['Someone'] } });
    const summary = await importFolder(prisma(), folder.root, { accountId: account });
    expect(summary).toMatchObject({ read: 3, unreadable: 2, tracksCreated: 1 });
    expect(summary.problems).toEqual([
      { path: corrupt, reason: 'no audio stream found: not an audio file, or damaged' },
      { path: join(folder.root, 'broken/truncated.flac'), reason: 'no audio stream found: not an audio file, or damaged' },
    ]);
    expect(await prisma().libraryFile.findFirstOrThrow({ where: { path: corrupt } })).toMatchObject({ trackId: null, error: expect.any(String) });
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ read: 0, unreadable: 0 });
    await appendFile(corrupt, 'more');
    expect(await importFolder(prisma(), folder.root, { accountId: account })).toMatchObject({ read: 1, unreadable: 1 });
  });

  it('keeps accounts apart: the same folder is a second library for another account', async () => {
    const summary = await importFolder(prisma(), folder.root, { accountId: 'other', batchSize: 2 });
    expect(summary).toMatchObject({ read: 6, tracksCreated: 4, unreadable: 2, batches: 3 });
    expect(await prisma().track.count({ where: { accountId: 'other' } })).toBe(4);
    expect(await prisma().track.count({ where: { accountId: account } })).toBe(4);
  });
});

describe('hostile folders', () => {
  it('does not follow symbolic links (loops, paths out of the folder) and reports them', async () => {
    const hostile = await musicFolder([{ path: 'a/song.mp3', tags: { title: 'Song', artists: ['A'] } }]);
    try {
      await symlink(hostile.root, join(hostile.root, 'a/loop'));
      await symlink('/etc', join(hostile.root, 'escape'));
      // A link out of the folder (built, so the repository's own paths stay inside it).
      await symlink(`${'../'.repeat(8)}etc/passwd`, join(hostile.root, 'a/passwd.mp3'));
      const summary = await importFolder(prisma(), hostile.root, { accountId: 'hostile' });
      expect(summary).toMatchObject({ total: 1, tracksCreated: 1 });
      expect(summary.skipped.map((p) => [p.path.slice(hostile.root.length), p.reason]).sort()).toEqual([
        ['/a/loop', 'symbolic link, not followed'],
        ['/a/passwd.mp3', 'symbolic link, not followed'],
        ['/escape', 'symbolic link, not followed'],
      ]);
    } finally {
      await hostile.remove();
    }
  });

  it('imports files whose names are not UTF-8, again and again under the same path', async () => {
    const hostile = await musicFolder([]);
    try {
      const { audioFile } = await import('../../../fixtures/audio/audioFiles.ts');
      // "Caf\xe9.mp3" in Latin-1, as old Windows rips name them.
      const name = Buffer.concat([Buffer.from(`${hostile.root}/Caf`), Buffer.from([0xe9]), Buffer.from('.mp3')]);
      await writeFile(name, audioFile('mp3', { title: 'Café', artists: ['Latin'] }));
      const first = await importFolder(prisma(), hostile.root, { accountId: 'latin1' });
      expect(first).toMatchObject({ total: 1, tracksCreated: 1, unreadable: 0 });
      expect(await prisma().libraryFile.findFirstOrThrow({ where: { accountId: 'latin1' } })).toMatchObject({ path: `${hostile.root}/Caf\\xe9.mp3` });
      expect(await importFolder(prisma(), hostile.root, { accountId: 'latin1' })).toMatchObject({ unchanged: 1, read: 0 });
    } finally {
      await hostile.remove();
    }
  });
});

describe('imports a media server export', () => {
  it('reads a Jellyfin export, skips it unchanged, and marks an item gone from the next export removed', async () => {
    const { importExport } = await import('../../../../subgraphs/library/src/ingest/importLibrary.ts');
    const item = (id: string, name: string) => ({
      Id: id,
      Name: name,
      Artists: ['Radiohead'],
      AlbumArtist: 'Radiohead',
      Album: 'OK Computer',
      IndexNumber: 2,
      ParentIndexNumber: 1,
      ProductionYear: 1997,
      Genres: ['Alternative'],
      RunTimeTicks: 3_830_000_000,
      Path: `/media/music/${name}.flac`,
      ProviderIds: { MusicBrainzTrack: PARANOID.musicbrainzRecordingId, MusicBrainzAlbum: PARANOID.musicbrainzAlbumId },
    });
    const file = join(folder.root, 'jellyfin.json');
    await writeFile(file, JSON.stringify({ Items: [item('j1', 'Paranoid Android'), item('j2', 'Airbag'), { Id: 'j3' }] }));
    const first = await importExport(prisma(), file, { accountId: 'jelly' });
    expect(first).toMatchObject({ total: 2, read: 2, tracksCreated: 2 });
    expect(first.skipped).toEqual([{ path: `${file} item 3`, reason: 'no title' }]);
    const track = await prisma().track.findFirstOrThrow({ where: { accountId: 'jelly', title: 'Paranoid Android' }, include: { album: true, externalIds: true } });
    expect(track).toMatchObject({ durationMs: 383_000, trackNumber: 2, discNumber: 1, serverSource: 'jellyfin', filePath: '/media/music/Paranoid Android.flac', album: { title: 'OK Computer', year: 1997 } });
    expect(track.externalIds).toEqual([expect.objectContaining({ provider: 'MUSICBRAINZ', externalId: PARANOID.musicbrainzRecordingId, matchStatus: 'MATCHED' })]);
    expect(await importExport(prisma(), file, { accountId: 'jelly' })).toMatchObject({ read: 0, unchanged: 2 });
    await writeFile(file, JSON.stringify({ Items: [item('j1', 'Paranoid Android')] }));
    expect(await importExport(prisma(), file, { accountId: 'jelly' })).toMatchObject({ read: 0, unchanged: 1, removed: 1 });
    await rm(file);
  });
});

describe('writes in batches', () => {
  it('writes a batch of new files in a constant number of statements, whatever its size', async () => {
    const { syntheticFolderFiles } = await import('../../../fixtures/audio/musicFolder.ts');
    const statementsFor = async (n: number, accountId: string) => {
      const many = await musicFolder(syntheticFolderFiles(n));
      const sql: string[] = [];
      const stop = library.onQuery((statement) => sql.push(statement));
      try {
        expect(await importFolder(prisma(), many.root, { accountId, batchSize: 500 })).toMatchObject({ tracksCreated: n, batches: 1 });
      } finally {
        stop();
        await many.remove();
      }
      return sql.length;
    };
    const small = await statementsFor(10, 'batch-small');
    expect(await statementsFor(200, 'batch-large')).toBe(small);
  }, 60_000);
});
