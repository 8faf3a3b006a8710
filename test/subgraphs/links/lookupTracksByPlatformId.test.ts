import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeOperation } from '../../../gateway/src/protection/analyzeOperation.ts';
import { CostModel } from '../../../gateway/src/protection/CostModel.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticLinks } from '../../../scripts/writeSyntheticCatalog.ts';
import { createTestSubgraph, execute } from '../../helpers/subgraph.ts';

// Discovery is off here (TEST_ENV): these are answered from the catalog alone.
let links: Subgraph<LinksPrisma, Context>;
const ONE_MORE_TIME = trackIdForIsrc('GBDUW0000053');
const EVIL_JORDAN = trackIdForIsrc('USUM72414866');
const PARANOID_ANDROID = trackIdForIsrc('GBAYE9700074');

beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  // Two recordings on one Discogs release make a bare release id ambiguous.
  for (const [isrc, position] of [['USAAA2500001', 1], ['USAAA2500003', 3]] as const) {
    await links.prisma.track.create({ data: { id: trackIdForIsrc(isrc), isrc, title: `Side A ${position}`, links: { create: { platform: 'DISCOGS', externalId: `555555-${position}` } } } });
  }
});
afterAll(() => links?.close());

const TRACKS = /* GraphQL */ `
  query Tracks($isrcs: [String!], $ids: [ID!], $source: Platform, $externalIds: [String!]) {
    tracks(isrcs: $isrcs, ids: $ids, source: $source, externalIds: $externalIds) { id title }
  }
`;
const idsOf = (tracks: ({ id: string } | null)[]) => tracks.map((track) => track?.id ?? null);
/** `n` well-formed Spotify ids nobody has linked. */
const unknownSpotifyIds = (n: number) => Array.from({ length: n }, (_, i) => `Unknown${String(i).padStart(15, '0')}`);

describe('tracks(source:, externalIds:)', () => {
  it('answers in input order, null for unknown, each duplicate at its own position, a spotify:track: URI as its id', async () => {
    const externalIds = ['6LgJvl0Xdtc73RJ1mN1a7Z', '0000000000000000000000', 'spotify:track:5W3cjX2J3tjhG8zb6u0qHn', '6iycYUk3oB0NPMdaDUrN1w', '6LgJvl0Xdtc73RJ1mN1a7Z'];
    const { data, errors, sql } = await execute(links, TRACKS, { source: 'SPOTIFY', externalIds });
    expect(errors).toBeUndefined();
    expect(idsOf(data!.tracks)).toEqual([PARANOID_ANDROID, null, ONE_MORE_TIME, EVIL_JORDAN, PARANOID_ANDROID]);
    // The links with those ids, then their tracks: Prisma's include is a second statement.
    expect(sql).toHaveLength(2);
  });

  it.each([
    ['APPLE_MUSIC', ['1097863011', '1440650', '1'], [PARANOID_ANDROID, ONE_MORE_TIME, null]],
    ['DEEZER', ['3278625201', '119606528'], [EVIL_JORDAN, PARANOID_ANDROID]],
    ['MUSICBRAINZ', ['8E030F4C-7BCA-4C54-9F5B-A3DB7E2C9C41'], [ONE_MORE_TIME]],
    ['DISCOGS', ['487193', '487193-2', '487193-3'], [ONE_MORE_TIME, ONE_MORE_TIME, null]],
  ])('reads %s ids from the catalog', async (source, externalIds, expected) => {
    const { data, errors } = await execute(links, TRACKS, { source, externalIds });
    expect(errors).toBeUndefined();
    expect(idsOf(data!.tracks)).toEqual(expected);
  });

  it('takes 100 known ids in as many statements as 1', async () => {
    const known = buildSyntheticCatalog(100);
    await writeSyntheticLinks(known, links.prisma);
    const spotifyIds = known.map((track) => track.spotifyId);
    const one = await execute(links, TRACKS, { source: 'SPOTIFY', externalIds: spotifyIds.slice(0, 1) });
    const hundred = await execute(links, TRACKS, { source: 'SPOTIFY', externalIds: spotifyIds });
    expect(hundred.errors).toBeUndefined();
    expect(idsOf(hundred.data!.tracks)).toEqual(known.map((track) => trackIdForIsrc(track.isrc)));
    expect(hundred.sql).toHaveLength(2);
    expect(one.sql).toHaveLength(2);
    // A bare Discogs release id no link has exactly is looked up as `<release>-<position>` too (links, then tracks).
    const releases = Array.from({ length: 99 }, (_, i) => String(900_000 + i));
    const oneRelease = await execute(links, TRACKS, { source: 'DISCOGS', externalIds: ['487193'] });
    const hundredReleases = await execute(links, TRACKS, { source: 'DISCOGS', externalIds: ['487193', ...releases] });
    expect(hundredReleases.data!.tracks[0].id).toBe(ONE_MORE_TIME);
    expect(hundredReleases.sql).toHaveLength(4);
    expect(oneRelease.sql).toHaveLength(4);
  });
});

