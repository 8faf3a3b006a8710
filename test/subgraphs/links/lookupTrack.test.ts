import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
const ONE_MORE_TIME = trackIdForIsrc('GBDUW0000053');
const EVIL_JORDAN = trackIdForIsrc('USUM72414866');
const PARANOID_ANDROID = trackIdForIsrc('GBAYE9700074');
const YOUTUBE_ID = 'fHiGbolFFGw';

beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  // The demo data has no YouTube link; one for Paranoid Android covers the platform.
  await links.prisma.platformLink.create({ data: { trackId: PARANOID_ANDROID, platform: 'YOUTUBE', externalId: YOUTUBE_ID } });
  // Two recordings on one Discogs release make a bare release id ambiguous.
  for (const [isrc, position] of [['USAAA2500001', 1], ['USAAA2500003', 3]] as const) {
    const data = { id: trackIdForIsrc(isrc), isrc, title: `Side A ${position}`, links: { create: { platform: 'DISCOGS' as const, externalId: `555555-${position}` } } };
    await links.prisma.track.create({ data });
  }
});
afterAll(() => links?.close());

const TRACK = /* GraphQL */ `
  query Track($isrc: String, $id: ID, $source: Platform, $externalId: String, $url: String) {
    track(isrc: $isrc, id: $id, source: $source, externalId: $externalId, url: $url) { id title }
  }
`;

describe('reverse lookup by platform id', () => {
  it.each([
    ['SPOTIFY', '5W3cjX2J3tjhG8zb6u0qHn', ONE_MORE_TIME],
    ['SPOTIFY', 'spotify:track:5W3cjX2J3tjhG8zb6u0qHn', ONE_MORE_TIME],
    ['APPLE_MUSIC', '1440650', ONE_MORE_TIME],
    ['DEEZER', '3278625201', EVIL_JORDAN],
    ['TIDAL', '3789025', ONE_MORE_TIME],
    ['BEATPORT', '1234567', ONE_MORE_TIME],
    ['DISCOGS', '487193-2', ONE_MORE_TIME],
    ['DISCOGS', '487193', ONE_MORE_TIME],
    ['MUSICBRAINZ', '8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41', ONE_MORE_TIME],
    ['MUSICBRAINZ', '8E030F4C-7BCA-4C54-9F5B-A3DB7E2C9C41', ONE_MORE_TIME],
    ['YOUTUBE', YOUTUBE_ID, PARANOID_ANDROID],
    ['SHAZAM', '1802175276', EVIL_JORDAN],
  ])('%s %s', async (source, externalId, id) => {
    const { data, errors } = await execute(links, TRACK, { source, externalId });
    expect(errors).toBeUndefined();
    expect(data?.track?.id).toBe(id);
  });

  it('answers null for a well-formed id nobody has linked', async () => {
    const { data, errors } = await execute(links, TRACK, { source: 'DEEZER', externalId: '1' });
    expect(errors).toBeUndefined();
    expect(data?.track).toBeNull();
  });

  it('takes a Discogs id as exact: 487193-2 is not 487193-3', async () => {
    const { data } = await execute(links, TRACK, { source: 'DISCOGS', externalId: '487193-3' });
    expect(data?.track).toBeNull();
  });

  it('rejects a bare Discogs release id holding several catalog recordings, naming the choices', async () => {
    const { data, errors } = await execute(links, TRACK, { source: 'DISCOGS', externalId: '555555' });
    expect(data?.track).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'externalId', value: '555555' });
    expect(errors?.[0]?.message).toContain('Discogs release 555555 in `externalId` holds 2 catalog recordings');
  });

  it('rejects a malformed id, naming `externalId` and the expected format', async () => {
    const { data, errors } = await execute(links, TRACK, { source: 'SPOTIFY', externalId: 'https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn' });
    expect(data?.track).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'externalId' });
    expect(errors?.[0]?.message).toContain('a base-62 track id of 22 letters and digits');
  });

  it('looks up many ids of one request in one batch', async () => {
    const query = /* GraphQL */ `{
      a: track(source: SPOTIFY, externalId: "5W3cjX2J3tjhG8zb6u0qHn") { id }
      b: track(source: DEEZER, externalId: "3278625201") { id }
      c: track(source: SHAZAM, externalId: "1802175276") { id }
      d: track(url: "https://youtu.be/${YOUTUBE_ID}") { id }
      e: track(source: TIDAL, externalId: "999") { id }
    }`;
    const { data, errors, sql } = await execute(links, query);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ a: { id: ONE_MORE_TIME }, b: { id: EVIL_JORDAN }, c: { id: EVIL_JORDAN }, d: { id: PARANOID_ANDROID }, e: null });
    // The links with their tracks: Prisma sends the include as a second statement.
    expect(sql).toHaveLength(2);
  });
});

