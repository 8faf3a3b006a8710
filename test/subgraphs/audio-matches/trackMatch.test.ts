import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEMO_TRACK_ID, seedDemo } from '../../../prisma/audio-matches/seed.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../../subgraphs/audio-matches/src/module.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
beforeAll(async () => {
  audioMatches = await createTestSubgraph(audioMatchesSubgraph);
});
afterAll(() => audioMatches?.close());

const newMatch = () => audioMatches.prisma.trackMatch.create({ data: { trackId: 'trk_seedtest', ownerId: 'test', isCover: false, title: 'New' } });

describe('_entities of TrackMatch', () => {
  const query = entitiesQuery('TrackMatch', 'id title isCover isrc releaseDate confidenceScore');

  it('resolves matches by id, in order, null for unknown or impossible ids, in one statement', async () => {
    const { data, errors, sql } = await execute(audioMatches, query, {
      representations: ['2', '999999', '1', 'abc', '-1', '99999999999', '1.5'].map((id) => ({ __typename: 'TrackMatch', id })),
    });
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

  it('costs one statement for 100 representations', async () => {
    const { data, sql } = await execute(audioMatches, query, {
      representations: Array.from({ length: 100 }, (_, i) => ({ __typename: 'TrackMatch', id: String(i + 1) })),
    });
    expect(data?._entities[0]?.title).toBe('Julian Guy Gays');
    expect(sql).toHaveLength(1);
  });
});

describe('seeding', () => {
  const snapshot = () => audioMatches.prisma.trackMatch.findMany({ orderBy: { id: 'asc' } });

  it('moves the id sequence past the demo ids on a new database', async () => {
    expect((await newMatch()).id).toBe(3);
  });

  it('twice changes nothing', async () => {
    const before = await snapshot();
    await seedDemo(audioMatches.prisma);
    await seedDemo(audioMatches.prisma);
    expect(await snapshot()).toEqual(before);
    expect(before.filter((row) => row.trackId === DEMO_TRACK_ID).map((row) => row.id)).toEqual([1, 2]);
  });

  it('restores a deleted demo match without moving the id sequence backwards', async () => {
    // The newest row is deleted too, so the sequence is ahead of MAX(id).
    const last = await newMatch();
    await audioMatches.prisma.trackMatch.deleteMany({ where: { id: { in: [2, last.id] } } });
    await seedDemo(audioMatches.prisma);
    expect((await audioMatches.prisma.trackMatch.findUnique({ where: { id: 2 } }))?.title).toBe('Elyot');
    expect((await newMatch()).id).toBe(last.id + 1);
  });
});
