import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { encodeCursor } from '../../../lib/pagination.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { testCaller } from '../../helpers/callers.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticLibraryTracks } from '../../../scripts/writeSyntheticCatalog.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

// The demo library is the demo account's; "other" owns a library of its own with the same IDs in it.
const DEMO = testCaller('demo');
const OTHER = testCaller('other');

let library: Subgraph<LibraryPrisma, Context>;
let ids: { radiohead: string; okComputer: string; paranoid: string; otherArtist: string; otherAlbum: string; otherTrack: string };
beforeAll(async () => {
  library = await createTestSubgraph(librarySubgraph);
  const radiohead = await library.prisma.artist.findFirstOrThrow({ where: { accountId: 'demo', name: 'Radiohead' } });
  const okComputer = await library.prisma.album.findFirstOrThrow({ where: { accountId: 'demo', title: 'OK Computer' } });
  const paranoid = await library.prisma.track.findFirstOrThrow({ where: { accountId: 'demo', title: 'Paranoid Android' } });
  // Another account's library: the same artist, Spotify ID and ISRC, an accented name, two discs.
  const other = await library.prisma.artist.create({
    data: { accountId: 'other', name: 'Radiohead', genres: ['secret genre'], externalIds: { create: { provider: 'SPOTIFY', externalId: '4Z8W4fKeB5YxbusRsdQVPb', matchStatus: 'MATCHED' } } },
  });
  const sigur = await library.prisma.artist.create({ data: { accountId: 'other', name: 'Sigur Rós' } });
  const album = await library.prisma.album.create({ data: { accountId: 'other', artistId: other.id, title: 'Private Album', year: 2000 } });
  await library.prisma.album.create({ data: { accountId: 'other', artistId: sigur.id, title: 'Ágætis byrjun', year: 1999, recordType: 'ALBUM' } });
  const track = await library.prisma.track.create({ data: { accountId: 'other', artistId: other.id, albumId: album.id, title: 'Private Track', isrc: 'GBAYE9700074', discNumber: 2, trackNumber: 1 } });
  await library.prisma.track.create({ data: { accountId: 'other', artistId: other.id, albumId: album.id, title: 'Disc One Closer', discNumber: 1, trackNumber: 9 } });
  ids = { radiohead: String(radiohead.id), okComputer: String(okComputer.id), paranoid: String(paranoid.id), otherArtist: String(other.id), otherAlbum: String(album.id), otherTrack: String(track.id) };
});
afterAll(() => library?.close());

const run = (query: string, variables: Record<string, unknown> = {}, caller: Caller | null = DEMO) => execute(library, query, variables, caller);

