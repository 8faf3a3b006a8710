import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createAudioMatchesSubgraph, insertMatches } from './matchFixtures.ts';
import { entitiesQuery, execute } from '../../helpers/subgraph.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
beforeAll(async () => {
  audioMatches = await createAudioMatchesSubgraph();
});
afterAll(() => audioMatches?.close());

const demo = testCaller('demo');

describe('_entities of TrackMatch', () => {
  const query = entitiesQuery('TrackMatch', 'id title isCover isrc releaseDate confidenceScore');

  it('resolves the caller\'s matches by id, in order, null for unknown or impossible ids, in one statement', async () => {
    const { data, errors, sql } = await execute(audioMatches, query, {
      representations: ['2', '999999', '1', 'abc', '-1', '99999999999', '1.5'].map((id) => ({ __typename: 'TrackMatch', id })),
    }, demo);
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { id: '2', title: 'Elyot', isCover: true, isrc: 'QM8XZ2204352', releaseDate: '2023-04-07', confidenceScore: null },
      null,
      { id: '1', title: 'Julian Guy Gays', isCover: false, isrc: 'QMQGC2201053', releaseDate: '2022-07-06', confidenceScore: 90 },
      null,
      null,
      null,
      null,
    ]);
    expect(sql).toHaveLength(1);
  });

  it('is null for another account\'s match', async () => {
    const { data, errors } = await execute(audioMatches, query, { representations: [{ __typename: 'TrackMatch', id: '1' }] }, testCaller('someone-else'));
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([null]);
  });

  it('refuses anonymous callers', async () => {
    const { errors } = await execute(audioMatches, query, { representations: [{ __typename: 'TrackMatch', id: '1' }] }, null);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('costs as many statements for 100 known matches with their artists and analyses as for 1', async () => {
    const ids = await insertMatches(audioMatches.prisma, 'hundred-matches', Array.from({ length: 100 }, (_, i) => ({ trackId: `trk_match_${i}`, fields: { artists: [`Artist ${i}`] } })));
    const matchIds = [...ids.values()].flat();
    const caller = testCaller('hundred-matches');
    const withChildren = entitiesQuery('TrackMatch', 'id title artists { name } analysis { status }');
    const run = (n: number) => execute(audioMatches, withChildren, { representations: matchIds.slice(0, n).map((id) => ({ __typename: 'TrackMatch', id: String(id) })) }, caller);
    const one = await run(1);
    const hundred = await run(100);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities.map((match: { artists: { name: string }[]; analysis: { status: string } }) => [match.artists, match.analysis.status])).toEqual(
      matchIds.map((_, i) => [[{ name: `Artist ${i}` }], 'DONE']),
    );
    // The matches, their artists, their analyses.
    expect(hundred.sql).toHaveLength(one.sql.length);
    expect(hundred.sql).toHaveLength(3);
  });
});

describe('Query.trackMatch', () => {
  const query = 'query ($id: ID!) { trackMatch(id: $id) { id title analysis { source } } }';

  it('answers the caller\'s match', async () => {
    const { data, errors } = await execute(audioMatches, query, { id: '2' }, demo);
    expect(errors).toBeUndefined();
    expect(data?.trackMatch).toEqual({ id: '2', title: 'Elyot', analysis: { source: 'DEMO' } });
  });

  it('is NOT_FOUND for another account\'s match, as for one that does not exist', async () => {
    for (const [id, caller] of [['2', testCaller('someone-else')], ['999999', demo]] as const) {
      const { data, errors } = await execute(audioMatches, query, { id }, caller);
      expect(data?.trackMatch).toBeNull();
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect(errors?.[0]?.message).toBe(`No track match with id "${id}".`);
    }
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999'])('a malformed id %s is BAD_USER_INPUT', async (id) => {
    const { errors } = await execute(audioMatches, query, { id }, demo);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
  });
});
