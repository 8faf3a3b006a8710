import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCaller, randomSigningSecret, signRequest, SIGNING_HEADERS } from '../../lib/auth/requestSigning.ts';
import type { Caller } from '../../lib/auth/Caller.ts';
import { trackIdForIsrc } from '../../subgraphs/links/src/trackId.ts';
import { countStatements, post, startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_ENV } from '../helpers/subgraph.ts';

// Profiles, watchlist and wishlist through the composed gateway: the profile named by
// `x-profile-id` travels inside the signed caller, and the links subgraph completes the
// library's lists (releases of watched artists, canonical tracks of the wishlist) through federation.
const SECRET = randomSigningSecret();
let stack: TestStack;
let keyA: string;
let keyB: string;
let kidsId: string;
const isrc = (n: number) => `QZWAT26${String(n).padStart(5, '0')}`;

beforeAll(async () => {
  stack = await startTestStack({ env: { ...TEST_ENV, SUBGRAPH_SIGNING_SECRET: SECRET } });
  keyA = await stack.createKey({ accountId: 'profiles-a', contract: 'partner', plan: 'partner' });
  keyB = await stack.createKey({ accountId: 'profiles-b', contract: 'partner', plan: 'partner' });
  // The links catalog: one band with an album, a live album, a single and an old album.
  const links = stack.linksPrisma;
  const band = await links.artist.create({ data: { name: 'Watch Test Band' } });
  const releases = [
    { title: 'New Album', date: '2026-06-05', tracks: 8, prefix: 'Song' },
    { title: 'Wembley', date: '2026-07-01', tracks: 8, prefix: 'Live Song', live: true },
    { title: 'Hit - Single', date: '2026-08-01', tracks: 1, prefix: 'Hit' },
    { title: 'Old Album', date: '2019-01-01', tracks: 9, prefix: 'Old' },
  ];
  let n = 0;
  for (const r of releases) {
    const release = await links.release.create({ data: { title: r.title, releaseDate: new Date(`${r.date}T00:00:00Z`), artistId: band.id } });
    for (let i = 1; i <= r.tracks; i++) {
      n += 1;
      const id = trackIdForIsrc(isrc(n));
      const title = r.live ? `${r.prefix} ${i} (Live)` : `${r.prefix} ${i}`;
      await links.track.create({ data: { id, isrc: isrc(n), title, artists: { create: [{ artistId: band.id, position: 0 }] }, releases: { create: [{ releaseId: release.id }] } } });
    }
  }
  await links.platformLink.create({ data: { trackId: trackIdForIsrc(isrc(1)), platform: 'SPOTIFY', externalId: 'A000000000000000000001' } });
  const { body } = await post(stack.gateway.url, 'mutation { createProfile(name: "Kids", pin: "2468") { id hasPin } }', {}, { key: keyA });
  expect(body.errors).toBeUndefined();
  kidsId = body.data.createProfile.id;
}, 180_000);
afterAll(() => stack?.close());

const asA = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => post(stack.gateway.url, query, variables, { key: keyA, headers });

describe('x-profile-id through the gateway', () => {
  it('selects the profile, defaults to the admin one, and never shows another account’s', async () => {
    expect((await asA('{ profile { name isDefault } }')).body.data.profile).toEqual({ name: 'Admin', isDefault: true });
    expect((await asA('{ profile { name hasPin } }', {}, { 'x-profile-id': kidsId })).body.data.profile).toEqual({ name: 'Kids', hasPin: true });
    const other = await post(stack.gateway.url, '{ profile { name } }', {}, { key: keyB, headers: { 'x-profile-id': kidsId } });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'x-profile-id', serviceName: 'library' });
    expect(JSON.stringify(other.body)).not.toContain('Kids');
    const profiles = await post(stack.gateway.url, '{ profiles { name } }', {}, { key: keyB });
    expect(profiles.body.data.profiles).toEqual([{ name: 'Admin' }]);
  });

  it('is carried in the signed caller: a header added or changed between gateway and subgraph does nothing, or is refused', async () => {
    const url = stack.subgraphs.library.url;
    const query = JSON.stringify({ query: '{ profile { name } }' });
    const caller: Caller = { accountId: 'profiles-a', keyId: 'k', scopes: ['library'], contract: 'partner', plan: 'partner' };
    const send = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    // A raw header next to a signed caller without a profile: ignored (the default profile answers).
    const signed = signRequest(SECRET, { method: 'POST', path: '/graphql', body: query, caller, requestId: 'forge-1' });
    expect((await send({ ...signed, 'x-profile-id': kidsId })).body.data.profile.name).toBe('Admin');
    // The caller re-encoded with another profile after signing: refused before any resolver.
    const withProfile = signRequest(SECRET, { method: 'POST', path: '/graphql', body: query, caller: { ...caller, profileId: kidsId }, requestId: 'forge-2' });
    const forged = { ...withProfile, [SIGNING_HEADERS.caller]: encodeCaller({ ...caller, profileId: '1' }) };
    const refused = await send(forged);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad-signature' });
    // Untouched, the signed profile answers.
    const fresh = signRequest(SECRET, { method: 'POST', path: '/graphql', body: query, caller: { ...caller, profileId: kidsId }, requestId: 'forge-3' });
    expect((await send(fresh)).body.data.profile.name).toBe('Kids');
  });
});