describe('tracks(source:, externalIds:) refuses bad input before any SQL', () => {
  it.each([
    ['source alone', { source: 'SPOTIFY' }, 'externalIds', "`source: SPOTIFY` needs `externalIds`, the tracks' ids on that platform."],
    ['externalIds alone', { externalIds: ['1440650'] }, 'source', '`externalIds` needs `source`, the platform the ids belong to.'],
    ['no id', { source: 'SPOTIFY', externalIds: [] }, 'externalIds', '`externalIds` must hold 1 to 100 entries, got 0.'],
    ['101 ids', { source: 'SPOTIFY', externalIds: unknownSpotifyIds(101) }, 'externalIds', '`externalIds` must hold 1 to 100 entries, got 101.'],
    ['isrcs too', { isrcs: ['GBDUW0000053'], source: 'SPOTIFY', externalIds: ['5W3cjX2J3tjhG8zb6u0qHn'] }, 'isrcs,source',
      'Pass exactly one of `isrcs` or `ids`, or `source` with `externalIds`, to `tracks` (got isrcs and source).'],
    ['ids too', { ids: [ONE_MORE_TIME], externalIds: ['5W3cjX2J3tjhG8zb6u0qHn'] }, 'ids,source',
      'Pass exactly one of `isrcs` or `ids`, or `source` with `externalIds`, to `tracks` (got ids and source).'],
  ])('%s', async (_name, variables, argument, message) => {
    const { data, errors, sql } = await execute(links, TRACKS, variables);
    expect(data).toEqual({ tracks: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(errors?.[0]?.message).toBe(message);
    expect(sql).toEqual([]);
  });

  it.each([
    ['SPOTIFY', ['5W3cjX2J3tjhG8zb6u0qHn', 'spotify:album:4m2880jivSbbyEGAKfITCa'], 1, 'a spotify:album: URI does not name a track'],
    ['SPOTIFY', ['5W3cjX2J3tjhG8zb6u0qHn', '6LgJvl0Xdtc73RJ1mN1a7Z', '5W3cjX2J3tjhG8zb6u0qH'], 2, '22 letters and digits'],
    ['APPLE_MUSIC', ['id1440650'], 0, 'digits only'],
  ])('answers a malformed %s id null with an error at its position; the others still answer', async (source, externalIds, index, problem) => {
    const { data, errors, sql } = await execute(links, TRACKS, { source, externalIds });
    expect(data?.tracks).toHaveLength(externalIds.length);
    expect(data?.tracks[index]).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.path).toEqual(['tracks', index]);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: `externalIds[${index}]`, value: externalIds[index] });
    expect(errors?.[0]?.message).toContain(`Invalid ${source} id "${externalIds[index]}" in \`externalIds[${index}]\``);
    expect(errors?.[0]?.message).toContain(problem);
    // Only the valid ids reach the catalog: the same statements as asking for them alone.
    const valid = externalIds.filter((_, i) => i !== index);
    expect(sql).toHaveLength(valid.length ? (await execute(links, TRACKS, { source, externalIds: valid })).sql.length : 0);
    if (source === 'SPOTIFY') expect(data?.tracks[0]).toMatchObject({ title: 'One More Time' });
  });

  it('answers an ambiguous Discogs release id null with an error at its position, the other release answered', async () => {
    const { data, errors } = await execute(links, TRACKS, { source: 'DISCOGS', externalIds: ['487193', '555555'] });
    expect(data?.tracks[0]).not.toBeNull();
    expect(data?.tracks[1]).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.path).toEqual(['tracks', 1]);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'externalIds[1]', value: '555555' });
    expect(errors?.[0]?.message).toContain('Discogs release 555555 in `externalIds[1]` holds 2 catalog recordings');
  });
});

describe('in the schema the gateway serves', () => {
  it('is in the public contract, as the rest of `tracks` is', () => {
    const publicApi = readFileSync(new URL('../../../schema/contracts/public.graphql', import.meta.url), 'utf8');
    expect(publicApi).toContain('tracks(isrcs: [String!], ids: [ID!], source: Platform, externalIds: [String!]): [Track]');
  });

  it('costs 2 per id, sized by `externalIds` like `isrcs`', () => {
    const model = new CostModel(readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    const cost = (query: string, variables = {}) => analyzeOperation(parse(query), model, { variables })!.cost;
    const hundred = unknownSpotifyIds(100);
    // tracks 2 + 100 ids × 2 + 100 Tracks × 1
    expect(cost('query($ids: [String!]) { tracks(source: SPOTIFY, externalIds: $ids) { title } }', { ids: hundred })).toBe(302);
    expect(cost(`{ tracks(source: SPOTIFY, externalIds: ${JSON.stringify(hundred.slice(0, 3))}) { title } }`)).toBe(11);
    expect(cost('query($ids: [String!]) { tracks(isrcs: $ids) { title } }', { ids: hundred })).toBe(302);
  });
});
