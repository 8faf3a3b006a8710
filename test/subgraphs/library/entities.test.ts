import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import type { LibraryTrackRow } from '../../../subgraphs/library/src/loaders.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { LibraryTrack } from '../../../subgraphs/library/src/resolvers/LibraryTrack.ts';
import { testCaller } from '../../helpers/callers.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticLibraryTracks } from '../../../scripts/writeSyntheticCatalog.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

// The demo library is the demo account's.
const DEMO = testCaller('demo');
const run = (query: string, variables: Record<string, unknown>) => execute(library, query, variables, DEMO);

let library: Subgraph<LibraryPrisma, Context>;
let idOf: (title: string) => string;
beforeAll(async () => {
  library = await createTestSubgraph(librarySubgraph);
  const tracks = await library.prisma.track.findMany({ select: { id: true, title: true } });
  idOf = (title) => String(tracks.find((t) => t.title === title)!.id);
});
afterAll(() => library?.close());

describe('_entities Track (by isrc)', () => {
  const query = entitiesQuery('Track', 'isrc libraryTracks { id title artistName albumTitle isrc }');

  it('resolves every recording, normalizing the ISRC, with its library tracks (none when absent)', async () => {
    const { data, errors } = await run(query, {
      representations: [
        { __typename: 'Track', isrc: 'GBAYE9700074' },
        { __typename: 'Track', isrc: 'gb-aye-97-00074' },
        { __typename: 'Track', isrc: 'USQX91300108' },
        { __typename: 'Track', isrc: 'GBDUW0000053' },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { isrc: 'GBAYE9700074', libraryTracks: [{ id: idOf('Paranoid Android'), title: 'Paranoid Android', artistName: 'Radiohead', albumTitle: 'OK Computer', isrc: 'GBAYE9700074' }] },
      { isrc: 'GBAYE9700074', libraryTracks: [{ id: idOf('Paranoid Android'), title: 'Paranoid Android', artistName: 'Radiohead', albumTitle: 'OK Computer', isrc: 'GBAYE9700074' }] },
      { isrc: 'USQX91300108', libraryTracks: [] },
      { isrc: 'GBDUW0000053', libraryTracks: [{ id: idOf('One More Time'), title: 'One More Time', artistName: 'Daft Punk', albumTitle: 'Discovery', isrc: 'GBDUW0000053' }] },
    ]);
  });

  it('lists every library track of a recording found on several albums', async () => {
    const album = await library.prisma.album.create({ data: { accountId: 'demo', title: 'OKNOTOK 1997 2017', artist: { connect: { id: (await library.prisma.artist.findFirstOrThrow({ where: { name: 'Radiohead' } })).id } } } });
    const reissue = await library.prisma.track.create({ data: { accountId: 'demo', title: 'Paranoid Android', isrc: 'GBAYE9700074', albumId: album.id, artistId: album.artistId } });
    try {
      const { data } = await run(query, { representations: [{ __typename: 'Track', isrc: 'GBAYE9700074' }] });
      expect(data?._entities[0].libraryTracks.map((t: { id: string; albumTitle: string }) => [t.id, t.albumTitle])).toEqual([
        [idOf('Paranoid Android'), 'OK Computer'],
        [String(reissue.id), 'OKNOTOK 1997 2017'],
      ]);
    } finally {
      await library.prisma.album.delete({ where: { id: album.id } });
    }
  });

  it('joins a file without an ISRC by the recording its safe search match found, both ways', async () => {
    const album = await library.prisma.album.create({ data: { accountId: 'demo', title: 'Alive 2007', artist: { connect: { id: (await library.prisma.artist.findFirstOrThrow({ where: { name: 'Daft Punk' } })).id } } } });
    const live = await library.prisma.track.create({ data: { accountId: 'demo', title: 'One More Time (Live)', canonicalIsrc: 'ZZLIV0700001', matchMethod: 'SEARCH', albumId: album.id, artistId: album.artistId } });
    try {
      const { data } = await run(query, { representations: [{ __typename: 'Track', isrc: 'ZZLIV0700001' }] });
      expect(data?._entities[0].libraryTracks).toEqual([{ id: String(live.id), title: 'One More Time (Live)', artistName: 'Daft Punk', albumTitle: 'Alive 2007', isrc: null }]);
      const page = await run('{ libraryTracks(title: "One More Time (Live)") { nodes { isrc track { isrc } } } }', {});
      expect(page.data?.libraryTracks.nodes).toEqual([{ isrc: null, track: { isrc: 'ZZLIV0700001' } }]);
    } finally {
      await library.prisma.album.delete({ where: { id: album.id } });
    }
  });

  it('costs the same number of SQL statements for 100 known recordings, each in the library, as for 1', async () => {
    // Every other synthetic recording is in the library: 100 of 200, with artist and album, for an account of their own.
    const catalog = buildSyntheticCatalog(200);
    await writeSyntheticLibraryTracks(catalog, library.prisma, 'hundred');
    const inLibrary = catalog.filter((track) => track.inLibrary);
    const isrcs = (n: number) => inLibrary.slice(0, n).map(({ isrc }) => ({ __typename: 'Track', isrc }));
    const caller = testCaller('hundred');
    const one = await execute(library, query, { representations: isrcs(1) }, caller);
    const hundred = await execute(library, query, { representations: isrcs(100) }, caller);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities.map((track: { libraryTracks: { title: string; artistName: string; albumTitle: string }[] }) => track.libraryTracks)).toEqual(
      inLibrary.map((track) => [expect.objectContaining({ title: track.title, artistName: track.artist, albumTitle: track.album })]),
    );
    expect(hundred.sql.length).toBe(one.sql.length);
    // One statement for all ISRCs, artist and album joined in.
    expect(hundred.sql.length).toBe(1);
  });
});

