import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../../lib/auth/Caller.ts';
import { encodeCursor } from '../../../lib/pagination.ts';
import type { Subgraph } from '../../../lib/subgraph/createSubgraph.ts';
import { DEMO_TRACK_ID } from '../../../prisma/audio-matches/seed.ts';
import type { Context } from '../../../subgraphs/audio-matches/src/context.ts';
import type { AudioMatchesPrisma } from '../../../subgraphs/audio-matches/src/db.ts';
import { entitiesQuery, execute } from '../../helpers/subgraph.ts';
import { testCaller } from '../../helpers/callers.ts';
import { createAudioMatchesSubgraph, insertMatches as insert } from './matchFixtures.ts';

let audioMatches: Subgraph<AudioMatchesPrisma, Context>;
beforeAll(async () => {
  audioMatches = await createAudioMatchesSubgraph();
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
const insertMatches = (trackIds: string[], accountId = 'test-account') => insert(audioMatches.prisma, accountId, trackIds.map((trackId) => ({ trackId })));

/** The `matches` page of each representation, with the given field arguments. */
async function pages(representations: object[], args: string, selection = PAGE, caller: Caller | null = testCaller()) {
  const result = await execute(audioMatches, entitiesQuery('Track', `id matches${args} { ${selection} }`), { representations }, caller);
  const entities = (result.data?._entities ?? []) as ({ matches: Page } | null)[];
  return { ...result, pages: entities.map((track) => track?.matches) };
}

describe('demo data', () => {
  const demo = testCaller('demo');

  it('gives the demo account "One More Time"\'s two matches of the document, every attribute', async () => {
    const selection = `totalCount nodes { id isCover title albumTitle isrc albumUpc iswc label releaseDate youtubeId spotifyId spotifyTitle spotifyAlbumId spotifyAlbumName
      appleId deezerId deezerTitle deezerAlbumId deezerAlbumName confidenceScore createdAt updatedAt links { source externalId url } }`;
    const { pages: [page], errors } = await pages(tracks(DEMO_TRACK_ID), '', selection, demo);
    expect(errors).toBeUndefined();
    expect(page?.totalCount).toBe(2);
    const time = '2023-04-19T03:13:13.000Z';
    expect(page?.nodes).toEqual([
      {
        id: '1', isCover: false, title: 'Julian Guy Gays', albumTitle: 'This And That', isrc: 'QMQGC2201053', albumUpc: '123456789012', iswc: null, label: 'My Label',
        releaseDate: '2022-07-06', youtubeId: 'Yt123456789', spotifyId: '1dNIEtp7AY3oDAKCGg2XkH', spotifyTitle: 'Julian Guy Gays', spotifyAlbumId: '3RQQmkQEvNCY4prGKE6oc5',
        spotifyAlbumName: 'This and That', appleId: null, deezerId: '987654321', deezerTitle: 'Julian Guy Gays', deezerAlbumId: '12345678', deezerAlbumName: 'This And That',
        confidenceScore: 90, createdAt: time, updatedAt: time,
        links: [
          { source: 'SPOTIFY', externalId: '1dNIEtp7AY3oDAKCGg2XkH', url: 'https://open.spotify.com/track/1dNIEtp7AY3oDAKCGg2XkH' },
          { source: 'DEEZER', externalId: '987654321', url: 'https://www.deezer.com/track/987654321' },
          { source: 'YOUTUBE', externalId: 'Yt123456789', url: 'https://www.youtube.com/watch?v=Yt123456789' },
        ],
      },
      {
        id: '2', isCover: true, title: 'Elyot', albumTitle: 'Awakes Unknown', isrc: 'QM8XZ2204352', albumUpc: '197368767154', iswc: null, label: 'EMS Records',
        releaseDate: '2023-04-07', youtubeId: 'aBcDeFg1234', spotifyId: '0sNOF9WDwhWunNAHPD3Baj', spotifyTitle: 'Elyot', spotifyAlbumId: '6akEvsycLGftJxYudPjmqK',
        spotifyAlbumName: 'Awakes Unknown', appleId: '1459876543', deezerId: '87654321', deezerTitle: 'Elyot', deezerAlbumId: '3135556', deezerAlbumName: 'Awakes Unknown',
        confidenceScore: null, createdAt: time, updatedAt: time,
        links: [
          { source: 'SPOTIFY', externalId: '0sNOF9WDwhWunNAHPD3Baj', url: 'https://open.spotify.com/track/0sNOF9WDwhWunNAHPD3Baj' },
          { source: 'APPLE_MUSIC', externalId: '1459876543', url: 'https://music.apple.com/song/1459876543' },
          { source: 'DEEZER', externalId: '87654321', url: 'https://www.deezer.com/track/87654321' },
          { source: 'YOUTUBE', externalId: 'aBcDeFg1234', url: 'https://www.youtube.com/watch?v=aBcDeFg1234' },
        ],
      },
    ]);
  });

  it('loads every relation with one statement each, whatever the number of matches', async () => {
    const selection = `nodes { id artists { name } distributors { name } timeOffsets { trackStartMs trackEndMs matchStartMs matchEndMs }
      spotifyArtists { id name url } deezerArtists { id name url } analysis { id trackId status source sourceFile analyzedAt createdAt error } track { id } recording { isrc } }`;
    const { pages: [page], errors, sql } = await pages(tracks(DEMO_TRACK_ID), '', selection, demo);
    expect(errors).toBeUndefined();
    const [first, second] = page?.nodes as any[];
    expect(first).toMatchObject({
      artists: [{ name: 'Julian Guy' }],
      timeOffsets: [{ trackStartMs: 12_000, trackEndMs: 21_480, matchStartMs: 64_240, matchEndMs: 73_720 }],
      spotifyArtists: [{ id: '2mVVjNmdjXZZDvhgQWiakk', name: 'Julian Guy', url: 'https://open.spotify.com/artist/2mVVjNmdjXZZDvhgQWiakk' }],
      deezerArtists: [{ id: '5120348', name: 'Julian Guy', url: 'https://www.deezer.com/artist/5120348' }],
      analysis: { trackId: DEMO_TRACK_ID, status: 'DONE', source: 'DEMO', sourceFile: null, analyzedAt: '2023-04-19T03:13:13.000Z', error: null },
      track: { id: DEMO_TRACK_ID },
      recording: { isrc: 'QMQGC2201053' },
    });
    expect(second.artists).toEqual([{ name: 'Elyot' }, { name: 'Awakes' }]);
    expect(second.distributors).toEqual([{ name: 'EMS Records' }, { name: 'DistroKid' }]);
    expect(second.timeOffsets).toHaveLength(2);
    expect(second.analysis.id).toBe(first.analysis.id);
    // The page (no count: totalCount is not selected), then five child tables and the analysis.
    expect(sql).toHaveLength(1 + 6);
  });

  it('counts none of the demo account\'s matches for another account', async () => {
    const { pages: [page], errors } = await pages(tracks(DEMO_TRACK_ID), '', 'totalCount nodes { id }');
    expect(errors).toBeUndefined();
    expect(page).toEqual({ totalCount: 0, nodes: [] });
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
    const { pages: [full] } = await pages(tracks(track), '(first: 5)');
    expect(full?.nodes).toHaveLength(5);
    expect(full?.pageInfo.hasNextPage).toBe(false);
    const { pages: [page] } = await pages(tracks(track), `(after: "${full?.pageInfo.endCursor}")`);
    expect(page).toMatchObject({ totalCount: 5, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
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
    // Someone else's matches on the same tracks are never counted nor listed.
    await insertMatches([a, b, d], 'someone-else');
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

  it('a cursor applies to every track of the batch in the sort order', async () => {
    const { pages: [firstOfA] } = await pages(tracks(a), '(first: 2)');
    const afterId = idsOf(a)[1]!;
    const { pages: got } = await pages(tracks(a, b, c, d), `(first: 2, after: "${firstOfA?.pageInfo.endCursor}")`);
    expect(got.map((page) => page?.nodes.map((n) => n.id))).toEqual(
      [a, b, c, d].map((track) => idsOf(track).filter((id) => id > afterId).slice(0, 2).map(String)),
    );
  });

  it('filters and sorts per track: covers by title, descending', async () => {
    const { pages: got, errors } = await pages(tracks(a, d), '(filter: { isCover: true }, sort: TITLE_DESC)', 'totalCount nodes { id title isCover }');
    expect(errors).toBeUndefined();
    for (const [i, track] of [a, d].entries()) {
      const nodes = (got[i] as unknown as { nodes: { title: string; isCover: boolean }[] }).nodes;
      expect(nodes.every((node) => node.isCover)).toBe(true);
      expect(nodes.map((node) => node.title)).toEqual([...nodes.map((node) => node.title)].sort().reverse());
      expect(got[i]?.totalCount).toBe(nodes.length);
      expect(nodes.length).toBeGreaterThan(0);
      expect(track).toBeTruthy();
    }
  });

  it('different arguments in one batch: one query per (filter, sort, first, after), one count per filter', async () => {
    const query = entitiesQuery('Track', `id one: matches(first: 1) { nodes { id } totalCount } two: matches(first: 3, sort: CREATED_AT_DESC) { nodes { id } pageInfo { hasNextPage } }`);
    const { data, errors, sql } = await execute(audioMatches, query, { representations: tracks(a, d) });
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { id: a, one: { nodes: [{ id: String(idsOf(a)[0]) }], totalCount: 5 }, two: { nodes: idsOf(a).slice(-3).reverse().map((id) => ({ id: String(id) })), pageInfo: { hasNextPage: true } } },
      { id: d, one: { nodes: [{ id: String(idsOf(d)[0]) }], totalCount: 3 }, two: { nodes: idsOf(d).slice().reverse().map((id) => ({ id: String(id) })), pageInfo: { hasNextPage: false } } },
    ]);
    expect(sql).toHaveLength(3);
  });

  it('costs the same number of SQL statements for 100 known tracks with matches as for 1, with filters and sort', async () => {
    const query = entitiesQuery('Track', 'id matches(first: 2, filter: { title: "match", isCover: false }, sort: RELEASE_DATE_DESC) { totalCount nodes { id artists { name } analysis { status } } }');
    // 100 tracks with one match each (an artist, an analysis), owned by an account of their own.
    const ids = Array.from({ length: 100 }, (_, i) => `trk_hundred_${i}`);
    await insert(audioMatches.prisma, 'hundred', ids.map((trackId, i) => ({ trackId, fields: { isCover: false, artists: [`Artist ${i}`] } })));
    const caller = testCaller('hundred');
    const one = await execute(audioMatches, query, { representations: tracks(...ids.slice(0, 1)) }, caller);
    const hundred = await execute(audioMatches, query, { representations: tracks(...ids) }, caller);
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data?._entities.map((track: { matches: { totalCount: number; nodes: { artists: { name: string }[]; analysis: { status: string } }[] } }) => [track.matches.totalCount, track.matches.nodes[0]?.artists, track.matches.nodes[0]?.analysis])).toEqual(
      ids.map((_, i) => [1, [{ name: `Artist ${i}` }], { status: 'DONE' }]),
    );
    // One ranked page query, one count, the artists and the analyses, whatever the number of tracks.
    expect(one.sql).toHaveLength(4);
    expect(hundred.sql).toHaveLength(4);
  });

  it('counts only when totalCount is selected', async () => {
    const query = entitiesQuery('Track', 'id matches(first: 2) { nodes { id } }');
    const { data, errors, sql } = await execute(audioMatches, query, { representations: tracks(a, d) });
    expect(errors).toBeUndefined();
    expect(data?._entities[0].matches.nodes).toHaveLength(2);
    expect(sql).toHaveLength(1);
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
    ['an id cursor of the old format', encodeCursor(1)],
    ['a cursor of another sort', encodeCursor('TITLE_ASC:["a",1]')],
    ['a forged value', encodeCursor('CREATED_AT_ASC:["yesterday",1]')],
    ['a forged id', encodeCursor('CREATED_AT_ASC:["2023-04-19T03:13:13.000Z",99999999999]')],
    ['an empty cursor', ''],
  ])('after: %s', async (_label, after) => {
    const { errors } = await pages(tracks(DEMO_TRACK_ID), `(after: ${JSON.stringify(after)})`);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after', value: after });
    expect(errors?.[0]?.message).toContain('not a cursor this API issued');
  });

  it('a bad code in the filter names it', async () => {
    const { errors } = await pages(tracks(DEMO_TRACK_ID), '(filter: { isrc: "XX-ABC-22-0105" })');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.isrc' });
  });

  it('anonymous callers get UNAUTHENTICATED', async () => {
    const { errors } = await pages(tracks(DEMO_TRACK_ID), '', 'totalCount', null);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
