import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../lib/auth/Caller.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/library/src/context.ts';
import type { LibraryPrisma } from '../../../subgraphs/library/src/db.ts';
import { librarySubgraph } from '../../../subgraphs/library/src/module.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// A profile's watchlist, wishlist and discovery, on the library subgraph alone.
let subgraph: Subgraph<LibraryPrisma, Context>;
beforeAll(async () => {
  subgraph = await createTestSubgraph(librarySubgraph, { seed: false });
});
afterAll(() => subgraph?.close());

const run = (query: string, variables: Record<string, unknown> = {}, caller: Caller | null = testCaller('lists')) => execute(subgraph, query, variables, caller);
const WATCHED = 'id artistName spotifyArtistId filters { albums eps singles live remixes acoustic compilations }';

describe('the watchlist', () => {
  it('adds idempotently (the same artist, case and accents aside, is one entry), in input order', async () => {
    const caller = testCaller('watch-add');
    const first = await run(`mutation { addToWatchlist(artists: [{ artistName: "Daft Punk", spotifyArtistId: "4tZwfgrHOc3mvqYlEYSvnL" }, { artistName: "Björk" }]) { ${WATCHED} } }`, {}, caller);
    expect(first.errors).toBeUndefined();
    expect(first.data!.addToWatchlist[0]).toEqual({ id: expect.any(String), artistName: 'Daft Punk', spotifyArtistId: '4tZwfgrHOc3mvqYlEYSvnL', filters: { albums: true, eps: true, singles: true, live: false, remixes: false, acoustic: false, compilations: false } });
    const again = await run(`mutation { addToWatchlist(artists: [{ artistName: "bjork" }, { artistName: "DAFT PUNK", filters: { live: true } }]) { ${WATCHED} } }`, {}, caller);
    expect(again.errors).toBeUndefined();
    expect(again.data!.addToWatchlist.map((a: { id: string }) => a.id)).toEqual([first.data!.addToWatchlist[1].id, first.data!.addToWatchlist[0].id]);
    expect(again.data!.addToWatchlist[1]).toMatchObject({ artistName: 'Daft Punk', filters: { live: true, albums: true } });
    const page = await run('{ watchlist(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { artistName } } }', {}, caller);
    expect(page.data!.watchlist).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ artistName: 'Daft Punk' }] });
    const next = await run('query ($a: String) { watchlist(first: 1, after: $a) { pageInfo { hasNextPage } nodes { artistName } } }', { a: page.data!.watchlist.pageInfo.endCursor }, caller);
    expect(next.data!.watchlist).toMatchObject({ pageInfo: { hasNextPage: false }, nodes: [{ artistName: 'Björk' }] });
  });

  it('updates only the filters given, and removes idempotently', async () => {
    const caller = testCaller('watch-update');
    const { data } = await run(`mutation { addToWatchlist(artists: [{ artistName: "Radiohead" }]) { id } }`, {}, caller);
    const id = data!.addToWatchlist[0].id;
    const updated = await run(`mutation ($id: ID!) { updateWatchlistFilters(id: $id, filters: { remixes: true, singles: false }) { ${WATCHED} } }`, { id }, caller);
    expect(updated.data!.updateWatchlistFilters.filters).toEqual({ albums: true, eps: true, singles: false, live: false, remixes: true, acoustic: false, compilations: false });
    const other = await run(`mutation ($id: ID!) { updateWatchlistFilters(id: $id, filters: { live: true }) { id } }`, { id }, testCaller('watch-other'));
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
    const removed = await run('mutation ($id: ID!) { removeFromWatchlist(ids: [$id]) { removed } }', { id }, caller);
    expect(removed.data!.removeFromWatchlist.removed).toBe(1);
    const twice = await run('mutation ($id: ID!) { removeFromWatchlist(ids: [$id]) { removed } }', { id }, caller);
    expect(twice.data!.removeFromWatchlist.removed).toBe(0);
  });

  it('refuses hostile input by size before anything runs, naming the argument', async () => {
    const caller = testCaller('watch-hostile');
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ artistName: `Artist ${i}` }));
    const { errors, sql } = await run('mutation ($a: [WatchlistArtistInput!]!) { addToWatchlist(artists: $a) { id } }', { a: huge }, caller);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'artists', max: 100, length: 10_000 });
    expect(sql).toEqual([]);
    const cases: [Record<string, unknown>, string][] = [
      [{ artistName: 'x'.repeat(201) }, 'artists[0].artistName'],
      [{ artistName: ' ' }, 'artists[0].artistName'],
      [{ artistName: 'A', spotifyArtistId: 'not-an-id' }, 'artists[0].spotifyArtistId'],
      [{ artistName: 'A', itunesArtistId: '12a' }, 'artists[0].itunesArtistId'],
      [{ artistName: 'A', imageUrl: 'javascript:alert(1)' }, 'artists[0].imageUrl'],
      [{ artistName: 'A', filters: { live: null } }, 'artists[0].filters.live'],
    ];
    for (const [artist, argument] of cases) {
      const result = await run('mutation ($a: [WatchlistArtistInput!]!) { addToWatchlist(artists: $a) { id } }', { a: [artist] }, caller);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    const empty = await run('mutation { addToWatchlist(artists: []) { id } }', {}, caller);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'artists' });
  });

  it('holds at most 1,000 artists per profile', async () => {
    const caller = testCaller('watch-full');
    for (let batch = 0; batch < 10; batch++) {
      const artists = Array.from({ length: 100 }, (_, i) => ({ artistName: `Artist ${batch * 100 + i}` }));
      expect((await run('mutation ($a: [WatchlistArtistInput!]!) { addToWatchlist(artists: $a) { id } }', { a: artists }, caller)).errors).toBeUndefined();
    }
    const full = await run('mutation { addToWatchlist(artists: [{ artistName: "One Too Many" }]) { id } }', {}, caller);
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'artists', limit: 1_000 });
    // Re-adding one already there is still fine (idempotent).
    expect((await run('mutation { addToWatchlist(artists: [{ artistName: "artist 7" }]) { id } }', {}, caller)).errors).toBeUndefined();
  });

  it('feeds libraryArtists(watch:) for the profile', async () => {
    const caller = testCaller('watch-library');
    await subgraph.prisma.artist.createMany({ data: [{ accountId: 'watch-library', name: 'Sigur Rós' }, { accountId: 'watch-library', name: 'Múm' }] });
    await run('mutation { addToWatchlist(artists: [{ artistName: "sigur ros" }]) { id } }', {}, caller);
    const watched = await run('{ libraryArtists(watch: WATCHED) { nodes { name } } }', {}, caller);
    const unwatched = await run('{ libraryArtists(watch: UNWATCHED) { nodes { name } } }', {}, caller);
    expect(watched.errors).toBeUndefined();
    expect(watched.data!.libraryArtists.nodes).toEqual([{ name: 'Sigur Rós' }]);
    expect(unwatched.data!.libraryArtists.nodes).toEqual([{ name: 'Múm' }]);
  });
});

