import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
const ONE_MORE_TIME = trackIdForIsrc('GBDUW0000053');
const PARANOID_ANDROID = trackIdForIsrc('GBAYE9700074');

beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  const daftPunk = await links.prisma.artist.findUniqueOrThrow({ where: { name: 'Daft Punk' } });
  // Inserted newest first, so the order asserted below comes from releaseDate, not insertion.
  for (const release of [
    { title: 'Musique Vol. 1', releaseDate: null, artistId: null, upc: null },
    { title: 'Discovery', releaseDate: new Date('2001-03-12T00:00:00Z'), artistId: daftPunk.id, upc: '724384960650' },
    { title: 'One More Time', releaseDate: new Date('2000-11-13T00:00:00Z'), artistId: daftPunk.id, upc: null },
  ]) {
    await links.prisma.release.create({ data: { ...release, tracks: { create: { trackId: ONE_MORE_TIME } } } });
  }
  // A second, later Spotify id: `link(source:)` must still answer the first-known one.
  await links.prisma.platformLink.create({ data: { trackId: PARANOID_ANDROID, platform: 'SPOTIFY', externalId: '0000000000000000000001' } });
});
afterAll(() => links?.close());

const TRACKS = /* GraphQL */ `
  query Tracks($isrcs: [String!], $ids: [ID!]) { tracks(isrcs: $isrcs, ids: $ids) { id title } }
`;

describe('Query.tracks', () => {
  it('answers in input order, null for unknown, each duplicate at its own position', async () => {
    const isrcs = ['USUM72414866', 'USQX91300108', 'gb-duw-00-00053', 'GBDUW0000053', 'GBAYE9700074', 'USUM72414866'];
    const { data, errors } = await execute(links, TRACKS, { isrcs });
    expect(errors).toBeUndefined();
    expect(data?.tracks.map((t: { title: string } | null) => t?.title ?? null)).toEqual([
      'EVIL J0RDAN',
      null,
      'One More Time',
      'One More Time',
      'Paranoid Android',
      'EVIL J0RDAN',
    ]);
  });

  it('takes ids instead of ISRCs', async () => {
    const { data, errors } = await execute(links, TRACKS, { ids: [PARANOID_ANDROID, trackIdForIsrc('USQX91300108'), ONE_MORE_TIME] });
    expect(errors).toBeUndefined();
    expect(data?.tracks.map((t: { id: string } | null) => t?.id ?? null)).toEqual([PARANOID_ANDROID, null, ONE_MORE_TIME]);
  });

  it('takes 100 entries', async () => {
    const { data, errors } = await execute(links, TRACKS, { isrcs: Array.from({ length: 100 }, () => 'GBDUW0000053') });
    expect(errors).toBeUndefined();
    expect(data?.tracks).toHaveLength(100);
  });
});

describe('Query.tracks rejects bad input', () => {
  it.each([
    [{ isrcs: [] }, 'isrcs', '`isrcs` must hold 1 to 100 entries, got 0.'],
    [{ isrcs: Array.from({ length: 101 }, () => 'GBDUW0000053') }, 'isrcs', '`isrcs` must hold 1 to 100 entries, got 101.'],
    [{ ids: [] }, 'ids', '`ids` must hold 1 to 100 entries, got 0.'],
    [{}, 'isrcs', 'Pass exactly one of `isrcs` or `ids`, or `source` with `externalIds`, to `tracks` (got none).'],
    [{ isrcs: ['GBDUW0000053'], ids: [ONE_MORE_TIME] }, 'isrcs,ids', 'Pass exactly one of `isrcs` or `ids`, or `source` with `externalIds`, to `tracks` (got isrcs and ids).'],
  ])('%#: %s', async (variables, argument, message) => {
    const { data, errors, sql } = await execute(links, TRACKS, variables);
    expect(data).toEqual({ tracks: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(errors?.[0]?.message).toBe(message);
    expect(sql).toEqual([]);
  });

  it('fails the whole query on one invalid entry, naming its position, before any SQL', async () => {
    const { data, errors, sql } = await execute(links, TRACKS, { isrcs: ['GBDUW0000053', 'USUM72414866', 'XXDUW00000AB'] });
    expect(data).toEqual({ tracks: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'isrcs[2]', value: 'XXDUW00000AB' });
    expect(errors?.[0]?.message).toContain('must be 2 letters');
    expect(sql).toEqual([]);
  });

  it('names the position of a malformed id', async () => {
    const { errors } = await execute(links, TRACKS, { ids: [ONE_MORE_TIME, 'trk_nope'] });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids[1]', value: 'trk_nope' });
  });
});

describe('Track.link', () => {
  const LINK = `query($id: ID) { track(id: $id) { spotify: link(source: SPOTIFY) { source externalId url } deezer: link(source: DEEZER) { externalId } } }`;

  it('answers the platform link when the track has one, null when not', async () => {
    const { data, errors } = await execute(links, LINK, { id: ONE_MORE_TIME });
    expect(errors).toBeUndefined();
    expect(data?.track.spotify).toEqual({ source: 'SPOTIFY', externalId: '5W3cjX2J3tjhG8zb6u0qHn', url: 'https://open.spotify.com/track/5W3cjX2J3tjhG8zb6u0qHn' });
    expect(data?.track.deezer).toBeNull();
  });

  it('answers the first-known id when the platform has several', async () => {
    const { data } = await execute(links, LINK, { id: PARANOID_ANDROID });
    expect(data?.track.spotify.externalId).toBe('6LgJvl0Xdtc73RJ1mN1a7Z');
    expect(data?.track.deezer).toEqual({ externalId: '119606528' });
  });
});

describe('Track.releases', () => {
  const RELEASES = `query($id: ID) { track(id: $id) { releases { id title upc releaseDate artist { id name } } } }`;

  it('lists releases oldest first, undated last, with their artists', async () => {
    const { data, errors } = await execute(links, RELEASES, { id: ONE_MORE_TIME });
    expect(errors).toBeUndefined();
    expect(data?.track.releases).toMatchObject([
      { title: 'One More Time', upc: null, releaseDate: '2000-11-13', artist: { name: 'Daft Punk' } },
      { title: 'Discovery', upc: '724384960650', releaseDate: '2001-03-12', artist: { name: 'Daft Punk' } },
      { title: 'Musique Vol. 1', upc: null, releaseDate: null, artist: null },
    ]);
    expect(data?.track.releases[0].id).toMatch(/^\d+$/);
  });

  it('is empty for a track on no known release', async () => {
    const { data } = await execute(links, RELEASES, { id: PARANOID_ANDROID });
    expect(data?.track.releases).toEqual([]);
  });
});

describe('SQL statements', () => {
  const query = `query($isrcs: [String!]) { tracks(isrcs: $isrcs) { id link(source: SPOTIFY) { externalId } links { source } releases { title artist { name } } } }`;
  const isrcs = (n: number) =>
    ['GBDUW0000053', 'GBAYE9700074', 'USUM72414866', ...Array.from({ length: 97 }, (_, i) => `USAAA25${String(i).padStart(5, '0')}`)].slice(0, n);

  it('are the same few for 100 ISRCs with links and releases as for 1', async () => {
    const one = await execute(links, query, { isrcs: isrcs(1) });
    const hundred = await execute(links, query, { isrcs: isrcs(100) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?.tracks).toHaveLength(100);
    expect(hundred.data?.tracks[0].releases).toHaveLength(3);
    expect(hundred.sql.length).toBe(one.sql.length);
    // Tracks, links, and releases joined with their artists: three statements.
    expect(hundred.sql).toHaveLength(3);
  });
});