async function data(query: string, variables: Record<string, unknown> = {}, caller = DEMO) {
  const result = await run(query, variables, caller);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('the reference examples on the demo data', () => {
  it('libraryArtist: the artist detail with external IDs, enrichment, counts and albums', async () => {
    const { libraryArtist } = await data(`query($id: ID!) { libraryArtist(id: $id) {
      name genres style mood label serverSource createdAt albumCount trackCount
      externalIds { source id url } enrichment { source status lastAttemptedAt }
      albums { title year } canonicalTracks { __typename isrc } } }`, { id: ids.radiohead });
    expect(libraryArtist).toMatchObject({ name: 'Radiohead', genres: ['alternative rock', 'art rock', 'experimental'], label: 'XL Recordings', createdAt: '2025-12-01T14:30:00.000Z', albumCount: 2, trackCount: 3 });
    expect(libraryArtist.externalIds).toEqual([
      { source: 'MUSICBRAINZ', id: 'a74b1b7f-71a5-4011-9441-d0b5e4122711', url: 'https://musicbrainz.org/artist/a74b1b7f-71a5-4011-9441-d0b5e4122711' },
      { source: 'SPOTIFY', id: '4Z8W4fKeB5YxbusRsdQVPb', url: 'https://open.spotify.com/artist/4Z8W4fKeB5YxbusRsdQVPb' },
      { source: 'APPLE_MUSIC', id: '657515', url: 'https://music.apple.com/artist/657515' },
      { source: 'DEEZER', id: '399', url: 'https://www.deezer.com/artist/399' },
      { source: 'AUDIODB', id: '111239', url: 'https://www.theaudiodb.com/artist/111239' },
    ]);
    expect(libraryArtist.enrichment).toHaveLength(5);
    expect(libraryArtist.enrichment[0]).toEqual({ source: 'MUSICBRAINZ', status: 'MATCHED', lastAttemptedAt: '2026-01-10T08:00:00.000Z' });
    expect(libraryArtist.albums).toEqual([{ title: 'OK Computer', year: 1997 }, { title: 'A Moon Shaped Pool', year: 2016 }]);
    expect(libraryArtist.canonicalTracks).toEqual([{ __typename: 'Track', isrc: 'GBAYE9700074' }]);
  });

  it('libraryAlbum: the album detail with its tracks in disc and track order', async () => {
    const { libraryAlbum } = await data(`query($id: ID!) { libraryAlbum(id: $id) { title year recordType label explicit durationMs artist { name }
      externalIds { source url } tracks { trackNumber title track { isrc } } canonicalTracks { isrc } } }`, { id: ids.okComputer });
    expect(libraryAlbum).toMatchObject({ title: 'OK Computer', year: 1997, recordType: 'ALBUM', label: 'Parlophone', explicit: false, durationMs: 3198000, artist: { name: 'Radiohead' } });
    expect(libraryAlbum.externalIds.map((e: { url: string }) => e.url)).toContain('https://musicbrainz.org/release/a1c35a51-d102-4ce7-b7b0-8a4f68385bb2');
    expect(libraryAlbum.tracks).toEqual([
      { trackNumber: 1, title: 'Airbag', track: null },
      { trackNumber: 2, title: 'Paranoid Android', track: { isrc: 'GBAYE9700074' } },
      { trackNumber: 3, title: 'Subterranean Homesick Alien', track: null },
    ]);
    expect(libraryAlbum.canonicalTracks).toEqual([{ isrc: 'GBAYE9700074' }]);
  });

  it('libraryTrack: the track detail; enrichment lists only sources ever tried', async () => {
    const { libraryTrack } = await data(`query($id: ID!) { libraryTrack(id: $id) { title artistName albumTitle discNumber trackNumber durationMs filePath bitrate bpm explicit style mood
      artist { name } album { title } externalIds { source id url } enrichment { source status } } }`, { id: ids.paranoid });
    expect(libraryTrack).toMatchObject({ title: 'Paranoid Android', artistName: 'Radiohead', albumTitle: 'OK Computer', discNumber: 1, trackNumber: 2, durationMs: 383000, bitrate: 1024, bpm: 82.5, explicit: false, style: 'Art Rock', mood: 'Anxious' });
    expect(libraryTrack.externalIds.map((e: { url: string }) => e.url)).toEqual([
      'https://musicbrainz.org/recording/b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74',
      'https://open.spotify.com/track/6LgJvl0Xdtc73RJ1mN1a7Z',
      'https://music.apple.com/song/1097863011',
      'https://www.deezer.com/track/119606528',
    ]);
    expect(libraryTrack.enrichment.map((e: { source: string }) => e.source)).toEqual(['MUSICBRAINZ', 'SPOTIFY', 'APPLE_MUSIC', 'DEEZER']);
  });

  it('libraryLookup: by Spotify artist ID, MusicBrainz recording ID, Apple Music album ID; null when absent', async () => {
    const lookup = `query($type: LibraryItemType!, $source: LibrarySource!, $id: String!) { libraryLookup(type: $type, source: $source, id: $id) {
      __typename ... on LibraryArtist { id name } ... on LibraryAlbum { id title } ... on LibraryTrack { id title } } }`;
    expect((await data(lookup, { type: 'ARTIST', source: 'SPOTIFY', id: '4Z8W4fKeB5YxbusRsdQVPb' })).libraryLookup).toEqual({ __typename: 'LibraryArtist', id: ids.radiohead, name: 'Radiohead' });
    expect((await data(lookup, { type: 'TRACK', source: 'MUSICBRAINZ', id: 'b3e2b7e0-a147-4b3c-8eab-fd90bfff7e74' })).libraryLookup).toEqual({ __typename: 'LibraryTrack', id: ids.paranoid, title: 'Paranoid Android' });
    expect((await data(lookup, { type: 'ALBUM', source: 'APPLE_MUSIC', id: '1097862703' })).libraryLookup).toEqual({ __typename: 'LibraryAlbum', id: ids.okComputer, title: 'OK Computer' });
    expect((await data(lookup, { type: 'ALBUM', source: 'SPOTIFY', id: '4Z8W4fKeB5YxbusRsdQVPb' })).libraryLookup).toBeNull();
  });

  it('libraryGenres, recentlyAdded and libraryStats', async () => {
    const result = await data(`{ libraryGenres { name count } albums: libraryGenres(source: ALBUMS) { name count }
      recentlyAdded(type: ALBUM, first: 2) { __typename ... on LibraryAlbum { title year } }
      tracks: recentlyAdded(type: TRACK, first: 1) { __typename }
      libraryStats { artists albums tracks lastUpdatedAt } }`);
    expect(result.libraryGenres).toEqual(expect.arrayContaining([{ name: 'electro', count: 1 }, { name: 'alternative rock', count: 1 }]));
    expect(result.libraryGenres.find((g: { name: string }) => g.name === 'secret genre')).toBeUndefined();
    expect(result.albums).toEqual(expect.arrayContaining([{ name: 'alternative rock', count: 1 }, { name: 'art rock', count: 1 }]));
    expect(result.recentlyAdded).toHaveLength(2);
    expect(result.tracks).toEqual([{ __typename: 'LibraryTrack' }]);
    expect(result.libraryStats).toMatchObject({ artists: 2, albums: 3, tracks: 4 });
    expect(result.libraryStats.lastUpdatedAt).toEqual(expect.any(String));
  });
});

describe('lists and filters', () => {
  const ARTISTS = `query($search: String, $letter: String, $watch: LibraryWatchFilter, $first: Int, $after: String) {
    libraryArtists(search: $search, letter: $letter, watch: $watch, first: $first, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`;
  const ALBUMS = `query($search: String, $artistId: ID, $year: Int, $recordType: LibraryRecordType) {
    libraryAlbums(search: $search, artistId: $artistId, year: $year, recordType: $recordType) { totalCount nodes { title } } }`;

  it('libraryArtists by search (accents ignored), letter and page', async () => {
    expect((await data(ARTISTS, { search: 'RADIO' })).libraryArtists.nodes).toEqual([{ name: 'Radiohead' }]);
    expect((await data(ARTISTS, { search: 'sigur ros' }, OTHER)).libraryArtists.nodes).toEqual([{ name: 'Sigur Rós' }]);
    expect((await data(ARTISTS, { letter: 'S' }, OTHER)).libraryArtists.nodes).toEqual([{ name: 'Sigur Rós' }]);
    expect((await data(ARTISTS, { letter: 'd' })).libraryArtists.nodes).toEqual([{ name: 'Daft Punk' }]);
    expect((await data(ARTISTS, { letter: '#' })).libraryArtists.totalCount).toBe(0);
    const first = (await data(ARTISTS, { first: 1 })).libraryArtists;
    expect(first).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = (await data(ARTISTS, { first: 1, after: first.pageInfo.endCursor })).libraryArtists;
    expect(second).toMatchObject({ nodes: [{ name: 'Daft Punk' }], pageInfo: { hasNextPage: false } });
  });

  it("libraryArtists watch: the default profile's watchlist, or the named profile's", async () => {
    expect((await data(ARTISTS, { watch: 'ALL' })).libraryArtists.totalCount).toBe(2);
    // The demo Admin profile (the default) watches Daft Punk, Family watches Radiohead.
    expect((await data(ARTISTS, { watch: 'WATCHED' })).libraryArtists.nodes).toEqual([{ name: 'Daft Punk' }]);
    expect((await data(ARTISTS, { watch: 'UNWATCHED' })).libraryArtists.nodes).toEqual([{ name: 'Radiohead' }]);
    const family = await library.prisma.profile.findFirstOrThrow({ where: { accountId: 'demo', name: 'Family' } });
    const named = `query($profile: ID) { libraryArtists(watch: WATCHED, profile: $profile) { nodes { name } } }`;
    expect((await data(named, { profile: String(family.id) })).libraryArtists.nodes).toEqual([{ name: 'Radiohead' }]);
    // Another account cannot name the demo account's profile.
    const { errors } = await run(named, { profile: String(family.id) }, OTHER);
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('libraryArtists watch: a watchlist entry names an artist by normalized name or by Spotify ID', async () => {
    expect((await data(ARTISTS, { watch: 'WATCHED' }, OTHER)).libraryArtists.totalCount).toBe(0);
    const profile = await library.prisma.profile.findFirstOrThrow({ where: { accountId: 'other' } });
    await library.prisma.watchlistArtist.createMany({
      data: [
        { profileId: profile.id, artistName: 'Sigur Ros', nameKey: 'sigur ros' },
        { profileId: profile.id, artistName: 'Someone Else', nameKey: 'someone else', spotifyArtistId: '4Z8W4fKeB5YxbusRsdQVPb' },
      ],
    });
    expect((await data(ARTISTS, { watch: 'WATCHED' }, OTHER)).libraryArtists.nodes).toEqual([{ name: 'Radiohead' }, { name: 'Sigur Rós' }]);
    expect((await data(ARTISTS, { watch: 'UNWATCHED' }, OTHER)).libraryArtists.totalCount).toBe(0);
  });

  it('libraryAlbums by search, artist, year and record type', async () => {
    expect((await data(ALBUMS, { search: 'computer' })).libraryAlbums.nodes).toEqual([{ title: 'OK Computer' }]);
    expect((await data(ALBUMS, { artistId: ids.radiohead })).libraryAlbums.totalCount).toBe(2);
    expect((await data(ALBUMS, { year: 2016 })).libraryAlbums.nodes).toEqual([{ title: 'A Moon Shaped Pool' }]);
    expect((await data(ALBUMS, { recordType: 'ALBUM' })).libraryAlbums.totalCount).toBe(3);
    expect((await data(ALBUMS, { search: 'agaetis' }, OTHER)).libraryAlbums.nodes).toEqual([{ title: 'Ágætis byrjun' }]);
  });

  it('libraryTracks by title and artist together', async () => {
    const query = `query($title: String, $artist: String) { libraryTracks(title: $title, artist: $artist) { totalCount nodes { title } } }`;
    expect((await data(query, { title: 'android', artist: 'radiohead' })).libraryTracks.nodes).toEqual([{ title: 'Paranoid Android' }]);
    expect((await data(query, { title: 'android', artist: 'daft' })).libraryTracks.totalCount).toBe(0);
    expect((await data(query, { artist: 'daft punk' })).libraryTracks.nodes).toEqual([{ title: 'One More Time' }]);
  });

  it('an album lists disc 1 before disc 2 whatever the track numbers', async () => {
    const { libraryAlbum } = await data(`query($id: ID!) { libraryAlbum(id: $id) { tracks { discNumber trackNumber title } } }`, { id: ids.otherAlbum }, OTHER);
    expect(libraryAlbum.tracks.map((t: { title: string }) => t.title)).toEqual(['Disc One Closer', 'Private Track']);
  });
});

describe('account isolation', () => {
  it("another account's items are null by id, absent from lists, lookups, genres and stats", async () => {
    const result = await data(`query($artist: ID!, $album: ID!, $track: ID!) {
      libraryArtist(id: $artist) { name } libraryAlbum(id: $album) { title } libraryTrack(id: $track) { title }
      libraryTracks(search: "private") { totalCount } libraryArtists { totalCount } libraryAlbums(search: "private") { totalCount }
      libraryStats { artists albums tracks } }`, { artist: ids.otherArtist, album: ids.otherAlbum, track: ids.otherTrack });
    expect(result).toEqual({
      libraryArtist: null, libraryAlbum: null, libraryTrack: null,
      libraryTracks: { totalCount: 0 }, libraryArtists: { totalCount: 2 }, libraryAlbums: { totalCount: 0 },
      libraryStats: { artists: 2, albums: 3, tracks: 4 },
    });
    // The same Spotify ID is in both libraries: each account finds its own artist.
    const lookup = `{ libraryLookup(type: ARTIST, source: SPOTIFY, id: "4Z8W4fKeB5YxbusRsdQVPb") { ... on LibraryArtist { id } } }`;
    expect((await data(lookup)).libraryLookup).toEqual({ id: ids.radiohead });
    expect((await data(lookup, {}, OTHER)).libraryLookup).toEqual({ id: ids.otherArtist });
  });

  it('_entities of another account are null; Track.libraryTracks lists only the caller\'s tracks', async () => {
    const artists = await data(entitiesQuery('LibraryArtist', 'id name'), { representations: [{ __typename: 'LibraryArtist', id: ids.otherArtist }, { __typename: 'LibraryArtist', id: ids.radiohead }] });
    expect(artists._entities).toEqual([null, { id: ids.radiohead, name: 'Radiohead' }]);
    const albums = await data(entitiesQuery('LibraryAlbum', 'title'), { representations: [{ __typename: 'LibraryAlbum', id: ids.otherAlbum }] });
    expect(albums._entities).toEqual([null]);
    const tracks = await data(entitiesQuery('LibraryTrack', 'title'), { representations: [{ __typename: 'LibraryTrack', id: ids.otherTrack }] });
    expect(tracks._entities).toEqual([null]);
    const byIsrc = entitiesQuery('Track', 'libraryTracks { title }');
    const representations = [{ __typename: 'Track', isrc: 'GBAYE9700074' }];
    expect((await data(byIsrc, { representations }))._entities).toEqual([{ libraryTracks: [{ title: 'Paranoid Android' }] }]);
    expect((await data(byIsrc, { representations }, OTHER))._entities).toEqual([{ libraryTracks: [{ title: 'Private Track' }] }]);
  });

  it('an account with no library sees an empty one; a key without the library scope is FORBIDDEN', async () => {
    expect(await data('{ libraryStats { artists albums tracks lastUpdatedAt } libraryGenres { name } }', {}, testCaller('nobody'))).toEqual({
      libraryStats: { artists: 0, albums: 0, tracks: 0, lastUpdatedAt: null },
      libraryGenres: [],
    });
    const { errors } = await run('{ libraryArtists { totalCount } }', {}, testCaller('demo', ['credits']));
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'library' });
    const anonymous = await run('{ libraryStats { artists } }', {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.sql).toEqual([]);
  });
});

describe('hostile input is BAD_USER_INPUT naming the argument, before any SQL', () => {
  it.each([
    ['libraryArtists(letter: "ab")', 'letter'],
    ['libraryArtists(letter: "é")', 'letter'],
    ['libraryArtists(first: 201)', 'first'],
    ['libraryArtists(first: 0)', 'first'],
    ['libraryAlbums(year: 99999)', 'year'],
    ['libraryAlbums(year: 999)', 'year'],
    ['libraryAlbums(artistId: "abc")', 'artistId'],
    ['libraryAlbums(artistId: "99999999999")', 'artistId'],
    ['libraryTracks(first: 201)', 'first'],
    [`libraryTracks(title: "${'x'.repeat(100_000)}")`, 'title'],
    [`libraryTracks(artist: "${'x'.repeat(201)}")`, 'artist'],
    [`libraryAlbums(after: "${encodeCursor('nope')}")`, 'after'],
    ['libraryArtists(after: "forged")', 'after'],
    [`libraryTracks(after: "${encodeCursor(-5)}")`, 'after'],
    ['recentlyAdded(first: 201)', 'first'],
    ['libraryArtist(id: "1 OR 1=1")', 'id'],
    ['libraryAlbum(id: "-1")', 'id'],
    ['libraryTrack(id: "0")', 'id'],
    [`libraryLookup(type: TRACK, source: SPOTIFY, id: "${'9'.repeat(201)}")`, 'id'],
    ['libraryLookup(type: TRACK, source: SPOTIFY, id: "   ")', 'id'],
  ])('%s', async (field, argument) => {
    const selection = /^library(Artists|Albums|Tracks)/.test(field) ? '{ totalCount }' : /^recentlyAdded|^libraryLookup/.test(field) ? '{ __typename }' : '{ id }';
    const { errors, sql } = await run(`{ ${field} ${selection} }`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(errors?.[0]?.message.length).toBeLessThan(500);
    expect(sql).toEqual([]);
  });

  it('an unknown source in a variable is BAD_USER_INPUT naming the variable', async () => {
    const { errors } = await run('query($s: LibrarySource!) { libraryLookup(type: ARTIST, source: $s, id: "1") { __typename } }', { s: 'NAPSTER' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$s' });
  });

  it('SQL and LIKE syntax in a search are only text', async () => {
    expect(await data(`{ libraryArtists(search: "'; DROP TABLE \\"Artist\\"; --") { totalCount } libraryTracks(search: "%_%") { totalCount } }`)).toEqual({
      libraryArtists: { totalCount: 0 },
      libraryTracks: { totalCount: 0 },
    });
  });
});

describe('batching: a constant number of statements', () => {
  const PAGE = `{ libraryTracks(first: 200) { nodes { title artist { name albumCount trackCount externalIds { url } } album { title tracks { title } externalIds { url } enrichment { status } }
    externalIds { url } enrichment { status } track { isrc } } } }`;

  it('a page of tracks with artist, album, their tracks and every ID list: the page and one statement per kind', async () => {
    // The page + artists + artist counts + artist IDs + albums + album tracks + album IDs + track IDs (no count: totalCount is not asked).
    const small = await run(PAGE);
    expect(small.errors).toBeUndefined();
    expect(small.sql).toHaveLength(8);
    // Fifty more tracks on new albums and artists: the same statements.
    const artist = await library.prisma.artist.create({ data: { accountId: 'demo', name: 'Batch Artist' } });
    for (let i = 0; i < 5; i++) {
      const album = await library.prisma.album.create({ data: { accountId: 'demo', artistId: artist.id, title: `Batch Album ${i}` } });
      await library.prisma.track.createMany({ data: Array.from({ length: 10 }, (_, n) => ({ accountId: 'demo', artistId: artist.id, albumId: album.id, title: `Batch ${i}.${n}`, trackNumber: n + 1 })) });
    }
    try {
      const big = await run(PAGE);
      expect(big.errors).toBeUndefined();
      expect(big.data?.libraryTracks.nodes).toHaveLength(54);
      expect(big.sql).toHaveLength(8);
    } finally {
      await library.prisma.artist.delete({ where: { id: artist.id } });
    }
  });

  it('libraryArtists with albums, their tracks and canonical tracks; _entities of 100 artists and albums', async () => {
    const artists = await run('{ libraryArtists(first: 200) { nodes { albums { tracks { title } } canonicalTracks { isrc } albumCount } } }');
    expect(artists.errors).toBeUndefined();
    expect(artists.sql).toHaveLength(1 + 4);
    const counted = await run('{ libraryArtists { totalCount } libraryAlbums { totalCount } libraryTracks { totalCount } }');
    expect(counted.sql).toHaveLength(6);
  });

  it('_entities of 100 known artists and of 100 known albums, with their albums, tracks and artists: as many statements as for 1', async () => {
    // 2,000 synthetic recordings give the account 1,000 library tracks by 100 artists on 200 albums.
    await writeSyntheticLibraryTracks(buildSyntheticCatalog(2_000), library.prisma, 'hundred');
    const caller = testCaller('hundred');
    const artistIds = (await library.prisma.artist.findMany({ where: { accountId: 'hundred' }, orderBy: { id: 'asc' }, select: { id: true } })).map(({ id }) => String(id));
    const albumIds = (await library.prisma.album.findMany({ where: { accountId: 'hundred' }, orderBy: { id: 'asc' }, select: { id: true } })).map(({ id }) => String(id)).slice(0, 100);
    expect(artistIds).toHaveLength(100);
    const entities = (typename: string, ids: string[]) => ({ representations: ids.map((id) => ({ __typename: typename, id })) });
    const artistQuery = entitiesQuery('LibraryArtist', 'name albums { title } externalIds { id }');
    const one = await execute(library, artistQuery, entities('LibraryArtist', artistIds.slice(0, 1)), caller);
    const hundred = await execute(library, artistQuery, entities('LibraryArtist', artistIds), caller);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities.every((artist: { albums: unknown[] }) => artist.albums.length === 2)).toBe(true);
    expect(hundred.sql).toHaveLength(one.sql.length);
    expect(hundred.sql).toHaveLength(3);
    const albumQuery = entitiesQuery('LibraryAlbum', 'title tracks { title } artist { name }');
    const oneAlbum = await execute(library, albumQuery, entities('LibraryAlbum', albumIds.slice(0, 1)), caller);
    const albums = await execute(library, albumQuery, entities('LibraryAlbum', albumIds), caller);
    expect(albums.errors).toBeUndefined();
    expect(albums.data?._entities.every((album: { tracks: unknown[]; artist: { name: string } | null }) => album.tracks.length === 5 && album.artist !== null)).toBe(true);
    expect(albums.sql).toHaveLength(oneAlbum.sql.length);
    expect(albums.sql).toHaveLength(3);
  });
});