describe('reverse lookup by pasted link', () => {
  it.each([
    ['https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn', ONE_MORE_TIME],
    ['https://open.spotify.com/intl-de/track/5W3cjX2J3tjhG8zb6u0qHn?si=4b1c2d3e', ONE_MORE_TIME],
    ['http://www.open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn/', ONE_MORE_TIME],
    ['spotify:track:5W3cjX2J3tjhG8zb6u0qHn', ONE_MORE_TIME],
    ['https://music.apple.com/us/album/one-more-time/697194953?i=1440650', ONE_MORE_TIME],
    ['https://music.apple.com/fr/song/one-more-time/1440650', ONE_MORE_TIME],
    ['https://music.apple.com/song/1440650', ONE_MORE_TIME],
    ['https://www.deezer.com/en/track/3278625201', EVIL_JORDAN],
    ['https://www.deezer.com/track/3278625201', EVIL_JORDAN],
    ['https://deezer.com/fr/track/3278625201/', EVIL_JORDAN],
    ['https://tidal.com/browse/track/3789025', ONE_MORE_TIME],
    ['https://tidal.com/track/3789025', ONE_MORE_TIME],
    ['https://listen.tidal.com/track/3789025', ONE_MORE_TIME],
    ['https://www.beatport.com/track/one-more-time/1234567', ONE_MORE_TIME],
    ['https://musicbrainz.org/recording/8e030f4c-7bca-4c54-9f5b-a3db7e2c9c41', ONE_MORE_TIME],
    ['https://www.discogs.com/release/487193-Daft-Punk-Discovery', ONE_MORE_TIME],
    ['https://www.discogs.com/release/487193', ONE_MORE_TIME],
    ['https://www.discogs.com/Daft-Punk-Discovery/release/487193', ONE_MORE_TIME],
    [`https://www.youtube.com/watch?v=${YOUTUBE_ID}&list=RD${YOUTUBE_ID}`, PARANOID_ANDROID],
    [`https://music.youtube.com/watch?v=${YOUTUBE_ID}`, PARANOID_ANDROID],
    [`https://youtu.be/${YOUTUBE_ID}`, PARANOID_ANDROID],
    ['https://www.shazam.com/song/1802175276/evil-j0rdan', EVIL_JORDAN],
    ['https://www.shazam.com/song/1802175276', EVIL_JORDAN],
    ['https://www.shazam.com/track/1802175276', EVIL_JORDAN],
  ])('%s', async (url, id) => {
    const { data, errors } = await execute(links, TRACK, { url });
    expect(errors).toBeUndefined();
    expect(data?.track?.id).toBe(id);
  });

  it('finds the track again from every deep link it returns', async () => {
    for (const trackId of [ONE_MORE_TIME, EVIL_JORDAN]) {
      const { data } = await execute(links, `query($id: ID) { track(id: $id) { links { url } } }`, { id: trackId });
      const urls = data?.track.links.map((link: { url: string }) => link.url) as string[];
      expect(urls.length).toBeGreaterThan(3);
      for (const url of urls) {
        const found = await execute(links, TRACK, { url });
        expect({ url, errors: found.errors, id: found.data?.track?.id }).toEqual({ url, errors: undefined, id: trackId });
      }
    }
  });

  it('answers null for a well-formed link to an unknown track', async () => {
    const { data, errors } = await execute(links, TRACK, { url: 'https://open.spotify.com/track/0000000000000000000000' });
    expect(errors).toBeUndefined();
    expect(data?.track).toBeNull();
  });

  it.each([
    ['not a link', 'not an http(s) link'],
    ['https://soundcloud.com/daftpunk/one-more-time', 'soundcloud.com is not a supported platform'],
    ['https://open.spotify.com/album/2noRn2Aes5aoNVsU6iWThc', 'open.spotify.com/album/2noRn2Aes5aoNVsU6iWThc does not name a track'],
    ['https://music.apple.com/us/album/discovery/697194953', 'an album link without `?i=<trackId>` names an album, not a track'],
    ['https://www.deezer.com/track/abc', 'the DEEZER track id "abc" is malformed (expected digits only'],
  ])('rejects %s, saying why and naming `url`', async (url, problem) => {
    const { data, errors } = await execute(links, TRACK, { url });
    expect(data?.track).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url', value: url });
    expect(errors?.[0]?.message).toContain(problem);
    expect(errors?.[0]?.message).toContain('Accepted: ');
  });

  it('rejects an ambiguous Discogs release link, naming `url`', async () => {
    const url = 'https://www.discogs.com/release/555555';
    const { errors } = await execute(links, TRACK, { url });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url', value: url });
    expect(errors?.[0]?.message).toContain('externalId: "555555-<position>"');
  });
});

describe('takes exactly one selector', () => {
  it.each([
    [{}, 'got none', 'isrc'],
    [{ isrc: 'GBDUW0000053', url: 'https://music.apple.com/song/1440650' }, 'got isrc and url', 'isrc,url'],
    [{ id: ONE_MORE_TIME, source: 'TIDAL', externalId: '3789025' }, 'got id and source', 'id,source'],
    [{ source: 'TIDAL', externalId: '3789025', url: 'https://tidal.com/track/3789025' }, 'got source and url', 'source,url'],
  ])('%j', async (variables, got, argument) => {
    const { data, errors } = await execute(links, TRACK, variables);
    expect(data?.track).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(errors?.[0]?.message).toContain('Pass exactly one of `isrc` or `id` or `url`, or `source` with `externalId`');
    expect(errors?.[0]?.message).toContain(got);
  });

  it('`source` without `externalId` names the missing `externalId`', async () => {
    const { errors } = await execute(links, TRACK, { source: 'SPOTIFY' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'externalId' });
    expect(errors?.[0]?.message).toBe("`source: SPOTIFY` needs `externalId`, the track's id on that platform.");
  });

  it('`externalId` without `source` names the missing `source`', async () => {
    const { errors } = await execute(links, TRACK, { externalId: '1440650' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'source', value: '1440650' });
    expect(errors?.[0]?.message).toBe('`externalId` needs `source`, the platform the id "1440650" belongs to.');
  });

  it('keeps the ISRC and id selectors', async () => {
    const byIsrc = await execute(links, TRACK, { isrc: 'gb-duw-00-00053' });
    const byId = await execute(links, TRACK, { id: ONE_MORE_TIME });
    expect(byIsrc.data?.track?.id).toBe(ONE_MORE_TIME);
    expect(byId.data?.track?.title).toBe('One More Time');
  });
});