describe('_entities LibraryTrack (by id)', () => {
  const query = entitiesQuery('LibraryTrack', 'id title artistName albumTitle trackNumber durationMs isrc track { __typename isrc }');

  it('resolves references in order, null for unknown or malformed ids', async () => {
    const { data, errors } = await run(query, {
      representations: [
        { __typename: 'LibraryTrack', id: idOf('Paranoid Android') },
        { __typename: 'LibraryTrack', id: '999999' },
        { __typename: 'LibraryTrack', id: 'abc' },
        { __typename: 'LibraryTrack', id: '99999999999' },
        { __typename: 'LibraryTrack', id: idOf('Airbag') },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      {
        id: idOf('Paranoid Android'),
        title: 'Paranoid Android',
        artistName: 'Radiohead',
        albumTitle: 'OK Computer',
        trackNumber: 2,
        durationMs: 383000,
        isrc: 'GBAYE9700074',
        track: { __typename: 'Track', isrc: 'GBAYE9700074' },
      },
      null,
      null,
      null,
      { id: idOf('Airbag'), title: 'Airbag', artistName: 'Radiohead', albumTitle: 'OK Computer', trackNumber: 1, durationMs: null, isrc: null, track: null },
    ]);
  });

  it('costs one statement for 100 known library tracks with their artists and albums, as for 1', async () => {
    await writeSyntheticLibraryTracks(buildSyntheticCatalog(200), library.prisma, 'hundred-ids');
    const known = (await library.prisma.track.findMany({ where: { accountId: 'hundred-ids' }, orderBy: { id: 'asc' }, include: { artist: true, album: true } }));
    const ids = (n: number) => known.slice(0, n).map(({ id }) => ({ __typename: 'LibraryTrack', id: String(id) }));
    const caller = testCaller('hundred-ids');
    const one = await execute(library, query, { representations: ids(1) }, caller);
    const hundred = await execute(library, query, { representations: ids(100) }, caller);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities.map((track: { title: string; artistName: string; albumTitle: string; track: { isrc: string } }) => [track.title, track.artistName, track.albumTitle, track.track.isrc])).toEqual(
      known.map((track) => [track.title, track.artist!.name, track.album!.title, track.isrc]),
    );
    expect(hundred.sql.length).toBe(one.sql.length);
    expect(hundred.sql.length).toBe(1);
  });
});

describe('LibraryTrack.track', () => {
  const resolveTrack = LibraryTrack.track as (row: LibraryTrackRow) => unknown;
  const row = { id: 2, title: 'Paranoid Android', artistName: 'Radiohead', albumTitle: 'OK Computer', trackNumber: 2, durationMs: 383000, isrc: 'GBAYE9700074', recordingIsrc: 'GBAYE9700074' } as LibraryTrackRow;

  it('is a federation reference by ISRC for the links subgraph to resolve', () => {
    expect(resolveTrack(row)).toEqual({ __typename: 'Track', isrc: 'GBAYE9700074' });
  });

  it("is the search match's recording when the file has no ISRC", () => {
    expect(resolveTrack({ ...row, isrc: null, recordingIsrc: 'GBAYE9700075' })).toEqual({ __typename: 'Track', isrc: 'GBAYE9700075' });
  });

  it('is null when the library track has no ISRC and no match', () => {
    expect(resolveTrack({ ...row, isrc: null, recordingIsrc: null })).toBeNull();
  });
});