describe('watchlist releases from the links catalog', () => {
  const FEED = 'query ($p: ID) { watchlistReleases(profile: $p, since: "2026-01-01") { since artists { artistName } releases { artistName kind versions release { title releaseDate } tracks { isrc } } } }';

  it('lists the watched artists’ releases that pass their filters, newest first, in one query', async () => {
    const added = await asA('mutation ($p: ID) { addToWatchlist(profile: $p, artists: [{ artistName: "watch test band" }]) { id } }', { p: kidsId });
    expect(added.body.errors).toBeUndefined();
    const { body } = await asA(FEED, { p: kidsId });
    expect(body.errors).toBeUndefined();
    const feed = body.data.watchlistReleases;
    expect(feed.since).toBe('2026-01-01');
    // The live album is left out (live: false by default); the 2019 album is before `since`.
    expect(feed.releases.map((r: any) => [r.release.title, r.kind, r.versions])).toEqual([
      ['Hit - Single', 'SINGLE', []],
      ['New Album', 'ALBUM', []],
    ]);
    expect(feed.releases[1].tracks).toHaveLength(8);
    // The admin profile watches nothing.
    expect((await asA(FEED)).body.data.watchlistReleases.releases).toEqual([]);
  });

  it('follows filter changes (live albums in, singles out)', async () => {
    const { body } = await asA('query ($p: ID) { watchlist(profile: $p) { nodes { id } } }', { p: kidsId });
    const id = body.data.watchlist.nodes[0].id;
    await asA('mutation ($p: ID, $id: ID!) { updateWatchlistFilters(profile: $p, id: $id, filters: { live: true, singles: false }) { id } }', { p: kidsId, id });
    const feed = (await asA(FEED, { p: kidsId })).body.data.watchlistReleases;
    expect(feed.releases.map((r: any) => [r.release.title, r.versions])).toEqual([
      ['Wembley', ['live']],
      ['New Album', []],
    ]);
  });
});


describe('statements', () => {
  it('the release feed and a page of wishlist tracks cost the same few statements whatever their size', async () => {
    const account = 'profiles-count';
    const key = await stack.createKey({ accountId: account, contract: 'partner', plan: 'partner' });
    const feed = () => post(stack.gateway.url, '{ watchlistReleases(since: "2000-01-01") { releases { release { title } tracks { title } } } wishlist(first: 200) { nodes { track { title } } } }', {}, { key });
    await post(stack.gateway.url, 'mutation { addToWatchlist(artists: [{ artistName: "Watch Test Band", filters: { singles: false } }]) { id } addToWishlist(tracks: [{ isrc: "QZWAT2600001" }]) { id } }', {}, { key });
    const small = await countStatements(stack, feed);
    const artists = Array.from({ length: 100 }, (_, i) => ({ artistName: i === 0 ? 'Watch Test Band' : `Someone ${i}`, filters: { live: true, singles: true } }));
    const tracks = Array.from({ length: 25 }, (_, i) => ({ isrc: isrc(i + 1) }));
    const filled = await post(stack.gateway.url, 'mutation ($a: [WatchlistArtistInput!]!, $t: [WishlistTrackInput!]!) { addToWatchlist(artists: $a) { id } addToWishlist(tracks: $t) { id } }', { a: artists, t: tracks }, { key });
    expect(filled.body.errors).toBeUndefined();
    const large = await countStatements(stack, feed);
    expect(large.result.body.errors).toBeUndefined();
    expect(large.result.body.data.watchlistReleases.releases).toHaveLength(4);
    expect(large.result.body.data.wishlist.nodes).toHaveLength(25);
    expect(large.statements).toEqual(small.statements);
    expect(large.statements.links).toBeLessThanOrEqual(4);
  });
});

describe('the wishlist with canonical tracks', () => {
  it('resolves each item’s track through links, by ISRC or by platform ID', async () => {
    const added = await asA('mutation { addToWishlist(tracks: [{ source: SPOTIFY, externalId: "A000000000000000000001" }, { isrc: "QZWAT2600002" }, { isrc: "QZWAT2699999" }]) { id track { isrc title } } }');
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data.addToWishlist.map((i: any) => i.track)).toEqual([{ isrc: isrc(1), title: 'Song 1' }, { isrc: isrc(2), title: 'Song 2' }, null]);
    const list = await asA('{ wishlist { totalCount nodes { source isrc track { title } } } }');
    expect(list.body.data.wishlist.totalCount).toBe(3);
  });

  it('refuses 10,000 items before the library reads anything', async () => {
    const tracks = Array.from({ length: 10_000 }, () => ({ isrc: 'GBAYE9700074' }));
    const { status, body } = await asA('mutation ($t: [WishlistTrackInput!]!) { addToWishlist(tracks: $t) { id } }', { t: tracks });
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|QUERY_TOO_COMPLEX|DOCUMENT_TOO_LARGE/);
  });
});