describe('the wishlist', () => {
  it('adds by ISRC or platform ID, normalized and idempotent, and removes', async () => {
    const caller = testCaller('wish');
    const tracks = [
      { isrc: 'gb-aye-97-00074', title: 'Paranoid Android', artistName: 'Radiohead' },
      { source: 'SPOTIFY', externalId: 'spotify:track:6LgJvl0Xdtc73RJ1mN1a7Z', note: 'No sources found' },
    ];
    const added = await run('mutation ($t: [WishlistTrackInput!]!) { addToWishlist(tracks: $t) { id isrc source externalId title note } }', { t: tracks }, caller);
    expect(added.errors).toBeUndefined();
    expect(added.data!.addToWishlist).toEqual([
      { id: expect.any(String), isrc: 'GBAYE9700074', source: null, externalId: null, title: 'Paranoid Android', note: null },
      { id: expect.any(String), isrc: null, source: 'SPOTIFY', externalId: '6LgJvl0Xdtc73RJ1mN1a7Z', title: null, note: 'No sources found' },
    ]);
    const again = await run('mutation { addToWishlist(tracks: [{ source: SPOTIFY, externalId: "6LgJvl0Xdtc73RJ1mN1a7Z" }, { isrc: "GBAYE9700074" }]) { id } }', {}, caller);
    expect(again.data!.addToWishlist.map((t: { id: string }) => t.id)).toEqual([added.data!.addToWishlist[1].id, added.data!.addToWishlist[0].id]);
    expect((await run('{ wishlist { totalCount } }', {}, caller)).data!.wishlist.totalCount).toBe(2);
    const removed = await run('mutation ($id: ID!) { removeFromWishlist(ids: [$id, "999999"]) { removed } }', { id: added.data!.addToWishlist[0].id }, caller);
    expect(removed.data!.removeFromWishlist.removed).toBe(1);
  });

  it('refuses bad items naming them, and 10,000 items by size', async () => {
    const caller = testCaller('wish-hostile');
    const cases: [Record<string, unknown>, string][] = [
      [{ isrc: 'not an isrc' }, 'tracks[0].isrc'],
      [{ source: 'SPOTIFY', externalId: 'abc' }, 'tracks[0].externalId'],
      [{ source: 'DEEZER' }, 'tracks[0].externalId'],
      [{}, 'tracks[0]'],
      [{ isrc: 'GBAYE9700074', source: 'SPOTIFY', externalId: '6LgJvl0Xdtc73RJ1mN1a7Z' }, 'tracks[0]'],
      [{ isrc: 'GBAYE9700074', note: 'n'.repeat(501) }, 'tracks[0].note'],
    ];
    for (const [track, argument] of cases) {
      const { errors } = await run('mutation ($t: [WishlistTrackInput!]!) { addToWishlist(tracks: $t) { id } }', { t: [track] }, caller);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    const huge = Array.from({ length: 10_000 }, () => ({ isrc: 'GBAYE9700074' }));
    const { errors, sql } = await run('mutation ($t: [WishlistTrackInput!]!) { addToWishlist(tracks: $t) { id } }', { t: huge }, caller);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'tracks', max: 100 });
    expect(sql).toEqual([]);
  });
});

