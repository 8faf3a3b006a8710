import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/links/src/context.ts';
import type { LinksPrisma } from '../../../subgraphs/links/src/db.ts';
import { linksSubgraph } from '../../../subgraphs/links/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { buildSyntheticCatalog } from '../../../scripts/syntheticCatalog.ts';
import { writeSyntheticLinks } from '../../../scripts/writeSyntheticCatalog.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

let links: Subgraph<LinksPrisma, Context>;
// 100 known recordings, each with an artist, a release and three links, for the statement counts.
const HUNDRED = buildSyntheticCatalog(100);
beforeAll(async () => {
  links = await createTestSubgraph(linksSubgraph);
  await writeSyntheticLinks(HUNDRED, links.prisma);
});
afterAll(() => links?.close());

const TRACK = /* GraphQL */ `
  query Track($isrc: String, $id: ID) {
    track(isrc: $isrc, id: $id) { id isrc title releaseTitle durationSeconds artists { name isPrimary isRemixer } links { source externalId url } }
  }
`;

describe('Query.track', () => {
  it('finds a track by ISRC, with its six links and deterministic URLs', async () => {
    const { data, errors } = await execute(links, TRACK, { isrc: 'GBDUW0000053' });
    expect(errors).toBeUndefined();
    expect(data?.track).toMatchObject({ id: trackIdForIsrc('GBDUW0000053'), title: 'One More Time', releaseTitle: 'Discovery', durationSeconds: 320 });
    expect(data?.track.artists).toEqual([{ name: 'Daft Punk', isPrimary: true, isRemixer: false }]);
    expect(data?.track.links).toHaveLength(6);
    expect(data?.track.links).toContainEqual({ source: 'DISCOGS', externalId: '487193-2', url: 'https://www.discogs.com/release/487193' });
    expect(data?.track.links).toContainEqual({ source: 'BEATPORT', externalId: '1234567', url: 'https://www.beatport.com/track/-/1234567' });
  });

  it.each(['gbduw0000053', 'GB-DUW-00-00053', ' GB DUW 00 00053 ', 'ISRC GBDUW0000053', 'isrc:GB-DUW-00-00053'])('normalizes %j', async (isrc) => {
    const { data, errors } = await execute(links, TRACK, { isrc });
    expect(errors).toBeUndefined();
    expect(data?.track.isrc).toBe('GBDUW0000053');
  });

  it('finds the same track by id', async () => {
    const { data } = await execute(links, TRACK, { id: trackIdForIsrc('GBDUW0000053') });
    expect(data?.track.isrc).toBe('GBDUW0000053');
  });

  it('answers null for an unknown but valid ISRC', async () => {
    const { data, errors } = await execute(links, TRACK, { isrc: 'USQX91300108' });
    expect(errors).toBeUndefined();
    expect(data?.track).toBeNull();
  });

  it('accepts a well-formed ISRC whose agency prefix is newer than the bundled list (imports store such recordings)', async () => {
    const { data, errors } = await execute(links, TRACK, { isrc: 'RDABC2400001' });
    expect(errors).toBeUndefined();
    expect(data?.track).toBeNull();
  });
});

describe('rejects bad input', () => {
  it.each([
    ['GBDUW000005', 'must have 12 characters'],
    ['GBDUW00000AB', 'must be 2 letters'],
    ['1XDUW0000053', 'must be 2 letters'],
  ])('ISRC %j', async (isrc, reason) => {
    const { data, errors } = await execute(links, TRACK, { isrc });
    expect(data?.track).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'isrc', value: isrc });
    expect(errors?.[0]?.message).toContain(isrc);
    expect(errors?.[0]?.message).toContain(reason);
  });

  it('both or neither selector', async () => {
    for (const variables of [{}, { isrc: 'GBDUW0000053', id: trackIdForIsrc('GBDUW0000053') }]) {
      const { errors } = await execute(links, TRACK, variables);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(/exactly one of `isrc` or `id`/);
    }
  });

  it('a malformed track id', async () => {
    const { errors } = await execute(links, TRACK, { id: '123' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
  });
});

describe('_entities', () => {
  const query = entitiesQuery('Track', 'id isrc title links { source } artists { name }');

  it('resolves references by isrc and by id, in order, null for unknown', async () => {
    const { data, errors } = await execute(links, query, {
      representations: [
        { __typename: 'Track', isrc: 'USUM72414866' },
        { __typename: 'Track', id: trackIdForIsrc('GBDUW0000053') },
        { __typename: 'Track', isrc: 'USQX91300108' },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data?._entities.map((t: { title: string } | null) => t?.title ?? null)).toEqual(['EVIL J0RDAN', 'One More Time', null]);
  });

  it('costs the same number of SQL statements for 100 known representations, with their children, as for 1', async () => {
    const isrcs = (n: number) => HUNDRED.slice(0, n).map(({ isrc }) => ({ __typename: 'Track', isrc }));
    const query = entitiesQuery('Track', 'id isrc title links { source } artists { name } releases { title artist { name } }');
    const one = await execute(links, query, { representations: isrcs(1) });
    const hundred = await execute(links, query, { representations: isrcs(100) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities).toHaveLength(100);
    for (const [i, track] of hundred.data!._entities.entries()) {
      expect(track).toMatchObject({ isrc: HUNDRED[i]!.isrc, artists: [{ name: HUNDRED[i]!.artist }], releases: [{ title: HUNDRED[i]!.album, artist: { name: HUNDRED[i]!.artist } }] });
      expect(track.links).toHaveLength(3);
    }
    expect(hundred.sql.length).toBe(one.sql.length);
    // The tracks, their links, their credits joined with the artists, their releases joined with theirs.
    expect(hundred.sql).toHaveLength(4);
  });
});
