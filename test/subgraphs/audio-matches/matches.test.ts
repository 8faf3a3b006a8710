import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../lib/pagination.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEMO_TRACK_ID } from '../../../prisma/audio-matches/seed.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { audioMatchesSubgraph } from '../../../subgraphs/audio-matches/src/module.ts';
import { trackIdForIsrc } from '../../../subgraphs/links/src/trackId.ts';
import { createTestSubgraph, entitiesQuery, execute } from '../../helpers/subgraph.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
beforeAll(async () => {
  audioMatches = await createTestSubgraph(audioMatchesSubgraph);
});
afterAll(() => audioMatches?.close());

interface Page {
  totalCount: number;
  nodes: { id: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE = 'totalCount nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const tracks = (...ids: string[]) => ids.map((id) => ({ __typename: 'Track', id }));

/** Inserts matches for the tracks in the order given (so tracks' ids interleave); returns each track's new ids. */
async function insertMatches(trackIds: string[]): Promise<Map<string, number[]>> {
  const created = await audioMatches.prisma.trackMatch.createManyAndReturn({
    data: trackIds.map((trackId, i) => ({ trackId, ownerId: 'test', isCover: i % 2 === 0, title: `Match ${i} of ${trackId}` })),
  });
  const ids = new Map<string, number[]>();
  for (const { trackId, id } of created) ids.set(trackId, [...(ids.get(trackId) ?? []), id]);
  return ids;
}

/** The `matches` page of each representation, with the given field arguments. */
async function pages(representations: object[], args: string, selection = PAGE) {
  const result = await execute(audioMatches, entitiesQuery('Track', `id matches${args} { ${selection} }`), { representations });
  const entities = (result.data?._entities ?? []) as ({ matches: Page } | null)[];
  return { ...result, pages: entities.map((track) => track?.matches) };
}

describe('demo data', () => {
  it('gives "One More Time" the two matches of the document, oldest first', async () => {
    const selection = 'totalCount nodes { id isCover title albumTitle isrc albumUpc iswc label releaseDate confidenceScore }';
    const { pages: [page], errors } = await pages(tracks(trackIdForIsrc('GBDUW0000053')), '', selection);
    expect(errors).toBeUndefined();
    expect(page?.totalCount).toBe(2);
    expect(page?.nodes).toEqual([
      { id: '1', isCover: false, title: 'Julian Guy Gays', albumTitle: 'This And That', isrc: 'QMQGC2201053', albumUpc: '123456789012', iswc: 'T9998887775', label: 'My Label', releaseDate: '2022-07-06', confidenceScore: 90 },
      { id: '2', isCover: true, title: 'Elyot', albumTitle: 'Awakes Unknown', isrc: 'QM8XZ2204352', albumUpc: '197368767154', iswc: null, label: 'EMS Records', releaseDate: '2023-04-07', confidenceScore: null },
    ]);
  });

  it('stores the platform fields and timestamps of the document', async () => {
    const rows = await audioMatches.prisma.trackMatch.findMany({ where: { id: { in: [1, 2] } }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.trackId)).toEqual([DEMO_TRACK_ID, DEMO_TRACK_ID]);
    expect(rows[0]).toMatchObject({
      ownerId: 'demo', youtubeId: 'Yt123456789', spotifyId: '1dNIEtp7AY3oDAKCGg2XkH', spotifyTitle: 'Julian Guy Gays', spotifyAlbumId: '3RQQmkQEvNCY4prGKE6oc5',
      spotifyAlbumName: 'This and That', appleId: null, deezerId: '987654321', deezerTitle: 'Julian Guy Gays', deezerAlbumId: '12345678', deezerAlbumName: 'This And That',
    });
    expect(rows[1]).toMatchObject({
      ownerId: 'demo', youtubeId: 'aBcDeFg1234', spotifyId: '0sNOF9WDwhWunNAHPD3Baj', spotifyTitle: 'Elyot', spotifyAlbumId: '6akEvsycLGftJxYudPjmqK',
      spotifyAlbumName: 'Awakes Unknown', appleId: '1459876543', deezerId: '87654321', deezerTitle: 'Elyot', deezerAlbumId: '3135556', deezerAlbumName: 'Awakes Unknown',
    });
    for (const row of rows) {
      expect(row.createdAt.toISOString()).toBe('2023-04-19T03:13:13.000Z');
      expect(row.updatedAt.toISOString()).toBe('2023-04-19T03:13:13.000Z');
    }
  });
});

describe('paginates matches', () => {
  const track = 'trk_pagination000000001';
  let ids: number[];
  beforeAll(async () => {
    ids = (await insertMatches([track, 'trk_other', track, track, 'trk_other', track, track])).get(track) ?? [];
  });

  it('walks the pages with cursors, oldest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    const hasNext: boolean[] = [];
    for (let guard = 0; guard < 5; guard++) {
      const { pages: [page], errors } = await pages(tracks(track), `(first: 2${after ? `, after: "${after}"` : ''})`);
      expect(errors).toBeUndefined();
      expect(page?.totalCount).toBe(5);
      expect(page?.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page?.edges.map((edge) => edge.node.id)).toEqual(page?.nodes.map((node) => node.id));
      expect(page?.pageInfo.startCursor).toBe(page?.edges[0]?.cursor);
      expect(page?.pageInfo.endCursor).toBe(page?.edges.at(-1)?.cursor);
      seen.push(...(page?.nodes.map((node) => node.id) ?? []));
      hasNext.push(page?.pageInfo.hasNextPage ?? false);
      after = page?.pageInfo.endCursor ?? null;
      if (!page?.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(ids.map(String));
    expect(hasNext).toEqual([true, true, false]);
  });

  it('gives an empty last page after the last cursor', async () => {
    const { pages: [page] } = await pages(tracks(track), `(after: "${encodeCursor(ids.at(-1)!)}")`);
    expect(page).toMatchObject({ totalCount: 5, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
  });

  it('has no next page when the page is exactly full', async () => {
    const { pages: [page] } = await pages(tracks(track), '(first: 5)');
    expect(page?.nodes).toHaveLength(5);
    expect(page?.pageInfo.hasNextPage).toBe(false);
  });

  it('returns 20 matches by default and accepts up to 100', async () => {
    const many = 'trk_manymatches00000001';
    const manyIds = (await insertMatches(Array.from({ length: 21 }, () => many))).get(many) ?? [];
    const { pages: [byDefault] } = await pages(tracks(many), '');
    expect(byDefault?.nodes.map((node) => node.id)).toEqual(manyIds.slice(0, 20).map(String));
    expect(byDefault?.pageInfo.hasNextPage).toBe(true);
    const { pages: [largest], errors } = await pages(tracks(many), '(first: 100)');
    expect(errors).toBeUndefined();
    expect(largest?.nodes).toHaveLength(21);
    expect(largest?.totalCount).toBe(21);
  });

  it('answers no matches for a track id nothing refers to', async () => {
    const { pages: [page], errors } = await pages(tracks('not-a-known-track'), '');
    expect(errors).toBeUndefined();
    expect(page).toMatchObject({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } });
  });
});

describe('pages each track on its own in one batch', () => {
  const [a, b, c, d] = ['trk_batch_a', 'trk_batch_b', 'trk_batch_c', 'trk_batch_d'];
  let ids: Map<string, number[]>;
  beforeAll(async () => {
    ids = await insertMatches([a, d, a, b, d, a, a, d, a]);
  });
  const idsOf = (track: string) => ids.get(track) ?? [];

  it('first pages: each track its own first rows, count and next page', async () => {
    const { pages: got, errors } = await pages(tracks(a, b, c, d), '(first: 2)');
    expect(errors).toBeUndefined();
    const expected = [a, b, c, d].map((track) => ({
      totalCount: idsOf(track).length,
      ids: idsOf(track).slice(0, 2).map(String),
      hasNextPage: idsOf(track).length > 2,
    }));
    expect(got.map((page) => ({ totalCount: page?.totalCount, ids: page?.nodes.map((n) => n.id), hasNextPage: page?.pageInfo.hasNextPage }))).toEqual(expected);
    expect(expected.map((page) => page.totalCount)).toEqual([5, 1, 0, 3]);
  });

  it('a cursor applies to every track of the batch by id', async () => {
    const afterId = idsOf(a)[1]!;
    const { pages: got } = await pages(tracks(a, b, c, d), `(first: 2, after: "${encodeCursor(afterId)}")`);
    expect(got.map((page) => page?.nodes.map((n) => n.id))).toEqual(
      [a, b, c, d].map((track) => idsOf(track).filter((id) => id > afterId).slice(0, 2).map(String)),
    );
  });

  it('different arguments in one batch: one query per (first, after), one count', async () => {
    const after = encodeCursor(idsOf(a)[0]!);
    const query = entitiesQuery('Track', `id one: matches(first: 1) { nodes { id } totalCount } later: matches(first: 3, after: "${after}") { nodes { id } pageInfo { hasNextPage } }`);
    const { data, errors, sql } = await execute(audioMatches, query, { representations: tracks(a, d) });
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { id: a, one: { nodes: [{ id: String(idsOf(a)[0]) }], totalCount: 5 }, later: { nodes: idsOf(a).slice(1, 4).map((id) => ({ id: String(id) })), pageInfo: { hasNextPage: true } } },
      { id: d, one: { nodes: [{ id: String(idsOf(d)[0]) }], totalCount: 3 }, later: { nodes: idsOf(d).filter((id) => id > idsOf(a)[0]!).map((id) => ({ id: String(id) })), pageInfo: { hasNextPage: false } } },
    ]);
    expect(sql).toHaveLength(3);
  });

  it('costs the same number of SQL statements for 100 representations as for 1', async () => {
    const query = entitiesQuery('Track', 'id matches(first: 2) { totalCount nodes { id } }');
    const known = [DEMO_TRACK_ID, a, b, c, d];
    const representations = (n: number) => tracks(...Array.from({ length: n }, (_, i) => known[i] ?? `trk_unknown_${i}`));
    const one = await execute(audioMatches, query, { representations: representations(1) });
    const hundred = await execute(audioMatches, query, { representations: representations(100) });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities).toHaveLength(100);
    expect(hundred.data?._entities[1].matches.totalCount).toBe(5);
    // One ranked page query and one count, whatever the number of tracks.
    expect(one.sql).toHaveLength(2);
    expect(hundred.sql).toHaveLength(2);
  });
});

describe('rejects bad arguments', () => {
  it.each([0, 101, -1])('first: %d', async (first) => {
    const { errors } = await pages(tracks(DEMO_TRACK_ID), `(first: ${first})`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', value: first });
    expect(errors?.[0]?.message).toContain('between 1 and 100');
  });

  it.each([
    ['not base64 of ours', 'nonsense'],
    ['a cursor of a non-integer key', encodeCursor('abc')],
    ['an empty cursor', ''],
  ])('after: %s', async (_label, after) => {
    const { errors } = await pages(tracks(DEMO_TRACK_ID), `(after: ${JSON.stringify(after)})`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after', value: after });
    expect(errors?.[0]?.message).toContain('not a cursor this API issued');
  });
});