describe('discovery', () => {
  beforeAll(async () => {
    const accountId = 'disco';
    const thisYear = new Date().getUTCFullYear();
    const artist = (name: string, genres: string[]) => subgraph.prisma.artist.create({ data: { accountId, name, genres } });
    const radiohead = await artist('Radiohead', ['alternative rock', 'art rock']);
    const muse = await artist('Muse', ['alternative rock', 'art rock', 'space rock']);
    const portishead = await artist('Portishead', ['trip hop', 'art rock']);
    await artist('ABBA', ['pop']);
    const album = (artistId: number, title: string, year: number) => subgraph.prisma.album.create({ data: { accountId, artistId, title, year } });
    const okc = await album(radiohead.id, 'OK Computer', 1997);
    const newMuse = await album(muse.id, 'New Muse', thisYear);
    const dummy = await album(portishead.id, 'Dummy', 1994);
    await subgraph.prisma.track.createMany({
      data: [
        { accountId, artistId: radiohead.id, albumId: okc.id, title: 'Paranoid Android', isrc: 'GBAYE9700074' },
        { accountId, artistId: muse.id, albumId: newMuse.id, title: 'Fresh', isrc: 'GBAHT2500001' },
        { accountId, artistId: portishead.id, albumId: dummy.id, title: 'Sour Times', isrc: 'GBAAA9400001' },
        { accountId, artistId: portishead.id, albumId: dummy.id, title: 'Roads', isrc: 'GBAAA9400002' },
      ],
    });
    await run('mutation { addToWatchlist(artists: [{ artistName: "radiohead" }]) { id } }', {}, testCaller(accountId));
    await run('mutation { addToWishlist(tracks: [{ isrc: "GBAAA9400002", artistName: "Portishead" }]) { id } }', {}, testCaller(accountId));
  });

  it('suggests similar artists from shared genres and the wishlist, each with its reasons', async () => {
    const { data, errors } = await run('{ similarArtists { name score sharedGenres libraryArtist { name } reasons { kind detail } } }', {}, testCaller('disco'));
    expect(errors).toBeUndefined();
    const names = data!.similarArtists.map((a: { name: string }) => a.name);
    expect(names).toEqual(['Muse', 'Portishead']);
    const [muse, portishead] = data!.similarArtists;
    // Muse: {alt rock, art rock} of {alt rock, art rock, space rock} = 2/3; Portishead: 1/3 + 0.25 for the wishlist.
    expect(muse.score).toBeCloseTo(0.667, 3);
    expect(portishead.score).toBeCloseTo(0.583, 3);
    expect(muse.sharedGenres).toEqual(['alternative rock', 'art rock']);
    expect(muse.reasons.map((r: { kind: string }) => r.kind)).toEqual(['SHARED_GENRE', 'IN_LIBRARY']);
    expect(portishead.reasons.map((r: { kind: string }) => r.kind)).toEqual(['SHARED_GENRE', 'WISHLIST_ARTIST', 'IN_LIBRARY']);
    expect(muse.reasons[0].detail).toMatch(/shares alternative rock, art rock with radiohead/i);
    // Nothing links ABBA to the profile.
    expect(names).not.toContain('ABBA');
  });

  it('builds a pool of recordings with reasons, wishlisted ones left out; newReleasesOnly keeps this year and last', async () => {
    const { data, errors } = await run('{ discoveryPool { track { isrc } title artistName score isNewRelease reasons { kind } } }', {}, testCaller('disco'));
    expect(errors).toBeUndefined();
    expect(data!.discoveryPool.map((t: { title: string }) => t.title)).toEqual(['Paranoid Android', 'Fresh', 'Sour Times']);
    expect(data!.discoveryPool[0]).toMatchObject({ track: { isrc: 'GBAYE9700074' }, score: 1, reasons: [{ kind: 'WATCHED_ARTIST' }] });
    expect(data!.discoveryPool[1]).toMatchObject({ isNewRelease: true, reasons: [{ kind: 'SHARED_GENRE' }, { kind: 'IN_LIBRARY' }, { kind: 'NEW_RELEASE' }] });
    const fresh = await run('{ discoveryPool(newReleasesOnly: true, first: 10) { title } }', {}, testCaller('disco'));
    expect(fresh.data!.discoveryPool).toEqual([{ title: 'Fresh' }]);
    const bad = await run('{ discoveryPool(first: 201) { title } }', {}, testCaller('disco'));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('is per profile: another profile of the account has nothing to go on', async () => {
    const caller = testCaller('disco');
    const { data } = await run('mutation { createProfile(name: "Empty") { id } }', {}, caller);
    const other = await run('query ($p: ID) { similarArtists(profile: $p) { name } discoveryPool(profile: $p) { title } }', { p: data!.createProfile.id }, caller);
    expect(other.data).toEqual({ similarArtists: [], discoveryPool: [] });
  });
});
